// "Recorded in error" on one row of the attempt log: the correction when there is one, else a
// folded form asking why (a <details>, so it needs no script). The attempt itself stays.
import { MIN_REASON_CHARS } from '../../../src/domain/crisis/article2';
import type { CaseView } from '../../../src/domain/crisis/case-view';
import { useLocale } from '../../i18n';
import { formatDateTime } from '../../../src/i18n/format';
import { CaseForm, caseAction, stateOf, type CaseCtx } from './CaseForm';

type Attempt = Pick<
  CaseView['attempts'][number],
  'id' | 'correctedAt' | 'correctionReason' | 'correctedByName'
>;

/** The correction of a corrected attempt, as the log and the report show it. */
export function CorrectionNote({ attempt }: { attempt: Attempt }) {
  const { t, lang } = useLocale();
  if (!attempt.correctedAt) return null;
  return (
    <p class="correction">
      <span class="badge badge-warn">{t('case.correction.badge')}</span>{' '}
      {t('case.correction.marked', {
        at: formatDateTime(attempt.correctedAt, lang),
        by: attempt.correctedByName ?? '',
        reason: attempt.correctionReason ?? '',
      })}
    </p>
  );
}

export function AttemptCorrection({ attempt, ctx }: { attempt: Attempt; ctx: CaseCtx }) {
  const { t } = useLocale();
  if (attempt.correctedAt) return <CorrectionNote attempt={attempt} />;
  const name = `correct-${attempt.id}`;
  const { errors, values } = stateOf(ctx, name);
  const id = `f-reason-${attempt.id}`;
  const hint = `h-reason-${attempt.id}`;
  const error = `e-reason-${attempt.id}`;
  return (
    <details class="correct" open={!!errors.reason}>
      <summary>{t('case.correction.open')}</summary>
      <CaseForm ctx={ctx} name={name} action={caseAction(ctx, `attempts/${attempt.id}/correction`)}>
        <div class={errors.reason ? 'field field-error' : 'field'}>
          <label for={id}>{t('case.correction.reason')}</label>
          <p class="hint" id={hint}>
            {t('case.correction.reasonHint', { min: MIN_REASON_CHARS })}
          </p>
          {errors.reason && (
            <p class="error" id={error}>
              {errors.reason}
            </p>
          )}
          <input
            id={id}
            name="reason"
            type="text"
            maxlength={1000}
            value={String(values.reason ?? '')}
            aria-describedby={errors.reason ? `${hint} ${error}` : hint}
          />
        </div>
        <button type="submit">{t('case.correction.submit')}</button>
      </CaseForm>
    </details>
  );
}
