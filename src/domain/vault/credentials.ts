// Login details in the vault (footnote to Article 2: for Instagram and the other platforms
// Communicatie holds the login details). One AES-256-GCM value per channel holds user name,
// password, two-factor notes and the account's TOTP secret together; the row beside it keeps only
// dates, the key id and how Communicatie gets past two-step verification.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import {
  credentials,
  platformConnections,
  TWO_FACTOR_METHODS,
  type TwoFactorMethod,
} from '../../../db/schema';
import { f } from '../../validation';
import { accessKind } from '../registry/access';
import { recordEvent, type Actor } from '../audit/trail';
import { getChannel } from '../registry/channels';
import { transaction, type Db } from '../lib/db';
import { fail, ok, type Result } from '../lib/result';
import { open, seal, VaultError, type VaultKeys } from './vault';
import { resealTotpSecrets } from '../auth/totp';
import { resealOAuth } from './oauth';
import { parseTotpSecret } from './platform-codes';

export type LoginDetails = {
  username: string;
  password: string;
  twoFactor: string;
  /** The platform account's TOTP secret (base32), when its codes are in the vault. */
  totpSecret?: string;
};
type StoredRow = typeof credentials.$inferSelect;

// The password is kept exactly as typed: trimming would change it.
export const credentialSchema = z.object({
  username: f.optionalText(200),
  password: z
    .string({ error: 'field.required' })
    .min(1, { error: 'field.required' })
    .max(500)
    .refine((s) => !/[\u0000-\u001F\u007F]/.test(s), { error: 'field.controlChars' }),
  twoFactor: f.optionalLongText(2000),
  /** The TOTP secret or otpauth:// link; empty keeps the stored one. */
  totp: f.optionalText(500),
  /** Empty keeps the stored method; a TOTP secret given means codes_in_vault. */
  twoFactorMethod: z
    .preprocess((v) => (v === '' ? undefined : v), z.enum(TWO_FACTOR_METHODS).optional())
    .optional(),
});
type ParsedCredentials = z.output<typeof credentialSchema>;
export type CredentialInput = Omit<ParsedCredentials, 'totp'> &
  Partial<Pick<ParsedCredentials, 'totp'>>;

const storedRow = (db: Db, channelId: number) =>
  db.select().from(credentials).where(eq(credentials.channelId, channelId)).get();

/** Decrypts a stored row; a missing or wrong key becomes a clear failure, never garbage. */
export function openRow(vault: VaultKeys | null, row: StoredRow): Result<LoginDetails> {
  try {
    return ok(JSON.parse(open(vault, row.channelId, row)) as LoginDetails);
  } catch (e) {
    if (e instanceof VaultError)
      return fail(e.reason, { params: { keyId: e.keyId ?? '' }, status: 422 });
    throw e;
  }
}

function sealDetails(
  vault: VaultKeys | null,
  channelId: number,
  details: LoginDetails,
): Result<ReturnType<typeof seal>> {
  try {
    return ok(seal(vault, channelId, JSON.stringify(details)));
  } catch (e) {
    if (e instanceof VaultError)
      return fail(e.reason, { params: { keyId: e.keyId ?? '' }, status: 422 });
    throw e;
  }
}

/**
 * Stores new login details, or updates them (an empty user name or two-factor note keeps the
 * stored one). Clears `mustRotate`: new details after a reveal are what the rotation asked for.
 */
