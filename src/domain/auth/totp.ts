// TOTP (RFC 6238) as a second factor: a 20-byte secret sealed with the vault key (bound to the
// user, never in the audit or the log), six digits every 30 s, one step of clock drift either
// way. A code is accepted once: the step it belongs to is stored, and a code of that step or an
// earlier one is refused (RFC 6238 §5.2). Wrong codes are throttled like passwords.
import { and, eq, isNotNull, isNull, ne } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import { secondFactors, type User } from '../../../db/schema';
import { recordEvent, SYSTEM } from '../audit/trail';
import { transaction, type Db, type Tx } from '../lib/db';
import { fail, ok, type Result } from '../lib/result';
import { openFor, sealFor, type VaultKeys } from '../lib/sealed';
import { recordFactorUse, selfActor } from './second-factor';
import { reserve } from './sign-in';
import { addressKey, secondFactorKey, settleFailure, settleSuccess } from './throttle';

export const TOTP_PERIOD = 30;
const DRIFT_STEPS = 1;
const ISSUER = 'Crisisconsole';

const context = (userId: number) => `user:${userId}:totp`;

const totpOf = (secret: string, label: string) =>
  new OTPAuth.TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: TOTP_PERIOD,
    secret: OTPAuth.Secret.fromBase32(secret),
  });

/** The time step a moment falls in (RFC 6238's T). */
export const stepAt = (now: Date) => Math.floor(now.getTime() / 1000 / TOTP_PERIOD);

/** The code an authenticator shows at `now` for a base32 secret (the demo's helper, the tests). */
export const totpCode = (secret: string, now: Date) =>
  totpOf(secret, 'code').generate({ timestamp: now.getTime() });

/**
 * Starts a TOTP enrolment: a fresh secret, sealed, kept unconfirmed (replacing an earlier
 * unconfirmed one) until a code from it is entered. Returns the secret and the otpauth:// URI
 * for the QR code, to show once; `secret` may be given (the demo seed's known one).
 */
export function beginTotp(
  tx: Tx | Db,
  user: User,
  vault: VaultKeys | null,
  now: Date,
  secret = new OTPAuth.Secret({ size: 20 }).base32,
): { secret: string; uri: string } {
  const sealed = sealFor(vault, context(user.id), secret);
  tx.delete(secondFactors)
    .where(
      and(
        eq(secondFactors.userId, user.id),
        eq(secondFactors.kind, 'totp'),
        isNull(secondFactors.confirmedAt),
      ),
    )
    .run();
  tx.insert(secondFactors)
    .values({ userId: user.id, kind: 'totp', ...sealed, createdAt: now.toISOString() })
    .run();
  return { secret, uri: totpOf(secret, user.email).toString() };
}

/**
 * A factor confirmed without a code, for a secret known beforehand: the demo seed's (README "Run
 * it"), never in production. Audited as an enrolment by the system.
 */
export function enrolKnownTotp(
  db: Db,
  user: User,
  vault: VaultKeys | null,
  secret: string,
  now: Date,
): void {
  transaction(db, (tx) => {
    beginTotp(tx, user, vault, now, secret);
    const row = tx
      .update(secondFactors)
      .set({ confirmedAt: now.toISOString() })
      .where(and(eq(secondFactors.userId, user.id), isNull(secondFactors.confirmedAt)))
      .returning({ id: secondFactors.id })
      .get()!;
    recordEvent(tx, {
      at: now,
      actor: SYSTEM,
      action: 'second_factor.enrolled',
      details: { kind: 'totp', factorId: row.id, userId: user.id },
    });
  });
}

/** The enrolment under way (a secret not yet confirmed), to show again; null when none. */
export function pendingTotp(
  db: Db,
  user: User,
  vault: VaultKeys | null,
): { secret: string; uri: string } | null {
  const row = db
    .select()
    .from(secondFactors)
    .where(
      and(
        eq(secondFactors.userId, user.id),
        eq(secondFactors.kind, 'totp'),
        isNull(secondFactors.confirmedAt),
      ),
    )
    .get();
  if (!row) return null;
  const secret = openFor(vault, context(user.id), {
    keyId: row.keyId ?? '',
    nonce: row.nonce ?? '',
    ciphertext: row.ciphertext ?? '',
  });
  return { secret, uri: totpOf(secret, user.email).toString() };
}

