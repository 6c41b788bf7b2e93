// Node side of contact requests: on the outbox's schedule (every 5 seconds), send the due
// contact messages (SMS through the gateway, e-mail through SMTP) and record, at that moment,
// the attempts delivered and not answered within the step time. Runs never overlap.
import type { Config } from '../config';
import { deliverContactMessages } from '../domain/crisis/contact-delivery';
import { sweepUnanswered } from '../domain/crisis/contact-sweep';
import type { Db } from '../domain/lib/db';
import type { MailTransport } from '../domain/notify/outbox';
import { repeat, type Repeating } from './repeat';

export function startContactLoop(
  db: Db,
  config: Pick<Config, 'now' | 'baseUrl' | 'contact' | 'rules'>,
  mail: MailTransport | null,
  intervalMs = 5_000,
): Repeating {
  return repeat('contact', intervalMs, async () => {
    const r = await deliverContactMessages(
      db,
      { mail, sms: config.contact.sms },
      { now: config.now, baseUrl: config.baseUrl },
    );
    if (r.sent + r.retrying + r.failed)
      console.log(`contact: ${r.sent} sent, ${r.retrying} to retry, ${r.failed} failed`);
    sweepUnanswered(db, config.now(), config.rules);
  });
}
