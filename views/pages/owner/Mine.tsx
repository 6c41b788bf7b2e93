// The owner's page: their notifications (acknowledge each), the takeovers and holds on their
// channels with basis and justification (reply to the crisis cell), and the channels themselves.
import type { Notification } from '../../../db/schema';
import type { InboxCase, OwnerInbox } from '../../../src/domain/notify/owner-inbox';
import type { ToRotate } from '../../../src/domain/vault/rotation';
import type { MessageKey } from '../../../src/i18n';
import { formatDateTime } from '../../../src/i18n/format';
import {
  Csrf,
  ErrorSummary,
  TextArea,
  type FormErrors,
  type FormValues,
} from '../../components/form';
import { useLocale } from '../../i18n';
import { takenOverNow } from '../../../src/domain/notify/owner-summary';
import { TakenOver } from '../../partials/owner/TakenOver';
import { RotateList } from '../../partials/rotation/RotateButton';

export type ReplyState = { caseId: number; values: FormValues; errors: FormErrors };

function NotificationItem({ n, csrfToken }: { n: Notification; csrfToken: string }) {
  const { t, lang } = useLocale();
  return (
    <li class="card notification" id={`notification-${n.id}`}>
      <h3>{n.subject}</h3>
      <p class="muted">{t('mine.received', { at: formatDateTime(n.createdAt, lang) })}</p>
      <div class="mail-body">{n.body}</div>
      {n.acknowledgedAt ? (
        <p>
          <span class="badge badge-ok">
            {t('mine.acknowledgedAt', { at: formatDateTime(n.acknowledgedAt, lang) })}
          </span>
        </p>
      ) : (
        <form method="post" action={`/mine/notifications/${n.id}/acknowledge`} class="actions">
          <Csrf token={csrfToken} />
          <button type="submit" class="primary">
            {t('mine.acknowledge')}
          </button>
        </form>
      )}
    </li>
  );
}

/** One tap for every open notice on screen; only these ids, so one that arrives meanwhile stays open. */
function AcknowledgeAll({ ids, csrfToken }: { ids: number[]; csrfToken: string }) {
  const { t } = useLocale();
  return (
    <form method="post" action="/mine/notifications/acknowledge" class="actions">
      <Csrf token={csrfToken} />
      {ids.map((id) => (
        <input type="hidden" name="ids" value={String(id)} />
      ))}
      <button type="submit">{t('mine.acknowledgeAll')}</button>
    </form>
  );
}

export function ReplyForm({
  caseId,
  csrfToken,
  state,
}: {
  caseId: number;
  csrfToken: string;
  state?: ReplyState;
}) {
  const { t } = useLocale();
  const action = `/mine/cases/${caseId}/reply`;
  const errors = state?.caseId === caseId ? state.errors : {};
  const values = state?.caseId === caseId ? state.values : {};
  return (
    <form
      method="post"
      action={action}
      hx-post={action}
      hx-target="this"
      hx-swap="outerHTML"
      class="reply"
      novalidate
    >
      <Csrf token={csrfToken} />
      <ErrorSummary errors={errors} />
      <TextArea
        name="note"
        label={t('mine.reply')}
        hint={t('mine.replyHint')}
        values={values}
        errors={errors}
        maxlength={1000}
        required
      />
      <button type="submit">{t('mine.replySend')}</button>
    </form>
  );
}

