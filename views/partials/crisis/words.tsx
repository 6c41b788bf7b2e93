// Small pieces the crisis pages share. Every state is said in words; colour only repeats it.
import type { CaseState, Crisis, TakeoverCase } from '../../../db/schema';
import type { AcuteStatus, OwnerContactObligation } from '../../../src/domain/crisis/article2';
import { label } from '../../../src/i18n';
import { formatDateTime, formatTime } from '../../../src/i18n/format';
import { useLocale } from '../../i18n';

export function Time({ at, full }: { at: string; full?: boolean }) {
  const { lang } = useLocale();
  return (
    <time datetime={at} title={formatDateTime(at, lang)}>
      {full ? formatDateTime(at, lang) : formatTime(at, lang)}
    </time>
  );
}

export function ExerciseBanner({ crisis }: { crisis: Pick<Crisis, 'isExercise'> }) {
  const { t } = useLocale();
  return crisis.isExercise ? (
    <div class="banner-exercise" role="note">
      {t('crisis.exercise.banner')}
    </div>
  ) : null;
}

const STATE_BADGE: Record<CaseState, string> = {
  contacting: 'badge badge-warn',
  active: 'badge badge-bad',
  owner_handles: 'badge badge-ok',
  handed_back: 'badge badge-ok',
};

export function CaseState({ kase }: { kase: Pick<TakeoverCase, 'state' | 'basis'> }) {
  const { t } = useLocale();
  return (
    <span class="case-state">
      <span class={STATE_BADGE[kase.state]}>{label(t, 'case.state', kase.state)}</span>
      {kase.basis && (
        <span class="basis">
          {' '}
          {t('case.basis.label', { basis: label(t, 'case.basis', kase.basis) })}
        </span>
      )}
    </span>
  );
}

/** The acute countdown: right in words without script; app.js adds a ticking mm:ss. */
export function AcuteText({ acute }: { acute: AcuteStatus }) {
  const { t, lang } = useLocale();
  switch (acute.state) {
    case 'none':
      return null;
    case 'running':
      return (
        <p class="countdown status-warn" data-deadline={acute.deadline}>
          {t('case.acute.running', {
            at: formatTime(acute.deadline, lang),
            minutes: acute.minutesLeft,
          })}{' '}
          <span class="countdown-clock" aria-hidden="true"></span>
        </p>
      );
    case 'missed':
      return (
        <p class="status-bad">
          <strong>
            {t('case.acute.missed', {
              at: formatTime(acute.deadline, lang),
              minutes: acute.minutesOver,
            })}
          </strong>
        </p>
      );
    case 'sent': {
      const params = {
        at: formatTime(acute.sentAt, lang),
        deadline: formatTime(acute.deadline, lang),
      };
      return acute.beforeDeadline ? (
        <p class="status-ok">{t('case.acute.sentInTime', params)}</p>
      ) : (
        <p class="status-bad">
          <strong>{t('case.acute.sentLate', params)}</strong>
        </p>
      );
    }
  }
}

/** Article 2, exception 2: the owner contact that must follow a hold. */
export function ObligationText({ obligation }: { obligation: OwnerContactObligation }) {
  const { t, lang } = useLocale();
  switch (obligation.state) {
    case 'none':
      return null;
    case 'open':
      return (
        <p class="status-warn">
          {t('case.obligation.open', { at: formatTime(obligation.dueAt, lang) })}
        </p>
      );
    case 'overdue':
      return (
        <p class="status-bad">
          <strong>
            {t('case.obligation.overdue', { at: formatTime(obligation.dueAt, lang) })}
          </strong>
        </p>
      );
    case 'met':
      return obligation.late ? (
        <p class="status-warn">
          {t('case.obligation.metLate', {
            at: formatTime(obligation.contactedAt, lang),
            due: formatTime(obligation.dueAt, lang),
          })}
        </p>
      ) : (
        <p class="status-ok">
          {t('case.obligation.met', { at: formatTime(obligation.contactedAt, lang) })}
        </p>
      );
  }
}

/** A post reference is a link only when it is a web address. */
export function PostRef({ value }: { value: string }) {
  return /^https?:\/\/\S+$/i.test(value) ? (
    <a href={value} rel="noopener noreferrer" target="_blank">
      {value}
    </a>
  ) : (
    <span>{value}</span>
  );
}
