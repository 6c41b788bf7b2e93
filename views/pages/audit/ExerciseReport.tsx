// The after-exercise report, made to be printed like the incident report (print stylesheet in
// app.css, print button wired in app.js) and headed EXERCISE on screen and on paper.
import type { TrailStamp } from '../../../src/domain/audit/stamp';
import { ReportStamp } from './ReportStamp';
import type { ExerciseReport } from '../../../src/domain/report/exercise';
import { formatDateTime } from '../../../src/i18n/format';
import { useLocale } from '../../i18n';
import { Access, TimeLost, Unreachable } from './ExerciseDelays';

function Summary({ r }: { r: ExerciseReport }) {
  const { t } = useLocale();
  const s = r.summary;
  const min = (m: number | null) =>
    m === null ? t('afterExercise.none') : t('afterExercise.minutes', { minutes: m });
  return (
    <section aria-labelledby="summary-title">
      <h2 id="summary-title">{t('afterExercise.summary')}</h2>
      <dl class="facts">
        <dt>{t('afterExercise.summary.channels')}</dt>
        <dd>{r.channels.length}</dd>
        <dt>{t('afterExercise.summary.unreachable')}</dt>
        <dd>
          <a href="#unreachable">
            {t('afterExercise.summary.unreachableValue', {
              owners: s.unreachableOwners,
              channels: s.channelsNobodyReached,
            })}
          </a>
        </dd>
        <dt>{t('afterExercise.summary.access')}</dt>
        <dd>
          <a href="#access">{s.accessProblems}</a>
        </dd>
        <dt>{t('afterExercise.summary.drills')}</dt>
        <dd>
          <a href="#access">{s.drillsOverdue}</a>
        </dd>
        <dt>{t('afterExercise.summary.toFirstAttempt')}</dt>
        <dd>
          {s.medianToFirstAttempt === null
            ? t('afterExercise.none')
            : t('afterExercise.summary.toFirstAttemptValue', {
                median: s.medianToFirstAttempt,
                max: s.maxToFirstAttempt ?? 0,
              })}
        </dd>
        <dt>{t('afterExercise.summary.toTakeover')}</dt>
        <dd>{min(s.medianToTakeover)}</dd>
        <dt>{t('afterExercise.summary.idle')}</dt>
        <dd>
          <a href="#time">{min(s.idleMinutes)}</a>
        </dd>
        <dt>{t('afterExercise.summary.acuteMissed')}</dt>
        <dd>{s.acuteMissed}</dd>
        <dt>{t('afterExercise.summary.findings')}</dt>
        <dd>
          <a href={`/reports/crises/${r.crisis.id}`}>{r.findings}</a>
        </dd>
      </dl>
    </section>
  );
}

function Fixes({ r }: { r: ExerciseReport }) {
  const { t } = useLocale();
  return (
    <section aria-labelledby="fixes-title" id="fixes">
      <h2 id="fixes-title">{t('afterExercise.fixes')}</h2>
      {r.fixes.length === 0 ? (
        <p class="alert alert-ok">{t('afterExercise.fixes.none')}</p>
      ) : (
        <ol class="fixes">
          {r.fixes.map((f) => (
            <li>
              <a href={f.href}>
                {t(`afterExercise.fix.${f.kind}`, { name: f.name, channel: f.channel ?? '' })}
              </a>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Participants({ r }: { r: ExerciseReport }) {
  const { t } = useLocale();
  if (!r.participants) return null;
  return (
    <section aria-labelledby="participants-title">
      <h2 id="participants-title">{t('afterExercise.participants')}</h2>
      {r.participants.length === 0 ? (
        <p>{t('afterExercise.participants.none')}</p>
      ) : (
        <>
          <p>{t('afterExercise.participants.intro')}</p>
          <ul>
            {r.participants.map((p) => (
              <li>
                <a href={`/owners/${p.owner.id}`}>{p.owner.name}</a>{' '}
                <span class="muted">
                  ({p.departmentName}
                  {p.joinedByAccount &&
                    !p.chosen &&
                    `, ${t('afterExercise.participants.viaAccount')}`}
                  )
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function ExerciseReportPage({
  report: r,
  generatedAt,
  stamp,
}: {
  report: ExerciseReport;
  generatedAt: string;
  stamp: TrailStamp | null;
}) {
  const { t, lang } = useLocale();
  const c = r.crisis;
  const from = formatDateTime(c.startedAt, lang);
  return (
    <article class="report">
      <p class="banner-exercise">{t('report.exercise')}</p>
      <div class="page-head">
        <h1>
          {t('audit.exercise')} · {t('afterExercise.title', { title: c.title })}
        </h1>
        <button type="button" class="no-print" data-print hidden>
          {t('report.print')}
        </button>
      </div>
      <p class="muted">
        {t('report.generated', { at: formatDateTime(generatedAt, lang) })}{' '}
        {c.status === 'open'
          ? t('afterExercise.stillOpen', { from })
          : t('afterExercise.period', { from, until: formatDateTime(r.until, lang) })}
      </p>
      <p>{t('afterExercise.intro')}</p>
      <p class="no-print">
        <a href={`/reports/crises/${c.id}`}>{t('afterExercise.incidentReport')}</a>
      </p>
      <Summary r={r} />
      <Unreachable channels={r.channels} />
      <Access report={r} />
      <TimeLost channels={r.channels} />
      <Fixes r={r} />
      <Participants r={r} />
      <ReportStamp stamp={stamp} />
    </article>
  );
}
