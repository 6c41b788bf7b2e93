// Sign-ins through the identity provider that the console refused, on the record as
// `user.oidc_refused`. A refusal of a valid ID token (no role, inactive, ...) names the person
// and is recorded each time: only the provider can issue one. A callback that fails the
// protocol (wrong state or nonce, an expired token) can be sent by anyone, so those are
// collapsed to one event per address, reason and minute, with how often it happened meanwhile
// left to the log.
import { and, eq, gte, sql } from 'drizzle-orm';
import { auditEvents } from '../../../db/schema';
import { recordEvent } from '../audit/trail';
import { transaction, type Db, type Tx } from '../lib/db';

const ACTION = 'user.oidc_refused';

export function refuseOidc(
  tx: Tx,
  now: Date,
  ip: string,
  reason: string,
  details: Record<string, unknown> & { userId: number | null },
): void {
  const { userId, ...rest } = details;
  recordEvent(tx, {
    at: now,
    actor: { userId, role: 'anonymous' },
    action: ACTION,
    details: { reason, ip, ...rest },
  });
}

/** A protocol failure at the callback; false when this address had one this minute already. */
export function recordProtocolRefusal(db: Db, now: Date, ip: string, reason: string): boolean {
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString();
  return transaction(db, (tx) => {
    const fromSeq = sql`(SELECT min(${auditEvents.seq}) FROM ${auditEvents} WHERE ${auditEvents.at} >= ${minute})`;
    const seen = tx
      .select({ seq: auditEvents.seq })
      .from(auditEvents)
      .where(
        and(
          gte(auditEvents.seq, fromSeq),
          eq(auditEvents.action, ACTION),
          sql`json_extract(${auditEvents.details}, '$.ip') = ${ip}`,
          sql`json_extract(${auditEvents.details}, '$.reason') = ${reason}`,
        ),
      )
      .limit(1)
      .get();
    if (seen) return false;
    refuseOidc(tx, now, ip, reason, { userId: null });
    return true;
  });
}
