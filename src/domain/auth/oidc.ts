// OpenID Connect with the city's identity provider (Microsoft Entra ID in Turnhout): the
// authorization code flow with PKCE, state and nonce, through openid-client (fetch and WebCrypto
// only, so the Workers target runs it too). This module speaks the protocol and hands back the
// ID token's verified claims; what they mean for the console is oidc-sign-in.ts.
import * as client from 'openid-client';
import type { Role } from '../../../db/schema';
import { fail, ok, type Result } from '../lib/result';

export type OidcSettings = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** BASE_URL + /sign-in/oidc/callback, registered at the provider. */
  redirectUri: string;
  /** The provider as the sign-in page names it: "Aanmelden met {name}". */
  name: string;
  /** The ID token claim that lists the user's groups or app roles ("groups", "roles"). */
  roleClaim: string;
  /** A group or app role at the provider → the console roles it gives. */
  roleMap: Record<string, Role[]>;
  /** amr values of the ID token that count as the console's second factor ("mfa"). */
  mfaAmr: string[];
  /** Whether a first sign-in of someone the console does not know creates their account. */
  createUsers: boolean;
  /** Whether the provider's e-mail claims are its own verified addresses (a single-tenant Entra app). */
  trustEmail: boolean;
};

/** What the browser keeps (in a short-lived cookie) between the redirect out and the callback. */
export type PendingSignIn = { state: string; nonce: string; verifier: string; next: string };

/** The ID token's claims, verified (signature, issuer, audience, expiry, nonce). */
export type OidcClaims = Record<string, unknown> & { iss: string; sub: string };

export type OidcRefusal = 'state' | 'nonce' | 'expired' | 'provider' | 'invalid';

// Discovery once per issuer and process; a failed one is tried again at the next sign-in.
const discovered = new Map<string, Promise<client.ServerMetadata>>();

// Plain http only for a provider on this machine (the tests' provider on 127.0.0.1).
const loopbackHttp = (url: string) =>
  /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//.test(url.endsWith('/') ? url : `${url}/`);

async function configuration(s: OidcSettings, now: Date): Promise<client.Configuration> {
  const insecure = loopbackHttp(s.issuer);
  let metadata = discovered.get(s.issuer);
  if (!metadata) {
    metadata = client
      .discovery(new URL(s.issuer), s.clientId, s.clientSecret, undefined, {
        timeout: 10,
        ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
      })
      .then((c) => c.serverMetadata());
    discovered.set(s.issuer, metadata);
    metadata.catch(() => discovered.delete(s.issuer));
  }
  const config = new client.Configuration(await metadata, s.clientId, {
    client_secret: s.clientSecret,
    // The console's clock is the one tokens are judged by (tests move it; in production it is
    // the system clock and the skew is 0).
    [client.clockSkew]: Math.round((now.getTime() - Date.now()) / 1000),
  });
  if (insecure) client.allowInsecureRequests(config);
  return config;
}

/** The provider's authorization URL for a new sign-in, and what to keep until it comes back. */
export async function startSignIn(
  s: OidcSettings,
  now: Date,
  next: string,
): Promise<{ url: string; pending: PendingSignIn }> {
  const config = await configuration(s, now);
  const pending: PendingSignIn = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    verifier: client.randomPKCECodeVerifier(),
    next,
  };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: s.redirectUri,
    scope: 'openid profile email',
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
    code_challenge_method: 'S256',
  });
  return { url: url.href, pending };
}

type Cause = { code?: string; claim?: string; cause?: Cause };

/** Why openid-client refused the answer, in the audit's words. */
function refusalOf(err: unknown): OidcRefusal {
  if (err instanceof client.AuthorizationResponseError) return 'provider';
  // openid-client wraps oauth4webapi's error; the claim it failed on is in the innermost cause.
  for (let e = err as Cause | undefined, depth = 0; e && depth < 4; e = e.cause, depth++) {
    if (e.code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && e.cause?.claim === 'nonce')
      return 'nonce';
    if (e.code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') return 'expired';
  }
  return 'invalid';
}

/**
 * The callback: checks the state against the one this browser was sent off with, exchanges the
 * code (with the PKCE verifier) and verifies the ID token (nonce, expiry by the console's clock).
 */
export async function finishSignIn(
  s: OidcSettings,
  now: Date,
  callback: URLSearchParams,
  pending: PendingSignIn | null,
): Promise<Result<OidcClaims> & { refusal?: OidcRefusal; detail?: string }> {
  // Checked here too, before any request to the provider: a callback this browser did not start
  // (login CSRF) goes no further.
  if (!pending || callback.get('state') !== pending.state)
    return { ...fail('oidc.refused.state', { status: 400 }), refusal: 'state' };
  try {
    const config = await configuration(s, now);
    const url = new URL(s.redirectUri);
    url.search = callback.toString();
    const tokens = await client.authorizationCodeGrant(config, url, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    return ok(tokens.claims() as OidcClaims);
  } catch (err) {
    const refusal = refusalOf(err);
    return {
      ...fail(`oidc.refused.${refusal}`, { status: 400 }),
      refusal,
      detail: (err as Error).message?.slice(0, 200),
    };
  }
}
