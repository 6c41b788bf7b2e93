// Signing in and out. Every outcome is an audit event; a sign-in always starts a new session
// (the id a visitor brought along is never promoted: no session fixation).
import { and, eq } from 'drizzle-orm';
import { users, type User } from '../../../db/schema';
import { recordEvent } from '../audit/trail';
import { transaction, type Db } from '../lib/db';
import {
  hashParameters,
  hashPassword,
  needsRehash,
  unmatchableHash,
  verifyPassword,
} from './password';
import { fail, ok, type Result } from '../lib/result';
import { createSession, deleteSession, type SessionPolicy } from './sessions';
import { accountKey, addressKey, clearFailures, lockedUntil, recordFailure } from './throttle';

export type SignInInput = {
  email: string;
  password: string;
  ip: string;
  now: Date;
  previousSessionId?: string;
  policy: SessionPolicy;
  /** scrypt N for new hashes (see password.ts); a sign-in re-hashes a password stored at other parameters. */
  scryptN: number;
};

export async function signIn(
  db: Db,
  input: SignInInput,
): Promise<Result<{ token: string; user: User }>> {
  const email = input.email.trim().toLowerCase();
  const keys = [accountKey(email), addressKey(input.ip)];
  const locked = lockedUntil(db, keys, input.now);
  if (locked) {
    // Still audited: attempts during a lock are what a brute-force investigation looks for.
    transaction(db, (tx) =>
      recordEvent(tx, {
        at: input.now,
        actor: { userId: null, role: 'anonymous' },
        action: 'user.sign_in_failed',
        details: { email, ip: input.ip, lockedUntil: locked.toISOString() },
      }),
    );
    return fail('signIn.locked', { params: { until: locked.toISOString() }, status: 429 });
  }

  const user = db.select().from(users).where(eq(users.email, email)).get();
  // An unknown account is checked against a hash at the current parameters that nothing matches,
  // so the answer takes as long as a wrong password's (and costs no extra derivation to make).
  const stored = user?.passwordHash ?? unmatchableHash(input.scryptN);
  const valid = await verifyPassword(input.password, stored);

  if (!valid || !user || !user.active) {
    const until = transaction(db, (tx) => {
      const lock = recordFailure(tx, keys, input.now);
      recordEvent(tx, {
        at: input.now,
        actor: { userId: user?.id ?? null, role: 'anonymous' },
        action: 'user.sign_in_failed',
        details: { email, ip: input.ip },
      });
      if (lock) {
        recordEvent(tx, {
          at: input.now,
          actor: { userId: user?.id ?? null, role: 'anonymous' },
          action: 'user.locked_out',
          details: { email, ip: input.ip, until: lock.toISOString() },
        });
      }
      return lock;
    });
    return until
      ? fail('signIn.locked', { params: { until: until.toISOString() }, status: 429 })
      : fail('signIn.failed', { status: 400 });
  }

  // A hash made at other parameters (before the cost changed) is replaced now that the password
  // is known: derived outside the transaction, which must stay synchronous.
  const rehashed = needsRehash(stored, input.scryptN)
    ? await hashPassword(input.password, input.scryptN)
    : null;

  return transaction(db, (tx) => {
    // The account as it is now, not as it was before the password check: deactivated during
    // those milliseconds, it gets no session.
    const now = tx.select().from(users).where(eq(users.id, user.id)).get();
    if (!now?.active) return fail('signIn.failed', { status: 400 });
    if (input.previousSessionId) deleteSession(tx, input.previousSessionId);
    clearFailures(tx, keys[0]!);
    const { token } = createSession(tx, user.id, input.now, input.policy);
    // Only over the hash that was verified: a password changed meanwhile is not overwritten. The
    // user's version stays: nothing an editor sees has changed.
    const upgraded =
      rehashed !== null &&
      tx
        .update(users)
        .set({ passwordHash: rehashed })
        .where(and(eq(users.id, user.id), eq(users.passwordHash, stored)))
        .returning({ id: users.id })
        .all().length > 0;
    recordEvent(tx, {
      at: input.now,
      actor: { userId: user.id, role: user.roles[0] ?? 'anonymous' },
      action: 'user.signed_in',
      details: {
        ip: input.ip,
        ...(upgraded
          ? { rehashed: { from: hashParameters(stored), to: hashParameters(rehashed) } }
          : {}),
      },
    });
    return ok({ token, user: now });
  });
}

export function signOut(db: Db, sessionId: string, user: User, now: Date): void {
  transaction(db, (tx) => {
    deleteSession(tx, sessionId);
    recordEvent(tx, {
      at: now,
      actor: { userId: user.id, role: user.roles[0] ?? 'anonymous' },
      action: 'user.signed_out',
    });
  });
}