function CaseCard({
  c,
  csrfToken,
  reply,
}: {
  c: InboxCase;
  csrfToken: string;
  reply?: ReplyState;
}) {
  const { t, lang } = useLocale();
  const k = c.takeover;
  return (
    <article class="card case" id={`case-${k.id}`}>
      <h3>
        {c.channelName}: {c.crisisTitle}{' '}
        {c.isExercise && <span class="badge badge-warn">{t('mine.exercise')}</span>}
      </h3>
      <p>
        <strong>{t(`mine.state.${k.state}` as MessageKey)}</strong>
      </p>
      {k.basis && <p>{t(`notify.line.basis.${k.basis}` as MessageKey)}</p>}
      {k.acuteJustification && (
        <p>{t('notify.line.justification', { justification: k.acuteJustification })}</p>
      )}
      {k.acuteDeadline && (
        <p>{t('mine.deadline', { at: formatDateTime(k.acuteDeadline, lang) })}</p>
      )}
      {c.holds.length > 0 && (
        <ul>
          {c.holds.map((h) => (
            <li>
              {t('mine.hold', {
                post: h.postRef,
                action: t(`notify.line.action.${h.action}` as MessageKey),
                at: formatDateTime(h.placedAt, lang),
              })}
              {h.releasedAt && (
                <>; {t('mine.holdReleased', { at: formatDateTime(h.releasedAt, lang) })}</>
              )}
              <br />
              <span class="muted">{t('mine.conflict', { conflict: h.conflict })}</span>
            </li>
          ))}
        </ul>
      )}
      {c.replies.length > 0 && (
        <>
          <h4>{t('mine.yourReplies')}</h4>
          <ul>
            {c.replies.map((r) => (
              <li>
                {formatDateTime(r.createdAt, lang)}: {r.body}
              </li>
            ))}
          </ul>
        </>
      )}
      <ReplyForm caseId={k.id} csrfToken={csrfToken} state={reply} />
    </article>
  );
}

export function Mine({
  inbox,
  rotate = [],
  csrfToken,
  reply,
}: {
  inbox: OwnerInbox | null;
  rotate?: ToRotate[];
  csrfToken: string;
  reply?: ReplyState;
}) {
  const { t } = useLocale();
  if (!inbox) {
    return (
      <section>
        <h1>{t('mine.title')}</h1>
        <div class="alert alert-warn">
          <p>{t('mine.noOwner')}</p>
        </div>
      </section>
    );
  }
  const open = inbox.notifications.filter((n) => !n.acknowledgedAt);
  // Read notices of closed crises are history: folded away under the ones that still matter.
  const old = (n: Notification) =>
    !!n.acknowledgedAt && n.crisisId !== null && inbox.closedCrisisIds.has(n.crisisId);
  const done = inbox.notifications.filter((n) => n.acknowledgedAt && !old(n));
  const folded = inbox.notifications.filter(old);
  return (
    <section>
      <h1>{t('mine.title')}</h1>
      <TakenOver items={takenOverNow(inbox)} />
      <RotateList items={rotate} csrfToken={csrfToken} />
      <h2>{t('mine.notifications')}</h2>
      {inbox.notifications.length === 0 && <p class="muted">{t('mine.noNotifications')}</p>}
      {open.length > 1 && <AcknowledgeAll ids={open.map((n) => n.id)} csrfToken={csrfToken} />}
      <ul class="notifications">
        {[...open, ...done].map((n) => (
          <NotificationItem n={n} csrfToken={csrfToken} />
        ))}
      </ul>
      {folded.length > 0 && (
        <details class="folded-notices">
          <summary>{t('mine.closedNotices', { n: folded.length })}</summary>
          <ul class="notifications">
            {folded.map((n) => (
              <NotificationItem n={n} csrfToken={csrfToken} />
            ))}
          </ul>
        </details>
      )}
      <h2>{t('mine.cases')}</h2>
      {inbox.cases.length === 0 && <p class="muted">{t('mine.noCases')}</p>}
      {inbox.cases.map((c) => (
        <CaseCard c={c} csrfToken={csrfToken} reply={reply} />
      ))}
      <h2>{t('mine.channels')}</h2>
      {inbox.channels.length === 0 ? (
        <p class="muted">{t('mine.noChannels')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th>{t('mine.channel')}</th>
              <th>{t('mine.department')}</th>
              <th>{t('mine.position')}</th>
            </tr>
          </thead>
          <tbody>
            {inbox.channels.map((m) => (
              <tr>
                <td data-label={t('mine.channel')}>
                  {m.channel.name} <span class="muted">{m.channel.handle}</span>
                </td>
                <td data-label={t('mine.department')}>{m.departmentName}</td>
                <td data-label={t('mine.position')}>
                  {m.position === 1
                    ? t('mine.position.first')
                    : t('mine.position.backup', { n: m.position - 1 })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
