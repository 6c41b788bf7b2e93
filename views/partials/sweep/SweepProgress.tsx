// The sweep's progress on the crisis board: "41 / 60 channels checked", with the way to the rest.
import type { SweepProgress as Progress } from '../../../src/domain/crisis/sweep';
import { useLocale } from '../../i18n';

export function SweepProgress({ crisisId, progress }: { crisisId: number; progress: Progress }) {
  const { t } = useLocale();
  const left = progress.total - progress.checked;
  return (
    <p class="sweep-progress">
      <strong>{progress.total ? t('sweep.progress', progress) : t('sweep.progressNone')}</strong>
      {' · '}
      <a href={`/crises/${crisisId}/sweep`} class={left > 0 ? 'button primary' : 'button'}>
        {left > 0 ? `${t('sweep.remaining')} (${left})` : t('sweep.title')}
      </a>
    </p>
  );
}
