// The crisis's timeline page and its close page.
import type { Crisis } from '../../../db/schema';
import type { TimelineEntry } from '../../../src/domain/crisis/case-view';
import {
  Csrf,
  ErrorSummary,
  TextArea,
  type FormErrors,
  type FormValues,
} from '../../components/form';
import { useLocale } from '../../i18n';
import { Timeline } from '../../partials/crisis/Timeline';
import { CrisisHead } from './CrisisPage';

export function CrisisTimeline({
  crisis,
  entries,
  limit,
}: {
  crisis: Crisis;
  entries: TimelineEntry[];
  limit: number;
}) {
  const { t } = useLocale();
  return (
    <section>
      <CrisisHead crisis={crisis} current="timeline" />
      <h2>{t('crisis.timeline.title')}</h2>
      <p>
        {t('logbook.title')}: <a href={`/crises/${crisis.id}/logbook`}>{t('logbook.text')}</a>
        {' · '}
        <a href={`/crises/${crisis.id}/logbook.csv`}>{t('logbook.csv')}</a>
      </p>
      {entries.length >= limit && (
        <p class="hint">
          {t('crisis.timeline.limited', { n: limit })}{' '}
          <a href={`/audit?crisis=${crisis.id}`}>{t('crisis.timeline.audit')}</a>
        </p>
      )}
      <Timeline entries={entries} />
    </section>
  );
}

type CloseProps = {
  crisis: Crisis;
  blockers: { openCases: number; openHolds: number };
  csrfToken: string;
  values: FormValues;
  errors: FormErrors;
};

export function CloseCrisis({ crisis, blockers, csrfToken, values, errors }: CloseProps) {
  const { t } = useLocale();
  const blocked = blockers.openCases > 0 || blockers.openHolds > 0;
  return (
    <section>
      <CrisisHead crisis={crisis} current="close" />
      <form method="post" action={`/crises/${crisis.id}/close`} class="narrow" novalidate>
        <h2>{t('crisis.close.title')}</h2>
        <Csrf token={csrfToken} />
        <input type="hidden" name="version" value={String(crisis.version)} />
        <ErrorSummary errors={errors} />
        <div class={blocked ? 'alert alert-warn' : 'alert alert-ok'} role="status">
          <p>{blocked ? t('crisis.close.blocked', blockers) : t('crisis.close.ready')}</p>
        </div>
        {blocked && (
          <TextArea
            name="overrideReason"
            label={t('crisis.close.overrideReason')}
            hint={t('crisis.close.overrideHint')}
            values={values}
            errors={errors}
            maxlength={2000}
            required
          />
        )}
        <div class="actions">
          <button type="submit" class={blocked ? 'danger primary' : 'primary'}>
            {t('crisis.close.submit')}
          </button>
          <a href={`/crises/${crisis.id}`}>{t('case.back')}</a>
        </div>
      </form>
    </section>
  );
}
