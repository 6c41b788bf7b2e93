// The receipts of contact messages: the SMS gateway's delivery report (the SMTP server's
// acceptance is recorded when the e-mail is sent, contact-delivery.ts), kept with the message;
// "not delivered" turns its attempt into a failed one at once, evidence for owner_unreachable.
import { and, eq } from 'drizzle-orm';
import {
  contactAttempts,
  contactMessages,
  contactRequests,
  takeoverCases,
  type ContactMessage,
} from '../../../db/schema';
import { recordEvent, SYSTEM } from '../audit/trail';
import { inIds, iso, transaction, type Db } from '../lib/db';
import type { SmsDeliveryReport } from '../notify/sms';

/** The attempt of a message that did not arrive becomes a failed one ("not delivered"). */
export function notDelivered(tx: Db, attemptId: number) {
  tx.update(contactAttempts)
    .set({ outcome: 'not_delivered' })
    .where(and(eq(contactAttempts.id, attemptId), eq(contactAttempts.outcome, 'awaiting_answer')))
    .run();
}

/**
 * The gateway's delivery report, stored with its message (once: a repeated report changes
 * nothing); "not delivered" makes the attempt a failed one, evidence for owner_unreachable.
 */
export function recordSmsReport(db: Db, report: SmsDeliveryReport, now: Date): boolean {
  return transaction(db, (t) => {
    const tx = t as unknown as Db;
    const found = tx
      .select({
        message: contactMessages,
        caseId: takeoverCases.id,
        crisisId: takeoverCases.crisisId,
        channelId: takeoverCases.channelId,
      })
      .from(contactMessages)
      .innerJoin(contactRequests, eq(contactRequests.id, contactMessages.requestId))
      .innerJoin(takeoverCases, eq(takeoverCases.id, contactRequests.caseId))
      .where(and(eq(contactMessages.providerRef, report.id), eq(contactMessages.means, 'sms')))
      .get();
    if (!found) return false;
    const m = found.message;
    if (m.delivery === report.delivery) return true;
    tx.update(contactMessages)
      .set({ delivery: report.delivery, deliveryAt: iso(now), deliveryDetail: report.detail })
      .where(eq(contactMessages.id, m.id))
      .run();
    if (report.delivery === 'not_delivered') notDelivered(tx, m.attemptId);
    recordEvent(tx, {
      at: now,
      actor: SYSTEM,
      action: 'contact.delivery_reported',
      crisisId: found.crisisId,
      channelId: found.channelId,
      caseId: found.caseId,
      details: {
        messageId: m.id,
        attemptId: m.attemptId,
        delivery: report.delivery,
        detail: report.detail,
      },
    });
    return true;
  });
}

/** The receipts per attempt, for the case page's attempt log. */
export function receiptsOf(db: Db, attemptIds: number[]): Map<number, ContactMessage> {
  if (!attemptIds.length) return new Map();
  return new Map(
    db
      .select()
      .from(contactMessages)
      .where(inIds(contactMessages.attemptId, attemptIds))
      .all()
      .map((m) => [m.attemptId, m]),
  );
}
