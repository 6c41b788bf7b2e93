// Across crises: interventions by basis, median times between the steps, findings per crisis.
// Real crises and exercises are never mixed: one tab each.
import { BASES } from '../../../db/schema';
import type { Overview } from '../../../src/domain/report/incident';
import type { MessageKey } from '../../../src/i18n';
import { useLocale } from '../../i18n';
import { FindingItem } from './Findings';
import { ExerciseBadge, Label, When } from './parts';

function Tabs({ exercise }: { exercise: boolean }) {
  const { t } = useLocale();
  return (
    <nav class="tabs" aria-label={t('reports.title')}>
      <a href="/reports" aria-current={exercise ? undefined : 'page'}>
        {t('reports.tab.real')}
      </a>
      <a href="/reports?kind=exercise" aria-current={exercise ? 'page' : undefined}>
        {t('reports.tab.exercise')}
      </a>
    </nav>
  );
}

export function ReportsOverview({ data, exercise }: { data: Overview; exercise: boolean }) {
  const { t } = useLocale();
  const basisHead = BASES.map((b) => (
    <th>
      <Label group="case.basis" value={b} />
    </th>
  ));
  return (
    <section class="report">
      <div class="page-head">
        <h1>
          {t('reports.title')}
          {exercise && (
            <>
              {' '}
              <ExerciseBadge />
            </>
          )}
        </h1>
        <button type="button" class="no-print" data-print hidden>
          {t('report.print')}
        </button>
      </div>
      <p class="muted">{t('reports.intro')}</p>
      <Tabs exercise={exercise} />
      {data.rows.length === 0 ? (
        <p class="muted">{t('reports.none')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th>{t('reports.col.crisis')}</th>
              <th>{t('reports.col.startedAt')}</th>
              <th>{t('reports.col.interventions')}</th>
              {basisHead}
              <th>{t('reports.col.findings')}</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <tr>
                <td data-label={t('reports.col.crisis')}>
                  <a href={`/reports/crises/${r.crisis.id}`}>{r.crisis.title}</a>
                  {exercise && (
                    <>
                      <br />
                      <a href={`/reports/exercises/${r.crisis.id}`}>{t('afterExercise.link')}</a>
                    </>
                  )}
                </td>
                <td data-label={t('reports.col.startedAt')}>
                  <When at={r.crisis.startedAt} />
                </td>
                <td data-label={t('reports.col.interventions')}>{r.interventions}</td>
                {BASES.map((b) => (
                  <td data-label={t(`case.basis.${b}`)}>{r.byBasis[b]}</td>
                ))}
                <td data-label={t('reports.col.findings')}>
                  <span class={r.findings.length ? 'badge badge-bad' : 'badge badge-ok'}>
                    {r.findings.length}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colspan={2}>
                {t('reports.total')}
              </th>
              <td>{data.rows.reduce((n, r) => n + r.interventions, 0)}</td>
              {BASES.map((b) => (
                <td>{data.byBasis[b]}</td>
              ))}
              <td>{data.rows.reduce((n, r) => n + r.findings.length, 0)}</td>
            </tr>
          </tfoot>
        </table>
      )}
      <h2>{t('reports.medians')}</h2>
      <table class="table medians">
        <thead>
          <tr>
            <th>{t('reports.col.step')}</th>
            <th>{t('reports.col.median')}</th>
          </tr>
        </thead>
        <tbody>
          {data.medians.map((m) => (
            <tr>
              <td data-label={t('reports.col.step')}>
                {t(`report.milestone.${m.from}` as MessageKey)} →{' '}
                {t(`report.milestone.${m.to}` as MessageKey)}
              </td>
              <td data-label={t('reports.col.median')}>
                {m.minutes === null ? (
                  <span class="muted">{t('reports.median.none')}</span>
                ) : (
                  t('reports.minutes', { minutes: m.minutes })
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!exercise && (
        <>
          <h2>{t('reports.outside')}</h2>
          {data.outside.length === 0 ? (
            <p class="muted">{t('reports.outside.none')}</p>
          ) : (
            <ul class="finding-list">
              {data.outside.map((f) => (
                <FindingItem f={f} />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
