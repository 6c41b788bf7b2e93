// API tokens for the city's other crisis tools. Communicatie creates one for a user; the token
// acts with that user's roles (read afresh on every call, so a role taken away or an account
// deactivated takes effect at once). The token is shown once: the table keeps only its SHA-256,
// so a copy of the database cannot be replayed against the API.
import { aliasedTable, and, desc, eq, isNull } from 'drizzle-orm';
import { apiTokens, users, type User } from '../../../db/schema';
import { recordEvent, type Actor } from '../audit/trail';
import { iso, transaction, type Db } from '../lib/db';
import { fail, ok, type Result } from '../lib/result';
// The same construction as session cookies: 256 random bits, base64url; SHA-256 hex at rest.
import { randomToken, sessionIdOf as sha256Hex } from './sessions';

/** Recognisable in a leaked file or a secret scanner; the rest is 256 random bits. */
export const TOKEN_PREFIX = 'ctc_';
export const TOKEN_PATTERN = /^ctc_[\w-]{43}$/;

// last_used_at is refreshed at most this often, so polling a board does not write on every call.
const TOUCH_AFTER_MS = 60_000;

export type ApiTokenRow = {
  id: number;
  name: string;
  userId: number;
  userName: string;
  userActive: boolean;
  createdAt: string;
  createdByName: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  version: number;
};

const creator = aliasedTable(users, 'creator');

/** Every token, newest first, without its hash. */
export function listApiTokens(db: Db): ApiTokenRow[] {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      userId: apiTokens.userId,
      userName: users.name,
      userActive: users.active,
      createdAt: apiTokens.createdAt,
      createdByName: creator.name,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
      version: apiTokens.version,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .innerJoin(creator, eq(creator.id, apiTokens.createdBy))
    .orderBy(desc(apiTokens.id))
    .all();
}

/** Creates a token for `userId`. The returned `token` exists nowhere else: show it once. */
export function createApiToken(
  db: Db,
  actor: Actor,
  input: { userId: number; name: string },
  now: Date,
): Result<{ id: number; token: string }> {
  const name = input.name.trim();
  if (!name) return fail('field.required', { field: 'name', status: 422 });
  return transaction(db, (tx) => {
    const user = tx.select().from(users).where(eq(users.id, input.userId)).get();
    if (!user) return fail('api.token.userUnknown', { field: 'userId', status: 422 });
    if (!user.active) return fail('api.token.userInactive', { field: 'userId', status: 422 });
    const token = `${TOKEN_PREFIX}${randomToken()}`;
    const row = tx
      .insert(apiTokens)
      .values({
        userId: user.id,
        name,
        tokenHash: sha256Hex(token),
        createdAt: iso(now),
        createdBy: actor.userId!,
      })
      .returning({ id: apiTokens.id })
      .get();
    // Audit details may not name a key "token": the action name says what `id` is.
    recordEvent(tx, {
      at: now,
      actor,
      action: 'api_token.created',
      details: { id: row.id, name, userId: user.id, roles: user.roles },
    });
    return ok({ id: row.id, token });
  });
}

/**
 * Revoking is final; a token revoked twice is reported, not revoked again. `version` is the one
 * the page showed: a token changed since (revoked by someone else) answers 409.
 */
export function revokeApiToken(
  db: Db,
  actor: Actor,
  { id, version }: { id: number; version: number },
  now: Date,
): Result<{ id: number; name: string }> {
  return transaction(db, (tx) => {
    const current = tx.select().from(apiTokens).where(eq(apiTokens.id, id)).get();
    if (!current) return fail('api.token.notFound', { status: 404 });
    if (current.revokedAt) return fail('api.token.alreadyRevoked', { status: 409 });
    const revoked = tx
      .update(apiTokens)
      .set({ revokedAt: iso(now), version: version + 1 })
      .where(and(eq(apiTokens.id, id), eq(apiTokens.version, version), isNull(apiTokens.revokedAt)))
      .returning()
      .get();
    if (!revoked) return fail('error.conflict', { status: 409 });
    recordEvent(tx, {
      at: now,
      actor,
      action: 'api_token.revoked',
      details: { id, name: current.name, userId: current.userId },
    });
    return ok({ id, name: current.name });
  });
}

export type TokenCheck =
  | { ok: true; user: User; tokenId: number }
  | { ok: false; reason: 'malformed' | 'unknown' | 'revoked' | 'inactive'; tokenId?: number };

/** The user a bearer token acts for, or why it is refused. Notes the use (at most once a minute). */
export function authenticateApiToken(db: Db, token: string, now: Date): TokenCheck {
  if (!TOKEN_PATTERN.test(token)) return { ok: false, reason: 'malformed' };
  const row = db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, sha256Hex(token)))
    .get();
  if (!row) return { ok: false, reason: 'unknown' };
  const tokenId = row.token.id;
  if (row.token.revokedAt) return { ok: false, reason: 'revoked', tokenId };
  if (!row.user.active) return { ok: false, reason: 'inactive', tokenId };
  const last = row.token.lastUsedAt ? Date.parse(row.token.lastUsedAt) : 0;
  if (now.getTime() - last > TOUCH_AFTER_MS) {
    db.update(apiTokens)
      .set({ lastUsedAt: iso(now) })
      .where(eq(apiTokens.id, tokenId))
      .run();
  }
  return { ok: true, user: row.user, tokenId };
}
