// Mail from the Worker: Workers cannot open SMTP connections to arbitrary servers the way
// nodemailer does, so the outbox is delivered through an e-mail HTTP API instead. The request is
// Resend's shape (POST JSON {from, to, subject, text} with a bearer token), which several
// providers accept; the URL and the token are Worker secrets.
import type { Config } from '../config';
import type { Db } from '../domain/lib/db';
import {
  deliverDue,
  OUTBOX,
  type DeliveryReport,
  type MailTransport,
} from '../domain/notify/outbox';

export type MailApi = { url: string; token: string; from: string };

// The provider's answer as recorded in delivery_attempts: status and a bounded body.
async function describe(res: Response): Promise<string> {
  return `HTTP ${res.status} ${(await res.text()).slice(0, 300)}`;
}

export function httpMailTransport(api: MailApi): MailTransport {
  return {
    async send(msg) {
      const res = await fetch(api.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${api.token}` },
        body: JSON.stringify({
          from: api.from,
          to: [msg.to],
          subject: msg.subject,
          text: msg.text,
        }),
        signal: AbortSignal.timeout(30_000),
      });
      if (res.ok) return { ok: true, response: await describe(res) };
      // Only a refused message (bad address, rejected content) is final; a refused token, a rate
      // limit or an outage is the console's problem and is retried with back-off.
      return {
        ok: false,
        response: await describe(res),
        permanent: res.status === 400 || res.status === 422,
      };
    },
  };
}

/** One scheduled run: delivers due notifications batch by batch until the queue is drained. */
export async function drainOutbox(
  db: Db,
  config: Config,
  api: MailApi,
  maxBatches = 10,
): Promise<DeliveryReport> {
  const transport = httpMailTransport(api);
  const total: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
  for (let i = 0; i < maxBatches; i++) {
    const report = await deliverDue(db, transport, { now: config.now, baseUrl: config.baseUrl });
    for (const k of ['sent', 'retrying', 'failed'] as const) total[k] += report[k];
    if (report.sent + report.retrying + report.failed < OUTBOX.batchSize) break;
  }
  return total;
}
