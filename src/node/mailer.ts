// Node side of owner notifications: an SMTP transport (nodemailer) and the loop that drains the
// outbox, then the auditors' witness mails, every few seconds. The delivery rules themselves live
// in src/domain/notify/outbox.ts and witness.ts.
import nodemailer from 'nodemailer';
import { repeat, type Repeating } from './repeat';
import type { Config } from '../config';
import type { Db } from '../domain/lib/db';
import { deliverDue, OUTBOX, type MailTransport } from '../domain/notify/outbox';
import { deliverWitnessMails } from '../domain/notify/witness';

/**
 * SMTP from `smtp://user:pass@host:port` (or smtps://). One pooled connection: a burst of messages
 * goes out over one SMTP session (about 10x faster than a connection per message). Timeouts stay
 * well inside the claim lease of the outbox.
 */
export function smtpTransport(smtpUrl: string, from: string): MailTransport & { close(): void } {
  const transporter = nodemailer.createTransport(
    {
      pool: true,
      maxConnections: 1,
      url: smtpUrl,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    },
    { from },
  );
  // A pooled connection that drops while idle must not take the console down with it.
  transporter.on('error', (err) => console.error(`smtp: ${err.message}`));
  return {
    async send(msg) {
      try {
        const info = await transporter.sendMail({
          to: msg.to,
          subject: msg.subject,
          text: msg.text,
        });
        return { ok: true, response: String(info.response ?? 'sent') };
      } catch (err) {
        const e = err as {
          message?: string;
          response?: string;
          code?: string;
          permanent?: boolean;
        };
        // Only a refusal of this recipient or this message is final; a refused login or a
        // server that is down is the console's problem and is retried.
        const permanent = !!e.permanent && (e.code === 'EENVELOPE' || e.code === 'EMESSAGE');
        return { ok: false, response: e.response ?? e.message ?? String(err), permanent };
      }
    },
    close: () => transporter.close(),
  };
}

/** The SMTP server as it may be printed: scheme, host and port, never the user or password. */
export function describeSmtp(smtpUrl: string): string {
  try {
    const url = new URL(smtpUrl);
    return `${url.protocol}//${url.host}`;
  } catch {
    return '(invalid SMTP_URL)';
  }
}

export type OutboxLoop = Repeating;

/** Sends due notifications now and then every `intervalMs`; runs never overlap. */
export function startOutboxLoop(
  db: Db,
  config: Pick<Config, 'now' | 'baseUrl'>,
  transport: MailTransport,
  intervalMs = 5_000,
): OutboxLoop {
  return repeat('outbox', intervalMs, async (stopped) => {
    for (;;) {
      const report = await deliverDue(db, transport, {
        now: config.now,
        baseUrl: config.baseUrl,
        stop: stopped,
      });
      const total = report.sent + report.retrying + report.failed;
      if (total)
        console.log(
          `outbox: ${report.sent} sent, ${report.retrying} to retry, ${report.failed} failed`,
        );
      if (stopped() || total < OUTBOX.batchSize) break;
    }
    const witnessed = await deliverWitnessMails(db, transport, {
      now: config.now,
      stop: stopped,
    });
    if (witnessed.sent + witnessed.retrying + witnessed.failed)
      console.log(
        `witness e-mail: ${witnessed.sent} sent, ${witnessed.retrying} to retry, ${witnessed.failed} refused`,
      );
  });
}
