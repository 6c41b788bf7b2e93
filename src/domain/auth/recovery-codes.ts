// Ten single-use recovery codes, for a lost phone or passkey: shown once when made, kept as
// SHA-256 (50 random bits each, throttled like passwords, so a fast hash is enough). Making new
// ones voids the old. A lost factor with no code left is reset by Communicatie (reset.ts).
import { createHash, randomInt } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { recoveryCodes, type User } from '../../../db/schema';
import { recordEvent } from '../audit/trail';
import { transaction, type Db, type Tx } from '../lib/db';
import { fail, ok, type Result } from '../lib/result';
import { recordFactorUse, selfActor } from './second-factor';
import { reserve } from './sign-in';
import { addressKey, secondFactorKey, settleFailure, settleSuccess } from './throttle';

export const RECOVERY_CODE_COUNT = 10;
// No 0/O, 1/I/L: read off paper without doubt.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

const hashOf = (code: string) =>
  createHash('sha256')
    .update(code.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .digest('hex');

function newCode(): string {
  const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/** Replaces the user's recovery codes with ten new ones; returns them, to show once. */
export function newRecoveryCodes(tx: Tx, userId: number, now: Date): string[] {
  tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  tx.insert(recoveryCodes)
    .values(codes.map((c) => ({ userId, codeHash: hashOf(c), createdAt: now.toISOString() })))
    .run();
  return codes;
}

/** New recovery codes for the user, audited (never the codes): one transaction. */
export function makeRecoveryCodes(db: Db, user: User, now: Date): string[] {
  return transaction(db, (tx) => {
    const codes = newRecoveryCodes(tx, user.id, now);
    recordEvent(tx, {
      at: now,
      actor: selfActor(user),
      action: 'second_factor.codes_made',
      details: { count: codes.length },
    });
    return codes;
  });
}

/** How many of the user's recovery codes are still unused. */
export const recoveryCodesLeft = (db: Db, userId: number): number =>
  db
    .select({ id: recoveryCodes.id })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
    .all().length;

export const hasRecoveryCodes = (db: Db | Tx, userId: number): boolean =>
  !!db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, userId)).get();

/** Uses one recovery code in place of the second factor: once only, audited with how many are left. */
export async function useRecoveryCode(
  db: Db,
  user: User,
  input: { code: string; ip: string; now: Date; sessionId: string },
): Promise<Result<{ remaining: number }>> {
  const keys = [secondFactorKey(user.id), addressKey(input.ip)];
  const locked = await reserve(db, keys, input.now);
  if (locked)
    return fail('signIn.locked', { params: { until: locked.toISOString() }, status: 429 });
  return transaction(db, (tx): Result<{ remaining: number }> => {
    const unused = and(eq(recoveryCodes.userId, user.id), isNull(recoveryCodes.usedAt));
    const match = tx
      .select({ id: recoveryCodes.id })
      .from(recoveryCodes)
      .where(and(unused, eq(recoveryCodes.codeHash, hashOf(input.code))))
      .get();
    if (!match) {
      const until = settleFailure(tx, keys, input.now);
      recordEvent(tx, {
        at: input.now,
        actor: selfActor(user),
        action: 'second_factor.failed',
        details: { kind: 'recovery', ip: input.ip },
      });
      return until
        ? fail('signIn.locked', { params: { until: until.toISOString() }, status: 429 })
        : fail('secondFactor.failed', { field: 'code' });
    }
    const lockedNow = settleSuccess(tx, keys, input.now);
    if (lockedNow)
      return fail('signIn.locked', { params: { until: lockedNow.toISOString() }, status: 429 });
    tx.update(recoveryCodes)
      .set({ usedAt: input.now.toISOString() })
      .where(eq(recoveryCodes.id, match.id))
      .run();
    const remaining = tx.select().from(recoveryCodes).where(unused).all().length;
    recordFactorUse(tx, user, input.sessionId, input.now, 'recovery', { remaining });
    return ok({ remaining });
  });
}
