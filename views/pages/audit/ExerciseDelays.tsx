// The after-exercise report's tables: owners not reached, stale or missing access, time lost.
// Every channel and owner links to the registry page where it is fixed.
import type { ChannelDelays, ExerciseReport } from '../../../src/domain/report/exercise';
import type { MessageKey } from '../../../src/i18n';
import { formatDateTime } from '../../../src/i18n/format';
import { useLocale } from '../../i18n';
import { Label } from './parts';

const ChannelLink = ({ c }: { c: ChannelDelays }) => (
  <a href={`/channels/${c.channel.id}`}>{c.channel.name}</a>
);

function Minutes({ value }: { value: number | null }) {
  const { t } = useLocale();
  return value === null ? (
    <span class="muted">{t('afterExercise.none')}</span>
  ) : (
    <>{t('afterExercise.minutes', { minutes: value })}</>
  );
}

export function Unreachable({ channels }: { channels: ChannelDelays[] }) {
  const { t } = useLocale();
  const listed = channels.filter((c) => c.noOwner || c.unreachable.length);
  const head: MessageKey[] = [
    'afterExercise.col.channel',
    'afterExercise.col.owner',
    'afterExercise.col.attempts',
    'afterExercise.col.failedMeans',
    'afterExercise.col.outcomes',
    'afterExercise.col.chain',
  ];
  return (
    <section aria-labelledby="unreachable-title" id="unreachable">
      <h2 id="unreachable-title">{t('afterExercise.unreachable')}</h2>
      {listed.length === 0 ? (
        <p class="alert alert-ok">{t('afterExercise.unreachable.none')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              {head.map((h) => (
                <th>{t(h)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {listed.flatMap((c) =>
              c.noOwner && !c.unreachable.length
                ? [
                    <tr>
                      <td data-label={t(head[0]!)}>
                        <ChannelLink c={c} />
                      </td>
                      <td data-label={t(head[1]!)} colspan={5}>
                        <a href={`/channels/${c.channel.id}/owners`}>
                          {t('afterExercise.unreachable.noOwner')}
                        </a>
                      </td>
                    </tr>,
                  ]
                : c.unreachable.map((o) => (
                    <tr>
                      <td data-label={t(head[0]!)}>
                        <ChannelLink c={c} />
                      </td>
                      <td data-label={t(head[1]!)}>
                        <a href={`/owners/${o.ownerId}`}>{o.name}</a>
                        {o.isHead && (
                          <>
                            {' '}
                            <span class="badge">{t('afterExercise.head')}</span>
                          </>
                        )}
                      </td>
                      <td data-label={t(head[2]!)}>{o.attempts}</td>
                      <td data-label={t(head[3]!)}>
                        {o.failedMeans.map((m, i) => (
                          <>
                            {i > 0 && ', '}
                            <Label group="attempt.means" value={m} />
                          </>
                        ))}
                      </td>
                      <td data-label={t(head[4]!)}>
                        {o.outcomes.map((m, i) => (
                          <>
                            {i > 0 && ', '}
                            <Label group="attempt.outcome" value={m} />
                          </>
                        ))}
                      </td>
                      <td data-label={t(head[5]!)}>
                        <Minutes value={c.chainMinutes} />
                        {' · '}
                        {c.trials.some((x) => x.reached) ? (
                          t('afterExercise.unreachable.reachedOther')
                        ) : (
                          <strong>{t('afterExercise.unreachable.nobody')}</strong>
                        )}
                      </td>
                    </tr>
                  )),
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function Access({ report }: { report: ExerciseReport }) {
  const { t, lang } = useLocale();
  const listed = report.channels.filter((c) => c.access.problems.length);
  const overdue = report.departments.filter((d) => d.overdue);
  const when = (at: string | null | undefined) => (at ? formatDateTime(at, lang) : '');
  return (
    <section aria-labelledby="access-title" id="access">
      <h2 id="access-title">{t('afterExercise.access')}</h2>
      {listed.length === 0 ? (
        <p class="alert alert-ok">{t('afterExercise.access.none')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th>{t('afterExercise.col.channel')}</th>
              <th>{t('afterExercise.col.access')}</th>
              <th>{t('afterExercise.col.problems')}</th>
            </tr>
          </thead>
          <tbody>
            {listed.map((c) => (
              <tr>
                <td data-label={t('afterExercise.col.channel')}>
                  <a href={`/channels/${c.channel.id}/access`}>{c.channel.name}</a>
                </td>
                <td data-label={t('afterExercise.col.access')}>
                  {t(`afterExercise.kind.${c.access.kind}`)}
                </td>
                <td data-label={t('afterExercise.col.problems')}>
                  <ul class="plain">
                    {c.access.problems.map((p) => (
                      <li>
                        {p.kind === 'access_stale' && !p.since
                          ? t('afterExercise.problem.access_staleNever')
                          : t(`afterExercise.problem.${p.kind}`, {
                              since: when(p.since),
                              at: when(p.at),
                            })}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{t('afterExercise.drills')}</h3>
      {overdue.length === 0 ? (
        <p class="muted">{t('afterExercise.drills.none')}</p>
      ) : (
        <ul>
          {overdue.map((d) => (
            <li>
              <a href={`/drills/departments/${d.id}`}>
                {d.lastDrilledAt
                  ? t('afterExercise.drills.overdue', { name: d.name, at: when(d.lastDrilledAt) })
                  : t('afterExercise.drills.never', { name: d.name })}
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function TimeLost({ channels }: { channels: ChannelDelays[] }) {
  const { t, lang } = useLocale();
  const head: MessageKey[] = [
    'afterExercise.col.channel',
    'afterExercise.col.toFirstAttempt',
    'afterExercise.col.chain',
    'afterExercise.col.toTakeover',
    'afterExercise.col.idle',
    'afterExercise.col.acute',
  ];
  return (
    <section aria-labelledby="time-title" id="time">
      <h2 id="time-title">{t('afterExercise.time')}</h2>
      {channels.length === 0 ? (
        <p class="muted">{t('afterExercise.time.noCases')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              {head.map((h) => (
                <th>{t(h)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {channels.map((c) => (
              <tr>
                <td data-label={t(head[0]!)}>
                  <ChannelLink c={c} />
                </td>
                <td data-label={t(head[1]!)}>
                  <Minutes value={c.toFirstAttempt} />
                </td>
                <td data-label={t(head[2]!)}>
                  <Minutes value={c.chainMinutes} />
                </td>
                <td data-label={t(head[3]!)}>
                  <Minutes value={c.toTakeover} />
                </td>
                <td data-label={t(head[4]!)}>
                  <Minutes value={c.idleMinutes || null} />
                </td>
                <td data-label={t(head[5]!)}>
                  {!c.acuteMissed ? (
                    <span class="muted">{t('afterExercise.none')}</span>
                  ) : (
                    <strong class="status-bad">
                      {c.acuteMissed.sentAt
                        ? t('afterExercise.acute.late', {
                            sent: formatDateTime(c.acuteMissed.sentAt, lang),
                            deadline: formatDateTime(c.acuteMissed.deadline, lang),
                          })
                        : t('afterExercise.acute.missed', {
                            deadline: formatDateTime(c.acuteMissed.deadline, lang),
                          })}
                    </strong>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
