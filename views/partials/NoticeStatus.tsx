// Per owner of one case: was each notification delivered, did the owner acknowledge it
// ("Sofie Janssens: takeover informed 14:02, acknowledged 14:09"), and what they replied.
// Data from noticesForCases() / repliesForCases() in src/domain/notify/notice-status.ts.
import type { CaseNotice, CaseReply } from '../../src/domain/notify/notice-status';
import type { MessageKey } from '../../src/i18n';
import { formatDateTime, formatTime } from '../../src/i18n/format';
import { useLocale } from '../i18n';

function Time({ at }: { at: string }) {
  const { lang } = useLocale();
  return (
    <time datetime={at} title={formatDateTime(at, lang)}>
      {formatTime(at, lang)}
    </time>
  );
}

function Delivery({ n }: { n: CaseNotice }) {
  const { t } = useLocale();
  const answer = n.lastError ? (
    <span class="muted"> ({t('notice.server', { answer: n.lastError })})</span>
  ) : null;
  switch (n.status) {
    case 'sent':
      return (
        <span class="badge badge-ok">
          {t('notice.status.sent')} <Time at={n.sentAt!} />
        </span>
      );
    case 'failed':
      return (
        <>
          <span class="badge badge-bad">{t('notice.status.failed')}</span>
          {answer}
        </>
      );
    case 'not_sendable':
      return <span class="badge badge-bad">{t('notice.status.not_sendable')}</span>;
    default:
      return n.lastError && n.nextAttemptAt ? (
        <>
          <span class="badge badge-warn">
            {t('notice.status.retrying')} <Time at={n.nextAttemptAt} />
          </span>
          {answer}
        </>
      ) : (
        <span class="badge">{t('notice.status.queued')}</span>
      );
  }
}

export function NoticeStatus({ notices }: { notices: CaseNotice[] }) {
  const { t } = useLocale();
  if (!notices.length) return <p class="notice-status muted">{t('notice.none')}</p>;
  const byOwner = new Map<number, CaseNotice[]>();
  for (const n of notices) byOwner.set(n.ownerId, [...(byOwner.get(n.ownerId) ?? []), n]);
  return (
    <ul class="notice-status">
      {[...byOwner.values()].map((items) => (
        <li>
          <strong>{items[0]!.ownerName}</strong>
          <ul>
            {items.map((n) => (
              <li id={`notice-${n.id}`}>
                {t(`notice.event.${n.event}` as MessageKey)}: <Delivery n={n} />
                {', '}
                {n.acknowledgedAt ? (
                  <span class="badge badge-ok">
                    {t('notice.acknowledged')} <Time at={n.acknowledgedAt} />
                  </span>
                ) : (
                  <span class="muted">{t('notice.notAcknowledged')}</span>
                )}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

export function OwnerReplies({ replies }: { replies: CaseReply[] }) {
  const { t } = useLocale();
  if (!replies.length) return null;
  return (
    <div class="owner-replies">
      <h4>{t('notice.replies')}</h4>
      <ul>
        {replies.map((r) => (
          <li>
            <Time at={r.createdAt} /> <strong>{r.ownerName}</strong>:{' '}
            <span class="reply-body">{r.body}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
