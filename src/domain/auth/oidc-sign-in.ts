// What a verified ID token from the city's identity provider means for the console: which user
// it is, which roles they hold now, and whether the provider's MFA counts as the second factor.
//
// Linking: an identity is the provider's `iss` + `sub` (oidc_identities). At its first sign-in
// it is linked to the console user with the same e-mail address, but only when the provider
// vouches for that address (`email_verified`, or OIDC_TRUST_EMAIL for a single-tenant provider
// whose addresses are the city's own); else, with OIDC_CREATE_USERS, a new user is made. Roles
// come from the provider at every sign-in: the group or app-role claim through the role map
// replaces the user's roles, so a role taken away there is gone here at the next sign-in.
import { and, eq } from 'drizzle-orm';
import { oidcIdentities, ROLES, users, type Role, type User } from '../../../db/schema';
import { recordEvent } from '../audit/trail';
import { transaction, type Db, type Tx } from '../lib/db';
import { fail, ok, type Result } from '../lib/result';
import type { OidcClaims, OidcSettings } from './oidc';
import { refuseOidc } from './oidc-refusals';
import { markSecondFactor } from './second-factor';
import { createSession, deleteSession, type SessionPolicy } from './sessions';

export type OidcSignInInput = {
  claims: OidcClaims;
  ip: string;
  userAgent?: string | undefined;
  now: Date;
  previousSessionId?: string | undefined;
  policy: SessionPolicy;
};

export type OidcSignedIn = { token: string; user: User; secondFactor: string | null };

/** Why a valid ID token was refused (each has a message, `oidc.refused.<reason>`). */
type Refusal = 'no_role' | 'email_taken' | 'inactive' | 'unknown' | 'no_email';

const strings = (v: unknown): string[] =>
  Array.isArray(v)
    ? v.filter((x): x is string => typeof x === 'string')
    : typeof v === 'string'
      ? [v]
      : [];

/** The console roles the provider's groups (or app roles) map to, in the console's order. */
export function rolesFromClaims(claims: OidcClaims, s: OidcSettings): Role[] {
  const mapped = new Set(strings(claims[s.roleClaim]).flatMap((g) => s.roleMap[g] ?? []));
  return ROLES.filter((r) => mapped.has(r));
}

/** The amr value that counts as a second factor, if the provider reports one. */
export function secondFactorFromAmr(claims: OidcClaims, s: OidcSettings): string | null {
  return strings(claims.amr).find((v) => s.mfaAmr.includes(v)) ?? null;
}

// `email`, else Entra's `preferred_username` (v2.0) or `upn` (v1.0) when it is an address.
function emailOf(claims: OidcClaims): string | null {
  const value = [claims.email, claims.preferred_username, claims.upn].find(
    (v): v is string => typeof v === 'string' && /^[^@\s]+@[^@\s]+$/.test(v),
  );
  return value?.trim().toLowerCase().slice(0, 254) ?? null;
}

function nameOf(claims: OidcClaims, email: string): string {
  const name = typeof claims.name === 'string' ? claims.name.replace(/[\p{Cc}\p{Cf}]/gu, '') : '';
  return name.trim().slice(0, 200) || email;
}

const sameRoles = (a: Role[], b: Role[]) => a.length === b.length && a.every((r) => b.includes(r));

type Found = { user: User | null; linked: boolean; conflict: boolean };

function findUser(tx: Tx, claims: OidcClaims, s: OidcSettings, email: string | null): Found {
  const identity = tx
    .select()
    .from(oidcIdentities)
    .where(and(eq(oidcIdentities.issuer, claims.iss), eq(oidcIdentities.subject, claims.sub)))
    .get();
  if (identity) {
    const user = tx.select().from(users).where(eq(users.id, identity.userId)).get() ?? null;
    return { user, linked: true, conflict: false };
  }
  const byEmail = email ? tx.select().from(users).where(eq(users.email, email)).get() : undefined;
  if (!byEmail) return { user: null, linked: false, conflict: false };
  const verified = claims.email_verified === true || s.trustEmail;
  // Already linked to another person at this provider: the address was reassigned there.
  const taken = tx
    .select({ id: oidcIdentities.id })
    .from(oidcIdentities)
    .where(and(eq(oidcIdentities.userId, byEmail.id), eq(oidcIdentities.issuer, claims.iss)))
    .get();
  if (!verified || taken) return { user: null, linked: false, conflict: true };
  return { user: byEmail, linked: false, conflict: false };
}

