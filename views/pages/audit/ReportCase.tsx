// One channel in the incident report: basis and justification, the timeline with the minutes
// between the steps, every contact attempt, hold, action, the hand-back and the owners' notices.
import type { Child } from 'hono/jsx';
import type { CaseReport } from '../../../src/domain/report/incident';
import type { MessageKey } from '../../../src/i18n';
import { formatDateTime } from '../../../src/i18n/format';
import { useLocale } from '../../i18n';
import { CorrectionNote } from '../../partials/case/AttemptCorrection';
import { Label, When } from './parts';

type Names = Map<number, string>;

function Table({ title, head, rows }: { title: MessageKey; head: MessageKey[]; rows: Child[][] }) {
  const { t } = useLocale();
  return (
    <>
      <h4>{t(title)}</h4>
      {rows.length === 0 ? (
        <p class="muted">{t('report.none')}</p>
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
            {rows.map((r) => (
              <tr>
                {r.map((cell, i) => (
                  <td data-label={t(head[i]!)}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function Timeline({ k }: { k: CaseReport }) {
  const { t } = useLocale();
  return (
    <>
      <h4>{t('report.timeline')}</h4>
      <ol class="timeline">
        {Object.entries(k.milestones).map(([m, at], i) => {
          const step = i > 0 ? k.intervals[i - 1]!.minutes : null;
          return (
            <li>
              {t(`report.milestone.${m}` as MessageKey)}: <When at={at} />
              {step !== null && (
                <span class="muted">
                  {' '}
                  (
                  {t(step < 0 ? 'report.minutesBefore' : 'report.minutesAfter', {
                    minutes: Math.abs(step),
                  })}
                  )
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </>
  );
}

export function ReportCase({
  k,
  userNames,
  ownerNames,
}: {
  k: CaseReport;
  userNames: Names;
  ownerNames: Names;
}) {
  const { t, lang } = useLocale();
  const user = (id: number | null) => (id ? (userNames.get(id) ?? `#${id}`) : '—');
  const owner = (id: number) => ownerNames.get(id) ?? `#${id}`;
  const c = k.kase;
  // A takeover withdrawn because the agreement it rested on was recorded in error.
  const withdrawn = k.events
    .map((e) => ({ ...e, d: JSON.parse(e.details) as { from?: string; reason?: string } }))
    .filter((e) => e.action === 'case.reopened' && e.d.from === 'active')
    .map((e) => ({ ...e, reason: e.d.reason ?? '' }));
  return (
    <section class="report-case" id={`case-${c.id}`}>
      <h3>
        {k.channel.name} <span class="muted">{k.channel.handle}</span>
      </h3>
      <p>
        {t('report.channel.department', { name: k.channel.department })} ·{' '}
        {t('report.channel.owners', { names: k.owners.map((o) => o.name).join(', ') || '—' })}
      </p>
      <dl class="facts">
        <dt>{t('report.channel.state')}</dt>
        <dd>
          <Label group="case.state" value={c.state} />
        </dd>
        <dt>{t('report.basis')}</dt>
        <dd>
          {c.basis ? (
            <Label group="case.basis" value={c.basis} />
          ) : (
            <strong>{t('report.basis.none')}</strong>
          )}
        </dd>
        <dt>{t('report.milestone.takeover')}</dt>
        <dd>
          {c.authorisedAt
            ? t('report.authorisedAt', {
                at: formatDateTime(c.authorisedAt, lang),
                by: user(c.authorisedBy),
              })
            : t('report.notAuthorised')}
        </dd>
        {withdrawn.length > 0 && (
          <>
            <dt>{t('report.withdrawn')}</dt>
            {withdrawn.map((e) => (
              <dd>
                {t('report.withdrawnAt', {
                  at: formatDateTime(e.at, lang),
                  by: user(e.actorUserId),
                  reason: e.reason,
                })}
              </dd>
            ))}
          </>
        )}
        {c.basis === 'acute' && (
          <>
            <dt>{t('report.acute.justification')}</dt>
            <dd>{c.acuteJustification || '—'}</dd>
            <dt>{t('report.acute.deadline')}</dt>
            <dd>
              <When at={c.acuteDeadline} />
            </dd>
            <dt>{t('report.acute.sentAt')}</dt>
            <dd>
              <When at={c.acuteMessageSentAt} />
            </dd>
          </>
        )}
        {(c.basis === 'conflicting_information' || c.ownerContactDueAt) && (
          <>
            <dt>{t('report.conflicting.due')}</dt>
            <dd>
              <When at={c.ownerContactDueAt} />
            </dd>
            <dt>{t('report.conflicting.contacted')}</dt>
            <dd>
              <When at={c.ownerContactedAt} />
            </dd>
          </>
        )}
      </dl>
      <Timeline k={k} />
      <Table
        title="report.attempts"
        head={[
          'report.col.at',
          'report.col.owner',
          'report.col.means',
          'report.col.outcome',
          'report.col.note',
          'report.col.by',
          'report.col.correction',
        ]}
        rows={k.attempts.map((a) => [
          <When at={a.attemptedAt} />,
          owner(a.ownerId),
          <Label group="attempt.means" value={a.means} />,
          <Label group="attempt.outcome" value={a.outcome} />,
          a.note,
          user(a.recordedBy),
          <CorrectionNote attempt={{ ...a, correctedByName: user(a.correctedBy) }} />,
        ])}
      />
      <Table
        title="report.holds"
        head={[
          'report.col.at',
          'report.col.post',
          'report.col.conflict',
          'report.col.action',
          'report.col.by',
          'report.col.released',
        ]}
        rows={k.holds.map((h) => [
          <When at={h.placedAt} />,
          h.postRef,
          h.conflict,
          <Label group="hold.action" value={h.action} />,
          user(h.placedBy),
          h.releasedAt ? (
            <>
              <When at={h.releasedAt} /> · <Label group="hold.outcome" value={h.releaseOutcome} /> ·{' '}
              {user(h.releasedBy)}
              {h.releaseNote && <>: {h.releaseNote}</>}
            </>
          ) : (
            '—'
          ),
        ])}
      />
      <Table
        title="report.actions"
        head={['report.col.at', 'report.col.kind', 'report.col.note', 'report.col.by']}
        rows={k.actions.map((a) => [
          <When at={a.actedAt} />,
          <Label group="channelAction.kind" value={a.kind} />,
          a.note,
          user(a.actedBy),
        ])}
      />
      <h4>{t('report.handBack')}</h4>
      <p>
        {c.handedBackAt ? (
          <>
            {t('report.handBack.text', {
              at: formatDateTime(c.handedBackAt, lang),
              by: user(c.handedBackBy),
            })}
            {c.handBackNote && <> {c.handBackNote}</>}
          </>
        ) : (
          '—'
        )}
      </p>
      <Table
        title="report.notices"
        head={[
          'report.col.owner',
          'report.col.event',
          'report.col.status',
          'report.col.sentAt',
          'report.col.acknowledgedAt',
        ]}
        rows={k.notifications.map((n) => [
          owner(n.ownerId),
          <Label group="notice.event" value={n.event} />,
          <Label group="notice.status" value={n.status} />,
          <When at={n.sentAt} />,
          <When at={n.acknowledgedAt} />,
        ])}
      />
      <p class="muted">{t('report.notices.counts', k.notices)}</p>
    </section>
  );
}
