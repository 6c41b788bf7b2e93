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
import {
  accountKey,
  addressKey,
  reserveAttempt,
  settleFailure,
  settleSuccess,
  type RefusedWindow,
} from './throttle';

export type SignInInput = {
  email: string;
  password: string;
  ip: string;
  /** The browser's User-Agent, kept on the session for the sessions page. */
  userAgent?: string | undefined;
  now: Date;
  previousSessionId?: string;
  policy: SessionPolicy;
  /** scrypt N for new hashes (see password.ts); a sign-in re-hashes a password stored at other parameters. */
  scryptN: number;
};

const lockedOut = (until: Date) =>
  fail('signIn.locked', { params: { until: until.toISOString() }, status: 429 });

/** The key named as what it is (an e-mail or an address), never the raw key. */
function refusedDetails(w: RefusedWindow) {
  const [kind, ...rest] = w.key.split(':');
  const value = rest.join(':');
  const who =
    kind === 'account'
      ? { email: value }
      : kind === 'factor'
        ? { userId: Number(value) }
        : { ip: value };
  return { ...who, refused: w.count, since: w.since, lockedUntil: w.lockedUntil };
}

// While attempts being checked could still lock the account or address, a new one waits for
// them (a hash takes well under a second); after MAX_WAIT_MS it is answered as locked.
const WAIT_MS = 25;
const MAX_WAIT_MS = 5_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function reserve(db: Db, keys: string[], now: Date): Promise<Date | null> {
  for (let waited = 0; ; waited += WAIT_MS) {
    const reserved = transaction(db, (tx) => {
      const r = reserveAttempt(tx, keys, now);
      // Attempts during a lock are what a brute-force investigation looks for: audited, but as
      // one event per lock with their count (when it is over), so a flood cannot flood the trail.
      for (const window of r.closed) {
        recordEvent(tx, {
          at: now,
          actor: { userId: null, role: 'anonymous' },
          action: 'user.sign_in_refused',
          details: refusedDetails(window),
        });
      }
      return r;
    });
    if (!reserved.busy) return reserved.lockedUntil;
    if (waited >= MAX_WAIT_MS) return new Date(now.getTime() + 30_000);
    await sleep(WAIT_MS);
  }
}

export async function signIn(
  db: Db,
  input: SignInInput,
): Promise<Result<{ token: string; user: User }>> {
  const email = input.email.trim().toLowerCase();
  const keys = [accountKey(email), addressKey(input.ip)];
  // Counted before the password is hashed, so guesses sent at once cannot outrun the count.
  const locked = await reserve(db, keys, input.now);
  if (locked) return lockedOut(locked);

  const user = db.select().from(users).where(eq(users.email, email)).get();
  // An unknown account is checked against a hash at the current parameters that nothing matches,
  // so the answer takes as long as a wrong password's (and costs no extra derivation to make).
  // An account made by the identity provider has no password (''): it answers the same way.
  const stored = user?.passwordHash || unmatchableHash(input.scryptN);
  const valid = await verifyPassword(input.password, stored);

  if (!valid || !user || !user.active) {
    const until = transaction(db, (tx) => {
      const lock = settleFailure(tx, keys, input.now);
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
    return until ? lockedOut(until) : fail('signIn.failed', { status: 400 });
  }

  // A hash made at other parameters (before the cost changed) is replaced now that the password
  // is known: derived outside the transaction, which must stay synchronous.
  const rehashed = needsRehash(stored, input.scryptN)
    ? await hashPassword(input.password, input.scryptN)
    : null;

  return transaction(db, (tx): Result<{ token: string; user: User }> => {
    // The guesses checked alongside this one may have locked the account meanwhile.
    const lockedNow = settleSuccess(tx, keys, input.now);
    if (lockedNow) return lockedOut(lockedNow);
    // The account as it is now, not as it was before the password check: deactivated during
    // those milliseconds, it gets no session.
    const current = tx.select().from(users).where(eq(users.id, user.id)).get();
    if (!current?.active) return fail('signIn.failed', { status: 400 });
    if (input.previousSessionId) deleteSession(tx, input.previousSessionId);
    const { token } = createSession(tx, user.id, input.now, input.policy, {
      ip: input.ip,
      userAgent: input.userAgent,
    });
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
    return ok({ token, user: current });
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