export function putCredentials(
  tx: Db,
  actor: Actor,
  channelId: number,
  input: CredentialInput,
  vault: VaultKeys | null,
  now: Date,
): Result<StoredRow> {
  const channel = getChannel(tx, channelId);
  if (!channel) return fail('channel.notFound', { status: 404 });
  if (accessKind(channel.platform) !== 'login') return fail('access.loginNotForAdminPlatform');
  const current = storedRow(tx, channelId);
  let before: LoginDetails = { username: '', password: '', twoFactor: '' };
  if (current) {
    const opened = openRow(vault, current);
    if (!opened.ok) return opened;
    before = opened.value;
  }
  const totp = input.totp ? parseTotpSecret(input.totp) : null;
  if (totp && !totp.ok) return totp;
  const method: TwoFactorMethod | null = totp
    ? 'codes_in_vault'
    : (input.twoFactorMethod ?? current?.twoFactorMethod ?? null);
  const totpSecret = method === 'codes_in_vault' ? (totp?.value ?? before.totpSecret) : undefined;
  if (method === 'codes_in_vault' && !totpSecret)
    return fail('credentials.totpRequired', { field: 'totp' });
  const next: LoginDetails = {
    username: input.username ?? before.username,
    password: input.password,
    twoFactor: input.twoFactor || before.twoFactor,
    // Another way past two-step verification drops a stored secret.
    ...(totpSecret ? { totpSecret } : {}),
  };
  if (!next.username) return fail('field.required', { field: 'username' });
  const sealed = sealDetails(vault, channelId, next);
  if (!sealed.ok) return sealed;
  const values = {
    ...sealed.value,
    changedAt: now.toISOString(),
    changedBy: actor.userId,
    mustRotate: false,
    twoFactorMethod: method,
  };
  const row = current
    ? tx
        .update(credentials)
        .set({ ...values, version: current.version + 1 })
        .where(eq(credentials.channelId, channelId))
        .returning()
        .get()!
    : tx
        .insert(credentials)
        .values({ channelId, ...values })
        .returning()
        .get();
  // Which parts changed, never their values.
  const keys: (keyof LoginDetails)[] = ['username', 'password', 'twoFactor', 'totpSecret'];
  const changed = keys.filter((k) => next[k] !== before[k]);
  recordEvent(tx, {
    at: now,
    actor,
    action: current ? 'credentials.updated' : 'credentials.stored',
    channelId,
    departmentId: channel.departmentId,
    details: { changed, secondStep: method, keyId: row.keyId },
  });
  return ok(row);
}

export const storeCredentials = (
  db: Db,
  actor: Actor,
  channelId: number,
  input: CredentialInput,
  vault: VaultKeys | null,
  now: Date,
) => transaction(db, (tx) => putCredentials(tx, actor, channelId, input, vault, now));

/** "I signed in with these details today: they still work." */
export function verifyCredentials(
  db: Db,
  actor: Actor,
  channelId: number,
  version: number,
  vault: VaultKeys | null,
  now: Date,
): Result<StoredRow> {
  return transaction(db, (tx) => {
    const channel = getChannel(tx, channelId);
    const current = storedRow(tx, channelId);
    if (!channel || !current) return fail('credentials.noneStored', { status: 404 });
    // Verifying details that no longer decrypt would hide a broken vault.
    const opened = openRow(vault, current);
    if (!opened.ok) return opened;
    const row = tx
      .update(credentials)
      .set({ verifiedAt: now.toISOString(), verifiedBy: actor.userId, version: version + 1 })
      .where(and(eq(credentials.channelId, channelId), eq(credentials.version, version)))
      .returning()
      .get();
    if (!row) return fail('error.conflict', { status: 409 });
    recordEvent(tx, {
      at: now,
      actor,
      action: 'credentials.verified',
      channelId,
      departmentId: channel.departmentId,
      details: { previousVerifiedAt: current.verifiedAt },
    });
    return ok(row);
  });
}

/**
 * Re-encrypts every stored value under `to.currentKeyId` in ONE transaction: either every value
 * moves to the new key or none does. Throws VaultError (and changes nothing) when a value does
 * not open with `from`.
 */
export function reencryptAll(
  db: Db,
  actor: Actor,
  from: VaultKeys,
  to: VaultKeys,
  now: Date,
): number {
  return transaction(db, (tx) => {
    const rows = tx.select().from(credentials).all();
    const oldKeys = new Set<string>();
    for (const row of rows) {
      oldKeys.add(row.keyId);
      const sealed = seal(to, row.channelId, open(from, row.channelId, row));
      tx.update(credentials)
        .set({ ...sealed, version: row.version + 1 })
        .where(eq(credentials.channelId, row.channelId))
        .run();
    }
    // The users' TOTP secrets are sealed with the same key: they move with the login details.
    const totpFactors = resealTotpSecrets(tx, from, to);
    // So are the platforms' tokens (and a YouTube connection's refresh token).
    const connections = tx.select().from(platformConnections).all();
    for (const c of connections) {
      tx.update(platformConnections)
        .set({
          ...seal(to, c.channelId, open(from, c.channelId, c)),
          ...resealOAuth(c, from, to),
          version: c.version + 1,
        })
        .where(eq(platformConnections.channelId, c.channelId))
        .run();
    }
    recordEvent(tx, {
      at: now,
      actor,
      action: 'vault.key_rotated',
      details: {
        values: rows.length,
        totpFactors,
        platformConnections: connections.length,
        fromKeyIds: [...oldKeys].sort(),
        toKeyId: to.currentKeyId,
      },
    });
    return rows.length;
  });
}
