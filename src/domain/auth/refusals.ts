// Refusals on the record (OWASP ASVS 5.0 V16): a signed-in user refused by the access rules or
// the CSRF check leaves an `access.refused` event, one per user, route and minute however often
// it is tried, so probing shows in the audit without flooding it.
import { and, eq, gte, sql } from 'drizzle-orm';
import { auditEvents } from '../../../db/schema';
import { recordEvent, type Actor } from '../audit/trail';
import { transaction, type Db } from '../lib/db';

export type RefusalReason = 'role' | 'no_rule' | 'csrf' | 'cross_site';
export type Refusal = { method: string; route: string; path: string; why: RefusalReason };

/** Records the refusal unless this user was refused on this route in this minute already. */
export function recordRefusal(db: Db, actor: Actor, refusal: Refusal, now: Date): boolean {
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString();
  const route = `${refusal.method} ${refusal.route}`;
  return transaction(db, (tx) => {
    // The minute's first event by seq (the `at` index), then this user's events from there on
    // (the actor index): a few rows, however long the trail.
    const fromSeq = sql`(SELECT min(${auditEvents.seq}) FROM ${auditEvents} WHERE ${auditEvents.at} >= ${minute})`;
    const seen = tx
      .select({ seq: auditEvents.seq })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.actorUserId, actor.userId ?? -1),
          gte(auditEvents.seq, fromSeq),
          eq(auditEvents.action, 'access.refused'),
          sql`json_extract(${auditEvents.details}, '$.route') = ${route}`,
        ),
      )
      .limit(1)
      .get();
    if (seen) return false;
    recordEvent(tx, {
      at: now,
      actor,
      action: 'access.refused',
      details: { route, path: refusal.path, why: refusal.why },
    });
    return true;
  });
}
