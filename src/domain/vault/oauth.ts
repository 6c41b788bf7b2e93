// A YouTube connection's refresh token: the OAuth client and refresh token sealed together (bound
// to the channel, like the token), exchanged at Google's token endpoint for an access token when
// the stored one has run out or the platform refused it. Each new access token is sealed in
// place of the old with a `platform.token_refreshed` event; a refused refresh (revoked, expired,
// wrong client) is kept on the connection for readiness with `platform.token_refresh_failed`.
// A token endpoint that does not answer writes nothing.
import { eq, sql } from 'drizzle-orm';
import { platformConnections } from '../../../db/schema';
import type { Config } from '../../config';
import { recordEvent, SYSTEM } from '../audit/trail';
import { transaction, type Db } from '../lib/db';
import { fail, ok, type Result } from '../lib/result';
import { openFor, sealFor, VaultError, type Sealed, type VaultKeys } from '../lib/sealed';
import { refreshAccessToken, type OAuthClient, type TokenSource } from '../platforms/google-oauth';
import { getChannel } from '../registry/channels';
import { open, seal } from './vault';

type Row = typeof platformConnections.$inferSelect;

/** Refresh a little before Google's expiry, so a request does not carry a token dying on the way. */
const MARGIN_MS = 60_000;

const context = (channelId: number) => `channel:${channelId}:oauth`;

export const sealOAuth = (vault: VaultKeys | null, channelId: number, client: OAuthClient) =>
  sealFor(vault, context(channelId), JSON.stringify(client));

const sealedOAuth = (row: Row): Sealed | null =>
  row.oauthKeyId && row.oauthNonce && row.oauthCiphertext
    ? { keyId: row.oauthKeyId, nonce: row.oauthNonce, ciphertext: row.oauthCiphertext }
    : null;

export const hasRefreshToken = (row: Row) => sealedOAuth(row) !== null;

/** The sealed OAuth client opened with `from` and sealed again with `to` (vault key rotation). */
export function resealOAuth(row: Row, from: VaultKeys, to: VaultKeys) {
  const sealed = sealedOAuth(row);
  if (!sealed) return {};
  const again = sealFor(to, context(row.channelId), openFor(from, context(row.channelId), sealed));
  return { oauthKeyId: again.keyId, oauthNonce: again.nonce, oauthCiphertext: again.ciphertext };
}

const vaultFailure = (e: unknown) => {
  if (e instanceof VaultError)
    return fail(e.reason, { params: { keyId: e.keyId ?? '' }, status: 422 });
  throw e;
};

/** The connection's tokens: the stored access token while it lasts, then a refreshed one. */
export function tokenSource(db: Db, config: Config, row: Row): TokenSource {
  const channelId = row.channelId;
  const stored = sealedOAuth(row);
  // The token renewed during this connector's life, so one crisis action refreshes once.
  let renewed: string | null = null;
  const renew = async (): Promise<Result<string>> => {
    if (!stored) return fail('platform.tokenExpired', { status: 422 });
    let client: OAuthClient;
    try {
      client = JSON.parse(openFor(config.vault, context(channelId), stored)) as OAuthClient;
    } catch (e) {
      return vaultFailure(e);
    }
    const now = config.now();
    const got = await refreshAccessToken(
      config.platforms.googleTokenUrl,
      client,
      config.platforms,
      now,
    );
    if (!got.ok && got.error !== 'platform.refreshRefused') return got;
    return transaction(db, (t): Result<string> => {
      const tx = t as unknown as Db;
      const channel = getChannel(tx, channelId);
      if (!channel) return fail('channel.notFound', { status: 404 });
      const values = got.ok
        ? {
            ...seal(config.vault, channelId, got.value.accessToken),
            accessExpiresAt: got.value.expiresAt,
            refreshedAt: now.toISOString(),
            refreshProblem: null,
          }
        : { refreshProblem: got.error };
      tx.update(platformConnections)
        .set({ ...values, version: sql`${platformConnections.version} + 1` })
        .where(eq(platformConnections.channelId, channelId))
        .run();
      recordEvent(tx, {
        at: now,
        actor: SYSTEM,
        action: got.ok ? 'platform.token_refreshed' : 'platform.token_refresh_failed',
        channelId,
        departmentId: channel.departmentId,
        details: got.ok
          ? { account: row.accountId, expiresAt: got.value.expiresAt }
          : { account: row.accountId, problem: got.error },
      });
      if (!got.ok) return got;
      renewed = got.value.accessToken;
      return ok(renewed);
    });
  };
  return {
    async current() {
      if (renewed) return ok(renewed);
      const expires = row.accessExpiresAt ? Date.parse(row.accessExpiresAt) : null;
      // With a refresh token, an access token of unknown age (none yet) is renewed first.
      if (stored && (expires === null || expires - MARGIN_MS <= config.now().getTime()))
        return renew();
      try {
        return ok(open(config.vault, channelId, row));
      } catch (e) {
        return vaultFailure(e);
      }
    },
    renew,
  };
}
