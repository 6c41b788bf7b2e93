// The console's proposal for the next contact attempt on a case: whom, by which means, how long
// since the first attempt and when the next step is due (config.rules.escalationStepMinutes).
import type { Escalation } from '../../../src/domain/crisis/escalation';
import { label } from '../../../src/i18n';
import { formatTime } from '../../../src/i18n/format';
import { useLocale } from '../../i18n';

export function EscalationProposal({
  escalation: e,
  stepMinutes,
}: {
  escalation: Escalation;
  stepMinutes: number;
}) {
  const { t, lang } = useLocale();
  if (e.state === 'reached') return null;
  const body = () => {
    switch (e.state) {
      case 'no_chain':
        return <p>{t('escalation.noChain')}</p>;
      case 'exhausted':
        return (
          <p>
            <strong>{t('escalation.exhausted')}</strong>{' '}
            {t('escalation.since', { minutes: e.minutesSinceFirst })}
          </p>
        );
      default: {
        const what = { owner: e.owner.name, means: label(t, 'attempt.means', e.means) };
        return (
          <>
            <p>
              <strong>{t(e.isHead ? 'escalation.nextHead' : 'escalation.next', what)}</strong>{' '}
              <a href={`#owner-${e.owner.id}`}>{t('escalation.toCard', { owner: e.owner.name })}</a>
            </p>
            {e.minutesSinceFirst === null ? (
              <p class="muted">{t('escalation.notStarted')}</p>
            ) : (
              <p>
                {t('escalation.since', { minutes: e.minutesSinceFirst })}{' '}
                {t('escalation.step', { minutes: stepMinutes, due: formatTime(e.dueAt, lang) })}
              </p>
            )}
            {e.minutesOverdue > 0 && (
              <p class="status-warn">{t('escalation.overdue', { minutes: e.minutesOverdue })}</p>
            )}
          </>
        );
      }
    }
  };
  return (
    <section id="escalation" class="card" aria-labelledby="escalation-h" role="status">
      <h2 id="escalation-h">{t('escalation.title')}</h2>
      {body()}
    </section>
  );
}
