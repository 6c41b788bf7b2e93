// "Password changed on the platform": one button, for the owner (/mine) or Communicatie (access page).
import type { ToRotate } from '../../../src/domain/vault/rotation';
import { formatDateTime } from '../../../src/i18n/format';
import { Csrf } from '../../components/form';
import { useLocale } from '../../i18n';

export function RotateButton({
  action,
  version,
  csrfToken,
}: {
  action: string;
  version: number;
  csrfToken: string;
}) {
  const { t } = useLocale();
  return (
    <form method="post" action={action} class="actions">
      <Csrf token={csrfToken} />
      <input type="hidden" name="version" value={String(version)} />
      <button type="submit" class="primary">
        {t('rotation.confirm')}
      </button>
    </form>
  );
}

export function RotateList({ items, csrfToken }: { items: ToRotate[]; csrfToken: string }) {
  const { t, lang } = useLocale();
  if (!items.length) return null;
  return (
    <section id="rotate" class="card" aria-labelledby="rotate-h">
      <h2 id="rotate-h">{t('rotation.mineTitle')}</h2>
      <p>{t('rotation.ask')}</p>
      <ul class="plain">
        {items.map((r) => (
          <li id={`rotate-${r.channelId}`}>
            <strong>{r.name}</strong>{' '}
            <span class="muted">
              {r.handle} · {formatDateTime(r.lastRevealedAt, lang)}
            </span>
            <RotateButton
              action={`/mine/channels/${r.channelId}/rotated`}
              version={r.version}
              csrfToken={csrfToken}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
