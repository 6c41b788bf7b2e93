// "Delivered, no answer within the step time": a contact request's attempt whose message arrived
// (the SMS gateway's delivery report, or SMTP's acceptance for an e-mail) and that the owner has
// not answered when the escalation step time has passed becomes a failed attempt ("no answer").
// The console records that as its own event at the moment it sees it, never backdated: run on
// the sender's schedule (src/node/contact-loop.ts, the Worker's cron) and when a case is opened.
import { and, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import {
  contactAttempts,
  contactMessages,
  contactRequests,
  takeoverCases,
} from '../../../db/schema';
import { recordEvent, SYSTEM } from '../audit/trail';
import { iso, prepared, transaction, type Db } from '../lib/db';
import type { Rules } from './article2';

/** Whether any request's message waits past `cutoff` for an answer (a superset of `due`). */
const anyDue = prepared((db) =>
  db
    .select({ id: contactMessages.id })
    .from(contactMessages)
    .innerJoin(contactAttempts, eq(contactAttempts.id, contactMessages.attemptId))
    .where(
      and(
        eq(contactAttempts.outcome, 'awaiting_answer'),
        inArray(contactMessages.delivery, ['accepted', 'delivered']),
        lte(contactAttempts.attemptedAt, sql.placeholder('cutoff')),
      ),
    )
    .limit(1)
    .prepare(),
);

/** Records every overdue unanswered attempt (of one crisis, or all); returns how many. */
export function sweepUnanswered(
  db: Db,
  now: Date,
  rules: Pick<Rules, 'escalationStepMinutes'>,
  crisisId?: number,
): number {
  const cutoff = iso(new Date(now.getTime() - rules.escalationStepMinutes * 60_000));
  const due = (d: Db) =>
    d
      .select({ message: contactMessages, attempt: contactAttempts, kase: takeoverCases })
      .from(contactMessages)
      .innerJoin(contactAttempts, eq(contactAttempts.id, contactMessages.attemptId))
      .innerJoin(takeoverCases, eq(takeoverCases.id, contactAttempts.caseId))
      .innerJoin(contactRequests, eq(contactRequests.id, contactMessages.requestId))
      .where(
        and(
          // The owner answered by the other means: this one was not left unanswered.
          isNull(contactRequests.answeredAt),
          eq(contactAttempts.outcome, 'awaiting_answer'),
          inArray(contactMessages.delivery, ['accepted', 'delivered']),
          lte(contactAttempts.attemptedAt, cutoff),
          crisisId === undefined ? undefined : eq(takeoverCases.crisisId, crisisId),
        ),
      )
      .all();
  // A read first (compiled once, for any crisis): a case page calls this on every view and
  // writes only when something is due.
  if (!anyDue(db).get({ cutoff })) return 0;
  return transaction(db, (t) => {
    const tx = t as unknown as Db;
    const rows = due(tx);
    for (const { message, attempt, kase } of rows) {
      tx.update(contactAttempts)
        .set({ outcome: 'no_answer' })
        .where(eq(contactAttempts.id, attempt.id))
        .run();
      recordEvent(tx, {
        at: now,
        actor: SYSTEM,
        action: 'case.contact_unanswered',
        crisisId: kase.crisisId,
        channelId: kase.channelId,
        caseId: kase.id,
        details: {
          attemptId: attempt.id,
          messageId: message.id,
          ownerId: attempt.ownerId,
          means: attempt.means,
          sentAt: attempt.attemptedAt,
          delivery: message.delivery,
          stepMinutes: rules.escalationStepMinutes,
        },
      });
    }
    return rows.length;
  });
}
