// The incident report of one crisis, made to be printed (print stylesheet in app.css; the print
// button is wired in app.js). Exercises are headed EXERCISE so a printout is never mistaken.
import type { TrailStamp } from '../../../src/domain/audit/stamp';
import { ReportStamp } from './ReportStamp';
import type { CrisisReport } from '../../../src/domain/report/incident';
import { formatDateTime } from '../../../src/i18n/format';
import { useLocale } from '../../i18n';
import { Findings } from './Findings';
import { ReportCase } from './ReportCase';
import { Label, When } from './parts';

export function CrisisReportPage({
  report,
  generatedAt,
  stamp,
}: {
  report: CrisisReport;
  generatedAt: string;
  stamp: TrailStamp | null;
}) {
  const { t, lang } = useLocale();
  const { crisis: c, cases, findings, userNames } = report;
  const user = (id: number | null) => (id ? (userNames.get(id) ?? `#${id}`) : '—');
  const channels = new Map(cases.map((k) => [k.channel.id, k.channel.name]));
  return (
    <article class="report">
      {c.isExercise && <p class="banner-exercise">{t('report.exercise')}</p>}
      <div class="page-head">
        <h1>
          {c.isExercise && `${t('audit.exercise')} · `}
          {t('report.title', { title: c.title })}
        </h1>
        <button type="button" class="no-print" data-print hidden>
          {t('report.print')}
        </button>
      </div>
      <p class="muted">{t('report.generated', { at: formatDateTime(generatedAt, lang) })}</p>
      {c.isExercise && (
        <p class="no-print">
          <a href={`/reports/exercises/${c.id}`}>{t('afterExercise.link')}</a>
        </p>
      )}
      <section aria-labelledby="crisis-title">
        <h2 id="crisis-title">{t('report.crisis')}</h2>
        <dl class="facts">
          {c.description && (
            <>
              <dt>{t('report.crisis.description')}</dt>
              <dd>{c.description}</dd>
            </>
          )}
          <dt>{t('report.crisis.startedAt')}</dt>
          <dd>
            <When at={c.startedAt} />
          </dd>
          <dt>{t('report.crisis.impact')}</dt>
          <dd>
            <Label group="crisis.impact" value={c.impact} />
          </dd>
          <dt>{t('report.crisis.declaredBy')}</dt>
          <dd>{user(c.declaredBy)}</dd>
          <dt>{t('report.crisis.cellLead')}</dt>
          <dd>{c.crisisCellLead ?? t('report.crisis.cellNone')}</dd>
          <dt>{t('report.crisis.cellConvenedAt')}</dt>
          <dd>
            <When at={c.crisisCellConvenedAt} />
          </dd>
          {c.crisisCellDecisionRef && (
            <>
              <dt>{t('report.crisis.cellDecision')}</dt>
              <dd>{c.crisisCellDecisionRef}</dd>
            </>
          )}
          {c.crisisCellRecordedBy && (
            <>
              <dt>{t('report.crisis.cellRecordedBy')}</dt>
              <dd>{user(c.crisisCellRecordedBy)}</dd>
            </>
          )}
          <dt>{t('report.crisis.status')}</dt>
          <dd>
            <Label group="crisis.status" value={c.status} />
          </dd>
          {c.closedAt && (
            <>
              <dt>{t('report.crisis.closedAt')}</dt>
              <dd>
                <When at={c.closedAt} /> · {user(c.closedBy)}
              </dd>
            </>
          )}
          {c.closeOverrideReason && (
            <>
              <dt>{t('report.crisis.closeOverride')}</dt>
              <dd>{c.closeOverrideReason}</dd>
            </>
          )}
        </dl>
      </section>
      <Findings findings={findings} channels={channels} />
      <section aria-labelledby="channels-title">
        <h2 id="channels-title">
          {t('report.channels')} ({cases.length})
        </h2>
        {cases.length === 0 && <p class="muted">{t('report.noCases')}</p>}
        {cases.map((k) => (
          <ReportCase k={k} userNames={userNames} ownerNames={report.ownerNames} />
        ))}
      </section>
      <ReportStamp stamp={stamp} />
    </article>
  );
}