/**
 * Signs in the person the ID token names: one transaction that links or creates the user, sets
 * the roles read from the provider, opens the session (marked when amr counts) and audits it.
 * A refusal writes nothing but its audit event.
 */
export function signInWithOidc(
  db: Db,
  s: OidcSettings,
  input: OidcSignInInput,
): Result<OidcSignedIn> {
  const { claims, now } = input;
  const email = emailOf(claims);
  const roles = rolesFromClaims(claims, s);
  const groups = strings(claims[s.roleClaim]).slice(0, 50);
  return transaction(db, (tx): Result<OidcSignedIn> => {
    const found = findUser(tx, claims, s, email);
    const refuse = (reason: Refusal) => {
      refuseOidc(tx, now, input.ip, reason, {
        userId: found.user?.id ?? null,
        issuer: claims.iss,
        subject: claims.sub,
        ...(email ? { email } : {}),
        ...(reason === 'no_role' ? { groups } : {}),
      });
      return fail(`oidc.refused.${reason}`, { status: 403 });
    };
    if (roles.length === 0) return refuse('no_role');
    if (found.conflict) return refuse('email_taken');
    if (found.user && !found.user.active) return refuse('inactive');
    if (!found.user && !s.createUsers) return refuse('unknown');
    if (!found.user && !email) return refuse('no_email');

    const actor = (u: User) => ({ userId: u.id, role: roles[0]! });
    let user = found.user ?? createOidcUser(tx, claims, email!, roles, now);
    if (!found.linked) {
      tx.insert(oidcIdentities)
        .values({
          issuer: claims.iss,
          subject: claims.sub,
          userId: user.id,
          createdAt: now.toISOString(),
          lastSignInAt: now.toISOString(),
        })
        .run();
      recordEvent(tx, {
        at: now,
        actor: actor(user),
        action: 'user.oidc_linked',
        details: { userId: user.id, issuer: claims.iss, subject: claims.sub },
      });
    } else {
      tx.update(oidcIdentities)
        .set({ lastSignInAt: now.toISOString() })
        .where(and(eq(oidcIdentities.issuer, claims.iss), eq(oidcIdentities.subject, claims.sub)))
        .run();
    }
    if (!sameRoles(user.roles, roles)) {
      const from = user.roles;
      user = tx
        .update(users)
        .set({ roles, updatedAt: now.toISOString(), version: user.version + 1 })
        .where(eq(users.id, user.id))
        .returning()
        .get()!;
      recordEvent(tx, {
        at: now,
        actor: actor(user),
        action: 'user.roles_from_provider',
        details: { userId: user.id, issuer: claims.iss, from, to: roles, groups },
      });
    }
    if (input.previousSessionId) deleteSession(tx, input.previousSessionId);
    const { token, session } = createSession(tx, user.id, now, input.policy, {
      ip: input.ip,
      userAgent: input.userAgent,
    });
    const secondFactor = secondFactorFromAmr(claims, s);
    if (secondFactor) markSecondFactor(tx, session.id, now, `oidc:${secondFactor}`);
    recordEvent(tx, {
      at: now,
      actor: actor(user),
      action: 'user.signed_in',
      details: {
        via: 'oidc',
        issuer: claims.iss,
        ip: input.ip,
        amr: strings(claims.amr),
        secondFactor: secondFactor ? `oidc:${secondFactor}` : null,
      },
    });
    return ok({ token, user, secondFactor });
  });
}

// A person the console did not know, whose groups give a role: an account without a password
// (password sign-in refuses it like a wrong password).
function createOidcUser(tx: Tx, claims: OidcClaims, email: string, roles: Role[], now: Date) {
  const user = tx
    .insert(users)
    .values({
      name: nameOf(claims, email),
      email,
      passwordHash: '',
      roles,
      language: 'nl',
      active: true,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    })
    .returning()
    .get();
  recordEvent(tx, {
    at: now,
    actor: { userId: user.id, role: roles[0]! },
    action: 'user.created',
    details: { userId: user.id, email, name: user.name, roles, active: true, via: 'oidc' },
  });
  return user;
}
