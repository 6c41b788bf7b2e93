// The live part of the crisis board. htmx polls it every 3 s; the URL carries the signature of
// what this copy shows, and the server answers 204 (nothing to swap) while it is unchanged.
import type { Board as BoardData, BoardRow } from '../../../src/domain/crisis/board';
import type { OpenHold } from '../../../src/domain/crisis/holds';
import { undelivered, type CaseNotice } from '../../../src/domain/notify/notice-status';
import type { SweepProgress as SweepCount } from '../../../src/domain/crisis/sweep';
import { label } from '../../../src/i18n';
import { formatTime } from '../../../src/i18n/format';
import { useLocale } from '../../i18n';
import { SweepProgress } from '../sweep/SweepProgress';
import { OwnerReplies } from '../NoticeStatus';
import { AcuteText, CaseState, ObligationText, PostRef, Time } from './words';

const ANCHOR: Record<BoardRow['next'], string> = {
  contact_owner: '#next',
  take_over_unreachable: '#unreachable',
  contact_owner_after_hold: '#next',
  publish_acute: '#next',
  release_holds: '#holds',
  act_or_hand_back: '#actions',
  none: '',
};

export const caseUrl = (crisisId: number, caseId: number) => `/crises/${crisisId}/cases/${caseId}`;

function Owners({ row }: { row: BoardRow }) {
  const { t, lang } = useLocale();
  const last = row.lastAttempt;
  const call = row.mustCall;
  return (
    <>
      {row.owners.length === 0 ? (
        <p class="status-warn">{t('crisis.board.noOwner')}</p>
      ) : (
        <ul class="plain">
          {row.owners.map((o) => (
            <li>
              {o.name}
              {call && o.phone && (
                <>
                  {' '}
                  · <a href={`tel:${o.phone.replace(/[^+\d]/g, '')}`}>{o.phone}</a>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <p class="muted">
        {last
          ? t('crisis.board.lastAttempt', {
              owner: last.ownerName,
              means: label(t, 'attempt.means', last.means),
              outcome: label(t, 'attempt.outcome', last.outcome),
              at: formatTime(last.attemptedAt, lang),
            })
          : t('crisis.board.noAttempt')}
        {row.attemptCount > 1 && <> {t('crisis.board.attempts', { n: row.attemptCount })}</>}
      </p>
    </>
  );
}

/**
 * The notices of a case at a glance: how many went out and were acknowledged, and by name the
 * owners still to follow up. Every notice with its times is on the case page.
 */
function Notices({ row, url }: { row: BoardRow; url: string }) {
  const { t } = useLocale();
  if (!row.notices.length) return null;
  const sent = row.notices.filter((n) => n.status === 'sent').length;
  const ack = row.notices.filter((n) => n.acknowledgedAt).length;
  const owners = (which: (n: CaseNotice) => boolean) =>
    [...new Set(row.notices.filter(which).map((n) => n.ownerName))].join(', ');
  const failed = owners(undelivered);
  const waiting = owners((n) => !n.acknowledgedAt && !undelivered(n));
  return (
    <div class="notices">
      <p>
        {t('crisis.board.notices', { sent, total: row.notices.length, ack })}
        {' · '}
        <a href={`${url}#notices`}>{t('crisis.board.notices.all')}</a>
      </p>
      {failed && (
        <p class="status-bad">{t('crisis.board.notices.undelivered', { owners: failed })}</p>
      )}
      {waiting && <p class="muted">{t('crisis.board.notices.waiting', { owners: waiting })}</p>}
    </div>
  );
}

function Row({ row, crisisId }: { row: BoardRow; crisisId: number }) {
  const { t } = useLocale();
  const url = caseUrl(crisisId, row.kase.id);
  const quiet =
    !row.late &&
    row.obligation.state === 'none' &&
    row.acute.state === 'none' &&
    row.openHolds === 0 &&
    !row.replies.length;
  return (
    <tr id={`case-${row.kase.id}`} class={row.late ? 'row-late' : undefined}>
      <td data-label={t('crisis.board.col.channel')}>
        <a href={url}>
          <strong>{row.channel.name}</strong>
        </a>{' '}
        {/* As visible as the name: a museum's Facebook page and its Instagram share one name. */}
        <strong class="platform-label">{label(t, 'platform', row.channel.platform)}</strong>
        <br />
        <span class="muted">
          {row.channel.handle} · {row.channel.departmentName}
        </span>
      </td>
      <td data-label={t('crisis.board.col.state')}>
        <CaseState kase={row.kase} />
      </td>
      <td data-label={t('crisis.board.col.owners')}>
        <Owners row={row} />
      </td>
      <td data-label={t('crisis.board.col.attention')}>
        <LateFlag row={row} />
        <ObligationText obligation={row.obligation} />
        <AcuteText acute={row.acute} />
        {row.openHolds > 0 && (
          <p class="status-warn">{t('crisis.board.holdsOpen', { n: row.openHolds })}</p>
        )}
        {quiet && <span class="muted">{t('crisis.board.nothingOpen')}</span>}
        <Notices row={row} url={url} />
        <OwnerReplies replies={row.replies} />
      </td>
      <td data-label={t('crisis.board.col.next')}>
        <a
          class={row.next === 'none' ? 'button' : 'button primary'}
          href={`${url}${ANCHOR[row.next]}`}
        >
          {t(`case.next.${row.next}`)}
        </a>
      </td>
    </tr>
  );
}

/** Late is said in words first; the row's colour only repeats it. */
function LateFlag({ row }: { row: BoardRow }) {
  const { t } = useLocale();
  const late = row.late;
  if (!late) return null;
  return (
    <p class="late-flag">
      <strong class="badge badge-bad">{t('crisis.board.late')}</strong>
      {late.kind === 'attempt' &&
        ` ${t('crisis.board.late.attempt', {
          minutes: late.minutes,
          owner: late.ownerName,
          means: label(t, 'attempt.means', late.means),
        })}`}
    </p>
  );
}

function OpenHolds({ holds, crisisId }: { holds: OpenHold[]; crisisId: number }) {
  const { t } = useLocale();
  return (
    <section aria-labelledby="open-holds">
      <h2 id="open-holds">
        {t('crisis.holds.title')} ({holds.length})
      </h2>
      {holds.length === 0 ? (
        <p class="muted">{t('crisis.holds.none')}</p>
      ) : (
        <ul class="plain holds">
          {holds.map((h) => (
            <li>
              <a href={`${caseUrl(crisisId, h.caseId)}#hold-${h.id}`}>
                <strong>{h.channelName}</strong>
              </a>
              {' · '}
              {label(t, 'hold.action', h.action)} <Time at={h.placedAt} />
              {' · '}
              <PostRef value={h.postRef} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function Board({
  board,
  signature,
  now,
  sweep,
}: {
  board: BoardData;
  signature: string;
  now: Date;
  sweep?: SweepCount;
}) {
  const { t, lang } = useLocale();
  const id = board.crisis.id;
  const live = board.crisis.status === 'open';
  const c = board.counts;
  const open = board.rows.filter((row) => !row.settled);
  const done = board.rows.filter((row) => row.settled);
  return (
    <div
      id="board"
      class="board"
      hx-get={live ? `/crises/${id}/board?sig=${encodeURIComponent(signature)}` : undefined}
      hx-trigger={live ? 'every 3s' : undefined}
      hx-swap="outerHTML"
    >
      <p class="muted board-meta">
        {board.late > 0 && (
          <>
            <strong class="late-count">{t('crisis.board.lateCount', { n: board.late })}</strong>
            {' · '}
          </>
        )}
        {t('crisis.board.counts', {
          contacting: c.contacting,
          active: c.active,
          closed: c.owner_handles + c.handed_back,
        })}
        {' · '}
        {t('crisis.board.asOf', { at: formatTime(now, lang) })}
        {live && (
          <>
            {' '}
            {t('crisis.board.live')} <a href={`/crises/${id}`}>{t('crisis.board.refresh')}</a>
          </>
        )}
      </p>
      <p class="operators">
        <strong>{t('crisis.operators')}:</strong>{' '}
        {board.operators.length
          ? board.operators.map((o) => o.name).join(', ')
          : t('crisis.operators.none')}
      </p>
      {sweep && <SweepProgress crisisId={id} progress={sweep} />}
      {board.rows.length === 0 && (
        <p>
          {t('crisis.board.empty')}{' '}
          {live && (
            <a class="button primary" href={`/crises/${id}/channels`}>
              {t('crisis.channels.add')}
            </a>
          )}
        </p>
      )}
      {open.length > 0 && (
        <table class="table board-table">
          <thead>
            <tr>
              <th>{t('crisis.board.col.channel')}</th>
              <th>{t('crisis.board.col.state')}</th>
              <th>{t('crisis.board.col.owners')}</th>
              <th>{t('crisis.board.col.attention')}</th>
              <th>{t('crisis.board.col.next')}</th>
            </tr>
          </thead>
          <tbody>
            {open.map((row) => (
              <Row row={row} crisisId={id} />
            ))}
          </tbody>
        </table>
      )}
      {done.length > 0 && (
        <details class="board-settled">
          <summary>{t('crisis.board.settled', { n: done.length })}</summary>
          <ul class="plain">
            {done.map((row) => (
              <li>
                <a href={caseUrl(id, row.kase.id)}>
                  <strong>{row.channel.name}</strong>
                </a>{' '}
                · <CaseState kase={row.kase} />
              </li>
            ))}
          </ul>
        </details>
      )}
      <OpenHolds holds={board.openHolds} crisisId={id} />
    </div>
  );
}
