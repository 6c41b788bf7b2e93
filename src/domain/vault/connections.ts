// A channel's connection to its platform's API: the page or channel id there and the access
// token, sealed like login details (AES-256-GCM, the channel id bound in), entered by
// Communicatie and never shown again. This module opens the token to build a connector
// (src/domain/platforms); the token goes nowhere else: not in the audit, a page or the log.
// A YouTube connection may also hold its OAuth client and refresh token (oauth.ts), and then
// renews its access token itself.
import { eq } from 'drizzle-orm';
import { platformConnections } from '../../../db/schema';
import type { Config } from '../../config';
import { recordEvent, type Actor } from '../audit/trail';
import { transaction, type Db } from '../lib/db';
import { fail, ok, type Result } from '../lib/result';
import type { Connector, PlatformPost } from '../platforms/connector';
import type { OAuthClient } from '../platforms/google-oauth';
import { connectorFor, hasConnector } from '../platforms';
import { getChannel } from '../registry/channels';
import { sealOAuth, tokenSource } from './oauth';
import { open, seal, VaultError, type VaultKeys } from './vault';

export type Connection = typeof platformConnections.$inferSelect;
export type ConnectionInput = {
  accountId: string;
  businessId: string | null;
  /** The access token; may be empty when a refresh token (oauth) gets one. */
  token: string;
  oauth?: OAuthClient | null;
};

export const getConnection = (db: Db, channelId: number) =>
  db.select().from(platformConnections).where(eq(platformConnections.channelId, channelId)).get();

/** Stores (or replaces) the channel's connection; the event names the account, never the token. */
export function storeConnection(
  db: Db,
  actor: Actor,
  channelId: number,
  input: ConnectionInput,
  vault: VaultKeys | null,
  now: Date,
): Result<Connection> {
  return transaction(db, (t) => {
    const tx = t as unknown as Db;
    const channel = getChannel(tx, channelId);
    if (!channel) return fail('channel.notFound', { status: 404 });
    if (!hasConnector(channel.platform)) return fail('platform.notConnected', { status: 422 });
    // Only Google's tokens are refreshed; a Facebook system user's token does not run out.
    const oauth = channel.platform === 'youtube' ? (input.oauth ?? null) : null;
    if (!input.token && !oauth) return fail('field.required', { field: 'token' });
    let sealed, sealedOAuth;
    try {
      sealed = seal(vault, channelId, input.token);
      sealedOAuth = oauth ? sealOAuth(vault, channelId, oauth) : null;
    } catch (e) {
      if (e instanceof VaultError)
        return fail(e.reason, { params: { keyId: e.keyId ?? '' }, status: 422 });
      throw e;
    }
    const current = getConnection(tx, channelId);
    const values = {
      accountId: input.accountId,
      businessId: input.businessId,
      ...sealed,
      storedAt: now.toISOString(),
      storedBy: actor.userId,
      oauthKeyId: sealedOAuth?.keyId ?? null,
      oauthNonce: sealedOAuth?.nonce ?? null,
      oauthCiphertext: sealedOAuth?.ciphertext ?? null,
      // A new token has not been checked yet; its age is unknown, so a refresh token renews it.
      expiresAt: null,
      checkedAt: null,
      checkProblem: null,
      accessExpiresAt: null,
      refreshedAt: null,
      refreshProblem: null,
      lastReadProblem: null,
    };
    const row = current
      ? tx
          .update(platformConnections)
          .set({ ...values, version: current.version + 1 })
          .where(eq(platformConnections.channelId, channelId))
          .returning()
          .get()!
      : tx
          .insert(platformConnections)
          .values({ channelId, ...values })
          .returning()
          .get();
    recordEvent(tx, {
      at: now,
      actor,
      action: 'platform.connected',
      channelId,
      departmentId: channel.departmentId,
      details: {
        account: input.accountId,
        business: input.businessId,
        replaced: !!current,
        renews: !!oauth,
        keyId: row.keyId,
      },
    });
    return ok(row);
  });
}

/** The channel's connector with its token opened, or why there is none. */
export function connectorOf(db: Db, config: Config, channelId: number): Result<Connector> {
  const channel = getChannel(db, channelId);
  const row = getConnection(db, channelId);
  if (!channel || !row || !hasConnector(channel.platform))
    return fail('platform.notConnected', { status: 422 });
  try {
    // A YouTube token is opened when a request needs it (and renewed when it has run out).
    const youtube = channel.platform === 'youtube';
    const token = youtube ? '' : open(config.vault, channelId, row);
    return ok(
      connectorFor(
        channel.platform,
        {
          accountId: row.accountId,
          businessId: row.businessId,
          token,
          ...(youtube ? { tokens: tokenSource(db, config, row) } : {}),
        },
        config.platforms,
        config.now,
      ),
    );
  } catch (e) {
    if (e instanceof VaultError)
      return fail(e.reason, { params: { keyId: e.keyId ?? '' }, status: 422 });
    throw e;
  }
}

/** The scheduled posts of every connected channel among `channelIds`, asked in parallel. */
export async function scheduledPostsOf(
  db: Db,
  config: Config,
  channelIds: number[],
): Promise<Map<number, Result<PlatformPost[]>>> {
  const asked = channelIds
    .filter((id) => getConnection(db, id))
    .map(async (id) => {
      const connector = connectorOf(db, config, id);
      return [id, connector.ok ? await connector.value.listScheduled() : connector] as const;
    });
  return new Map(await Promise.all(asked));
}
