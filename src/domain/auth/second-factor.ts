// The second factor: who needs one, and the session that proved one. A session signed in with a
// password only reaches the second-factor pages until `markSecondFactor` runs for it (after a
// TOTP code, a recovery code, a passkey, or an identity provider whose amr counts).
import { and, eq, isNotNull } from 'drizzle-orm';
import { secondFactors, sessions, type Role, type Session, type User } from '../../../db/schema';
import { recordEvent, type Actor } from '../audit/trail';
import type { Db, Tx } from '../lib/db';

/** Config: a second factor for every role, or for the two that can reveal login details. */
export type SecondFactorPolicy = { requiredFor: 'all' | 'staff' };

// Communicatie and crisis operators can reveal login details (Article 2): never with one factor.
const STAFF: Role[] = ['communicatie', 'crisis_operator'];

/** Step-up: a reveal needs a second factor used this recently. */
export const STEP_UP_MINUTES = 15;

export function secondFactorRequired(user: User, policy: SecondFactorPolicy): boolean {
  return policy.requiredFor === 'all' || user.roles.some((r) => STAFF.includes(r));
}

export const hasSecondFactor = (db: Db | Tx, userId: number): boolean =>
  !!db
    .select({ id: secondFactors.id })
    .from(secondFactors)
    .where(and(eq(secondFactors.userId, userId), isNotNull(secondFactors.confirmedAt)))
    .get();

/**
 * What the session still owes: nothing, a check of a factor the user has, or an enrolment. An
 * owner (optional) without a factor owes nothing; once enrolled, the factor is asked like anyone's.
 */
export function secondFactorState(
  db: Db,
  user: User,
  session: Session,
  policy: SecondFactorPolicy,
): 'satisfied' | 'verify' | 'enrol' {
  if (session.secondFactorAt) return 'satisfied';
  if (hasSecondFactor(db, user.id)) return 'verify';
  return secondFactorRequired(user, policy) ? 'enrol' : 'satisfied';
}

/** Step-up: whether this session proved a second factor within the last STEP_UP_MINUTES. */
export function recentSecondFactor(session: Session, now: Date): boolean {
  if (!session.secondFactorAt) return false;
  return now.getTime() - new Date(session.secondFactorAt).getTime() < STEP_UP_MINUTES * 60_000;
}

/**
 * Marks the session's second factor satisfied at `at`, proven by `how` ('totp', 'recovery',
 * 'passkey', or the identity provider's amr). The factor checks call it inside their own
 * transaction; an OIDC sign-in whose amr counts calls it with the db.
 */
export function markSecondFactor(db: Db | Tx, sessionId: string, at: Date, how: string): void {
  db.update(sessions)
    .set({ secondFactorAt: at.toISOString(), secondFactorHow: how })
    .where(eq(sessions.id, sessionId))
    .run();
}

/** The audit's actor for a user acting on their own factor. */
export const selfActor = (user: User): Actor => ({
  userId: user.id,
  role: user.roles[0] ?? 'anonymous',
});

/** A factor or recovery code was accepted: the session is marked and the use audited, at once. */
export function recordFactorUse(
  tx: Tx,
  user: User,
  sessionId: string,
  now: Date,
  how: 'totp' | 'passkey' | 'recovery',
  details: Record<string, unknown> = {},
): void {
  markSecondFactor(tx, sessionId, now, how);
  recordEvent(tx, {
    at: now,
    actor: selfActor(user),
    action: how === 'recovery' ? 'second_factor.recovery_used' : 'second_factor.used',
    details: { kind: how, ...details },
  });
}
