// Passkeys (WebAuthn) as a second factor, with @simplewebauthn/server: registration from the
// second-factor settings, assertion at sign-in and step-up. A ceremony's challenge is kept per
// session (webauthn_challenges) and used once; a credential is stored in second_factors (kind
// 'passkey': its id, public key and signature counter). The relying party is BASE_URL's host.
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { and, eq } from 'drizzle-orm';
import {
  secondFactors,
  webauthnChallenges,
  type SecondFactor,
  type Session,
  type User,
} from '../../../db/schema';
import { recordEvent } from '../audit/trail';
import { transaction, type Db } from '../lib/db';
import { fail, ok, type Result } from '../lib/result';
import { recordFactorUse, selfActor } from './second-factor';

/** Who the passkeys belong to: BASE_URL's host (rpID) and origin. */
export type RelyingParty = { id: string; origin: string; name: string };

export const relyingPartyOf = (baseUrl: string): RelyingParty => {
  const url = new URL(baseUrl);
  return { id: url.hostname, origin: url.origin, name: 'Crisisconsole' };
};

// A ceremony left this long is over: the browser's own timeout is one minute.
const CHALLENGE_MS = 5 * 60_000;
const TIMEOUT_MS = 60_000;

export const passkeysOf = (db: Db, userId: number): SecondFactor[] =>
  db
    .select()
    .from(secondFactors)
    .where(and(eq(secondFactors.userId, userId), eq(secondFactors.kind, 'passkey')))
    .all();

function keepChallenge(db: Db, session: Session, purpose: 'register' | 'authenticate', now: Date) {
  return (challenge: string) =>
    db
      .insert(webauthnChallenges)
      .values({ sessionId: session.id, purpose, challenge, createdAt: now.toISOString() })
      .onConflictDoUpdate({
        target: webauthnChallenges.sessionId,
        set: { purpose, challenge, createdAt: now.toISOString() },
      })
      .run();
}

/** The session's challenge for `purpose`, taken (deleted) so it serves one answer only. */
function takeChallenge(db: Db, sessionId: string, purpose: string, now: Date): string | null {
  const row = db
    .delete(webauthnChallenges)
    .where(eq(webauthnChallenges.sessionId, sessionId))
    .returning()
    .get();
  if (!row || row.purpose !== purpose) return null;
  return now.getTime() - new Date(row.createdAt).getTime() < CHALLENGE_MS ? row.challenge : null;
}

export async function registrationOptions(
  db: Db,
  user: User,
  session: Session,
  rp: RelyingParty,
  now: Date,
) {
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.email,
    userDisplayName: user.name,
    userID: new Uint8Array(new TextEncoder().encode(`user:${user.id}`)),
    attestationType: 'none',
    timeout: TIMEOUT_MS,
    excludeCredentials: passkeysOf(db, user.id).map((p) => ({ id: p.credentialId! })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
  keepChallenge(db, session, 'register', now)(options.challenge);
  return options;
}

/** Checks the browser's answer to the registration challenge and stores the passkey, audited. */
export async function registerPasskey(
  db: Db,
  user: User,
  session: Session,
  rp: RelyingParty,
  response: RegistrationResponseJSON,
  now: Date,
): Promise<Result<{ factorId: number }>> {
  const challenge = takeChallenge(db, session.id, 'register', now);
  if (!challenge) return fail('passkey.expired', { status: 422 });
  const verified = await verifyRegistrationResponse({
    response,
    expectedChallenge: challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    requireUserVerification: false,
  }).catch(() => null);
  if (!verified?.verified) return fail('passkey.refused', { status: 422 });
  const { credential } = verified.registrationInfo;
  return transaction(db, (tx): Result<{ factorId: number }> => {
    const row = tx
      .insert(secondFactors)
      .values({
        userId: user.id,
        kind: 'passkey',
        credentialId: credential.id,
        publicKey: Buffer.from(credential.publicKey).toString('base64url'),
        counter: credential.counter,
        createdAt: now.toISOString(),
        confirmedAt: now.toISOString(),
      })
      .onConflictDoNothing()
      .returning({ id: secondFactors.id })
      .get();
    if (!row) return fail('passkey.refused', { status: 422 });
    recordEvent(tx, {
      at: now,
      actor: selfActor(user),
      action: 'second_factor.enrolled',
      details: { kind: 'passkey', factorId: row.id },
    });
    return ok({ factorId: row.id });
  });
}

export async function authenticationOptions(
  db: Db,
  user: User,
  session: Session,
  rp: RelyingParty,
  now: Date,
) {
  const options = await generateAuthenticationOptions({
    rpID: rp.id,
    timeout: TIMEOUT_MS,
    userVerification: 'preferred',
    allowCredentials: passkeysOf(db, user.id).map((p) => ({ id: p.credentialId! })),
  });
  keepChallenge(db, session, 'authenticate', now)(options.challenge);
  return options;
}

/**
 * Checks an assertion with one of the user's passkeys and marks the session. A counter that does
 * not move forward (a cloned authenticator) is refused, as is a passkey of someone else.
 */
export async function assertPasskey(
  db: Db,
  user: User,
  session: Session,
  rp: RelyingParty,
  response: AuthenticationResponseJSON,
  input: { ip: string; now: Date },
): Promise<Result<{ factorId: number }>> {
  const challenge = takeChallenge(db, session.id, 'authenticate', input.now);
  const passkey = passkeysOf(db, user.id).find((p) => p.credentialId === response.id);
  const verified =
    challenge && passkey
      ? await verifyAuthenticationResponse({
          response,
          expectedChallenge: challenge,
          expectedOrigin: rp.origin,
          expectedRPID: rp.id,
          requireUserVerification: false,
          credential: {
            id: passkey.credentialId!,
            publicKey: new Uint8Array(Buffer.from(passkey.publicKey!, 'base64url')),
            counter: passkey.counter ?? 0,
          },
        }).catch(() => null)
      : null;
  return transaction(db, (tx): Result<{ factorId: number }> => {
    if (!passkey || !verified?.verified) {
      recordEvent(tx, {
        at: input.now,
        actor: selfActor(user),
        action: 'second_factor.failed',
        details: { kind: 'passkey', ip: input.ip, ...(challenge ? {} : { expired: true }) },
      });
      return fail(challenge ? 'passkey.refused' : 'passkey.expired', { status: 422 });
    }
    tx.update(secondFactors)
      .set({ counter: verified.authenticationInfo.newCounter })
      .where(eq(secondFactors.id, passkey.id))
      .run();
    recordFactorUse(tx, user, session.id, input.now, 'passkey', { factorId: passkey.id });
    return ok({ factorId: passkey.id });
  });
}
