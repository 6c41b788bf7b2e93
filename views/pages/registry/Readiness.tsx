// Readiness per department and overall: counts, a score, and every problem with the link that
// fixes it. Article 1 problems read "to be removed" with the date the channel crossed the line.
import { PROBLEM_KINDS, type Readiness, type Tally } from '../../../src/domain/report/readiness';
import { formatDateTime } from '../../../src/i18n/format';
import { useLocale } from '../../i18n';
import { DrillLine } from '../drills/DrillLine';
import { PlatformName, ProblemList } from './parts';

function Counts({ tally }: { tally: Tally }) {
  const { t } = useLocale();
  const kinds = PROBLEM_KINDS.filter((k) => tally.counts[k] > 0);
  return (
    <>
      <p>
        <strong
          class={
            tally.score >= 90
              ? 'score score-ok'
              : tally.score >= 70
                ? 'score score-warn'
                : 'score score-bad'
          }
        >
          {t('readiness.score', { score: tally.score })}
        </strong>{' '}
        {t('readiness.readyOf', { ready: tally.ready, channels: tally.channels })}
      </p>
      {tally.takenOver > 0 && (
        <p class="status-bad">{t('readiness.takenOver', { n: tally.takenOver })}</p>
      )}
      {kinds.length > 0 && (
        <ul class="counts">
          {kinds.map((k) => (
            <li>
              {t(`problem.${k}.label`)}: <strong>{tally.counts[k]}</strong>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function ReadinessPage({ report, now }: { report: Readiness; now: Date }) {
  const { t, lang } = useLocale();
  return (
    <section>
      <h1>{t('readiness.title')}</h1>
      <p class="muted">{t('readiness.asOf', { at: formatDateTime(now, lang) })}</p>
      <div class="card">
        <h2>{t('readiness.overall')}</h2>
        <Counts tally={report.overall} />
      </div>
      <table class="table readiness">
        <thead>
          <tr>
            <th>{t('channel.department')}</th>
            <th>{t('readiness.scoreHead')}</th>
            <th>{t('registry.channels')}</th>
            <th>{t('readiness.problems')}</th>
          </tr>
        </thead>
        <tbody>
          {report.departments.map((d) => (
            <tr>
              <td data-label={t('channel.department')}>
                <a href={`#dep-${d.department.id}`}>{d.department.name}</a>
              </td>
              <td data-label={t('readiness.scoreHead')}>{d.score}%</td>
              <td data-label={t('registry.channels')}>{d.channels}</td>
              <td data-label={t('readiness.problems')}>
                {d.items.reduce((n, i) => n + i.problems.length, 0)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.departments.map((d) => (
        <section id={`dep-${d.department.id}`} class="department">
          <h2>{d.department.name}</h2>
          <Counts tally={d} />
          <DrillLine department={d.department} />
          {d.items
            .filter((i) => i.problems.length || i.takenOver)
            .map((i) => (
              <div class="card problem-card">
                <h3>
                  <a href={`/channels/${i.id}`}>{i.name}</a>{' '}
                  <span class="muted">
                    · <PlatformName platform={i.platform} />
                  </span>
                </h3>
                {/* The channel list's read model: taken over in an open crisis says so first. */}
                <ProblemList problems={i.problems} takenOver={i.takenOver} />
              </div>
            ))}
          {d.channels === 0 && <p class="muted">{t('readiness.noChannels')}</p>}
        </section>
      ))}
    </section>
  );
}