/** When the user's authenticator app was confirmed, or null. */
export const totpSince = (db: Db, userId: number): string | null =>
  db
    .select({ at: secondFactors.confirmedAt })
    .from(secondFactors)
    .where(
      and(
        eq(secondFactors.userId, userId),
        eq(secondFactors.kind, 'totp'),
        isNotNull(secondFactors.confirmedAt),
      ),
    )
    .get()?.at ?? null;

/**
 * Re-seals every TOTP secret under `to`'s current key (vault key rotation, in the caller's
 * transaction: the login details and these move together). Returns how many moved.
 */
export function resealTotpSecrets(tx: Tx, from: VaultKeys, to: VaultKeys): number {
  const rows = tx.select().from(secondFactors).where(eq(secondFactors.kind, 'totp')).all();
  for (const row of rows) {
    const secret = openFor(from, context(row.userId), {
      keyId: row.keyId ?? '',
      nonce: row.nonce ?? '',
      ciphertext: row.ciphertext ?? '',
    });
    tx.update(secondFactors)
      .set(sealFor(to, context(row.userId), secret))
      .where(eq(secondFactors.id, row.id))
      .run();
  }
  return rows.length;
}

/** The step of `code` for this secret near `now`, or null. */
function matchingStep(secret: string, code: string, now: Date): number | null {
  const delta = totpOf(secret, 'code').validate({
    token: code,
    timestamp: now.getTime(),
    window: DRIFT_STEPS,
  });
  return delta === null ? null : stepAt(now) + delta;
}

export type TotpCheck = { userId: number; code: string; ip: string; now: Date; sessionId: string };

/**
 * Checks a code against the user's TOTP factors (confirming an unconfirmed one it matches: that
 * is the end of enrolment) and marks the session. Throttled per user and per address; every
 * success, failure and enrolment is audited, without the code or the secret.
 */
export async function verifyTotp(
  db: Db,
  user: User,
  vault: VaultKeys | null,
  input: TotpCheck,
): Promise<Result<{ enrolled: boolean }>> {
  const keys = [secondFactorKey(user.id), addressKey(input.ip)];
  const locked = await reserve(db, keys, input.now);
  if (locked)
    return fail('signIn.locked', { params: { until: locked.toISOString() }, status: 429 });
  const code = input.code.replace(/\s/g, '');
  return transaction(db, (tx): Result<{ enrolled: boolean }> => {
    const factors = tx
      .select()
      .from(secondFactors)
      .where(and(eq(secondFactors.userId, user.id), eq(secondFactors.kind, 'totp')))
      .all();
    for (const factor of factors) {
      const secret = openFor(vault, context(user.id), {
        keyId: factor.keyId ?? '',
        nonce: factor.nonce ?? '',
        ciphertext: factor.ciphertext ?? '',
      });
      const step = matchingStep(secret, code, input.now);
      // A code of a step already used (or older) is a replay: refused like a wrong one.
      if (step === null || (factor.lastStep !== null && step <= factor.lastStep)) continue;
      const lockedNow = settleSuccess(tx, keys, input.now);
      if (lockedNow)
        return fail('signIn.locked', { params: { until: lockedNow.toISOString() }, status: 429 });
      const enrolled = factor.confirmedAt === null;
      tx.update(secondFactors)
        .set({ lastStep: step, ...(enrolled ? { confirmedAt: input.now.toISOString() } : {}) })
        .where(eq(secondFactors.id, factor.id))
        .run();
      if (enrolled) {
        // A new authenticator replaces the old one (re-enrolment from the settings page).
        tx.delete(secondFactors)
          .where(
            and(
              eq(secondFactors.userId, user.id),
              eq(secondFactors.kind, 'totp'),
              ne(secondFactors.id, factor.id),
            ),
          )
          .run();
        recordEvent(tx, {
          at: input.now,
          actor: selfActor(user),
          action: 'second_factor.enrolled',
          details: { kind: 'totp', factorId: factor.id },
        });
      }
      recordFactorUse(tx, user, input.sessionId, input.now, 'totp', { factorId: factor.id });
      return ok({ enrolled });
    }
    const until = settleFailure(tx, keys, input.now);
    recordEvent(tx, {
      at: input.now,
      actor: selfActor(user),
      action: 'second_factor.failed',
      details: {
        kind: 'totp',
        ip: input.ip,
        ...(until ? { lockedUntil: until.toISOString() } : {}),
      },
    });
    return until
      ? fail('signIn.locked', { params: { until: until.toISOString() }, status: 429 })
      : fail('secondFactor.failed', { field: 'code' });
  });
}
