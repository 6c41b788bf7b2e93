// The outbox for Communicatie and the crisis cell: every notification with its e-mail text and
// delivery attempts. Without SMTP this is where the messages stay, to be passed on by hand.
import type { OutboxEntry } from '../../../src/domain/notify/notice-status';
import { formatDateTime } from '../../../src/i18n/format';
import { useLocale } from '../../i18n';

const BADGE = {
  queued: 'badge',
  sent: 'badge badge-ok',
  failed: 'badge badge-bad',
  not_sendable: 'badge badge-bad',
};
const STATUS = {
  queued: 'notice.status.queued',
  sent: 'notice.status.sent',
  failed: 'notice.status.failed',
  not_sendable: 'notice.status.not_sendable',
} as const;

function Entry({ e }: { e: OutboxEntry }) {
  const { t, lang } = useLocale();
  return (
    <tr id={`outbox-${e.id}`}>
      <td data-label={t('outbox.created')}>{formatDateTime(e.createdAt, lang)}</td>
      <td data-label={t('outbox.to')}>
        {e.ownerName}
        <br />
        <span class="muted">{e.toEmail ?? t('outbox.noEmail')}</span>
      </td>
      <td data-label={t('outbox.subject')}>
        <details>
          <summary>{e.mail.subject}</summary>
          <div class="mail-body">{e.mail.text}</div>
          {e.history.length > 0 && (
            <>
              <h4>{t('outbox.history')}</h4>
              <ul>
                {e.history.map((a) => (
                  <li>
                    {formatDateTime(a.attemptedAt, lang)}: {a.result}: {a.response}
                  </li>
                ))}
              </ul>
            </>
          )}
        </details>
      </td>
      <td data-label={t('outbox.status')}>
        <span class={BADGE[e.status]}>{t(STATUS[e.status])}</span>
        {e.sentAt && <> {formatDateTime(e.sentAt, lang)}</>}
        <br />
        <span class="muted">{t('outbox.attempts', { n: e.attempts })}</span>
        {e.lastError && (
          <>
            <br />
            <span class="muted">{t('notice.server', { answer: e.lastError })}</span>
          </>
        )}
      </td>
    </tr>
  );
}

export function Outbox({
  entries,
  smtpConfigured,
}: {
  entries: OutboxEntry[];
  smtpConfigured: boolean;
}) {
  const { t } = useLocale();
  return (
    <section>
      <h1>{t('outbox.title')}</h1>
      {!smtpConfigured && (
        <div class="alert alert-warn" role="status">
          <p>{t('outbox.noSmtp')}</p>
        </div>
      )}
      {entries.length === 0 ? (
        <p class="muted">{t('outbox.empty')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th>{t('outbox.created')}</th>
              <th>{t('outbox.to')}</th>
              <th>{t('outbox.subject')}</th>
              <th>{t('outbox.status')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <Entry e={e} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
