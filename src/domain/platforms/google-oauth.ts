// Google's OAuth 2.0 token endpoint, for a YouTube connection's refresh token: a refresh token
// (long-lived, from the channel owner's consent) is exchanged for an access token that lasts
// about an hour. Reference: https://developers.google.com/identity/protocols/oauth2/web-server#offline
// (POST https://oauth2.googleapis.com/token, form fields client_id, client_secret, refresh_token,
// grant_type=refresh_token; the answer has access_token and expires_in; a refresh token expired or
// revoked answers 400 invalid_grant, an unknown client 401 invalid_client).
import { fail, ok, type Result } from '../lib/result';
import { exchange, type HttpSettings } from './http';

export type OAuthClient = { clientId: string; clientSecret: string; refreshToken: string };
export type AccessToken = { accessToken: string; expiresAt: string };

/**
 * What a connector is handed instead of a fixed token when its platform's tokens run out: the
 * token to send now, and a fresh one after the platform refused the current one (401).
 */
export type TokenSource = {
  current(): Promise<Result<string>>;
  renew(): Promise<Result<string>>;
};

export const fixedToken = (token: string): TokenSource => ({
  current: async () => ok(token),
  renew: async () => fail('platform.tokenExpired', { status: 422 }),
});

type TokenAnswer = { access_token?: string; expires_in?: number; error?: string };

export async function refreshAccessToken(
  tokenUrl: string,
  client: OAuthClient,
  http: HttpSettings,
  now: Date,
): Promise<Result<AccessToken>> {
  const answer = await exchange(
    tokenUrl,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: client.clientId,
        client_secret: client.clientSecret,
        refresh_token: client.refreshToken,
        grant_type: 'refresh_token',
      }).toString(),
    },
    http,
  );
  const body = answer.body as TokenAnswer | null;
  if (answer.status === 200 && body?.access_token)
    return ok({
      accessToken: body.access_token,
      expiresAt: new Date(now.getTime() + (body.expires_in ?? 3600) * 1000).toISOString(),
    });
  if (answer.status === 0 || answer.status >= 500) return fail('platform.down', { status: 422 });
  if (answer.status === 429) return fail('platform.rateLimited', { status: 422 });
  // invalid_grant (refresh token expired or revoked), invalid_client, unauthorized_client.
  return fail('platform.refreshRefused', { status: 422 });
}
