// A lost second factor (and no recovery code left) is reset by Communicatie, with a reason, and
// never by the user alone: the factors and recovery codes go, the user's sessions end, and the
// next sign-in leads through enrolment again. One transaction with its audit event.
import { eq } from 'drizzle-orm';
import { recoveryCodes, secondFactors, users } from '../../../db/schema';
import { recordEvent, type Actor } from '../audit/trail';
import { transaction, type Db } from '../lib/db';
import { fail, ok, type Result } from '../lib/result';
import { deleteSessionsOf } from './sessions';

export const MIN_RESET_REASON = 10;

export function resetSecondFactor(
  db: Db,
  actor: Actor,
  userId: number,
  reason: string,
  now: Date,
): Result<{ factors: number }> {
  const why = reason.trim();
  if (actor.userId === userId) return fail('secondFactor.reset.notOwn', { status: 403 });
  if (why.length < MIN_RESET_REASON)
    return fail('secondFactor.reset.reasonRequired', {
      field: 'reason',
      params: { min: MIN_RESET_REASON },
    });
  return transaction(db, (tx): Result<{ factors: number }> => {
    const user = tx.select().from(users).where(eq(users.id, userId)).get();
    if (!user) return fail('secondFactor.reset.unknownUser', { status: 404 });
    const factors = tx
      .delete(secondFactors)
      .where(eq(secondFactors.userId, userId))
      .returning({ kind: secondFactors.kind })
      .all();
    tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
    deleteSessionsOf(tx, userId);
    recordEvent(tx, {
      at: now,
      actor,
      action: 'second_factor.reset',
      details: { userId, email: user.email, reason: why, kinds: factors.map((f) => f.kind) },
    });
    return ok({ factors: factors.length });
  });
}
