// Configuration the app factory receives. Entries (Node, Workers, tests) build it from their
// environment; nothing below reads process.env.
import type { CheckpointSigner } from './domain/audit/checkpoints';
import { ROLES, type Role } from '../db/schema';
import type { OidcSettings } from './domain/auth/oidc';
import { OWASP_SCRYPT_N } from './domain/auth/password';
import type { SecondFactorPolicy } from './domain/auth/second-factor';
import { realSleep } from './domain/platforms/http';
import type { PlatformSettings } from './domain/platforms';
import type { SmsGateway } from './domain/notify/sms';

export type Config = {
  env: 'production' | 'development' | 'test';
  /** Public base URL, for links in e-mails ("https://crisis.turnhout.be"). */
  baseUrl: string;
  /** Mark cookies Secure and use the __Host- prefix; on when baseUrl is https. */
  secureCookies: boolean;
  /** Take the client address from X-Forwarded-For (only behind a trusted reverse proxy). */
  trustProxy: boolean;
  session: { idleMinutes: number; absoluteHours: number };
  /** Who must have a second factor: `staff` (communicatie, crisis_operator) or `all` roles. */
  secondFactor: SecondFactorPolicy;
  /** scrypt N for new password hashes (r=8, p=5; src/domain/auth/password.ts). Only tests and development lower it. */
  scryptN: number;
  /** The clock: tests move it to check expiry and deadlines. */
  now: () => Date;
  /** Vault keys for login details: key id → base64 of 32 random bytes; new values use currentKeyId. */
  vault: { currentKeyId: string; keys: Record<string, string> } | null;
  /** SMTP server for owner notifications (smtp://user:pass@host:port); null keeps mail in the outbox. */
  smtpUrl: string | null;
  mailFrom: string;
  /** The audit checkpoints' signing key (README "Audit checkpoints"); null makes no checkpoints. */
  checkpoint: CheckpointSigner | null;
  /** The auditors' addresses every checkpoint is e-mailed to (AUDIT_WITNESS_EMAILS). */
  witnessEmails: string[];
  /** Article 2 thresholds the crisis cell works with. */
  rules: {
    acuteMaxMinutes: number;
    ownerContactDueMinutes: number;
    unreachableMinAttempts: number;
    escalationStepMinutes: number;
    /** The crisis cell convenes at most this long before the crisis start (a mistyped date is caught). */
    cellBeforeStartHours: number;
    /** ... and at most this long after it. */
    cellAfterStartHours: number;
    /** A notice still queued this long after it was issued (not delivered, not acknowledged) is a finding. */
    noticePendingMinutes: number;
  };
  /** Readiness: when access or login details count as stale. */
  readiness: { accessMaxAgeDays: number; credentialMaxAgeDays: number };
  /** The platforms' APIs (src/domain/platforms): base URLs, timeout and retries. */
  platforms: PlatformSettings;
  /** Contact requests to owners (issue 23): how long a link works; the SMS gateway or null. */
  contact: ContactSettings;
  /** Sign-in through the city's identity provider (OpenID Connect); null: not configured. */
  oidc: OidcSettings | null;
  /** Sign-in with a password, for accounts that have one; off leaves only the identity provider. */
  passwordSignIn: boolean;
};

export type ContactSettings = { linkMinutes: number; sms: SmsGateway | null };

export const GRAPH_API_BASE = 'https://graph.facebook.com/v21.0';
export const YOUTUBE_API_BASE = 'https://www.googleapis.com/youtube/v3';
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

/**
 * The platforms' settings from GRAPH_API_BASE, YOUTUBE_API_BASE and GOOGLE_TOKEN_URL (Node and
 * Workers alike).
 */
export function platformSettings(env: {
  GRAPH_API_BASE?: string | undefined;
  YOUTUBE_API_BASE?: string | undefined;
  GOOGLE_TOKEN_URL?: string | undefined;
}): PlatformSettings {
  return {
    graphApiBase: (env.GRAPH_API_BASE || GRAPH_API_BASE).replace(/\/$/, ''),
    youtubeApiBase: (env.YOUTUBE_API_BASE || YOUTUBE_API_BASE).replace(/\/$/, ''),
    googleTokenUrl: env.GOOGLE_TOKEN_URL || GOOGLE_TOKEN_URL,
    timeoutMs: 10_000,
    maxRetries: 2,
    maxRetryAfterMs: 10_000,
    sleep: realSleep,
  };
}

export function makeConfig(overrides: Partial<Config> = {}): Config {
  const baseUrl = overrides.baseUrl ?? 'http://127.0.0.1:3000';
  return {
    env: 'development',
    baseUrl,
    secureCookies: baseUrl.startsWith('https:'),
    trustProxy: false,
    session: { idleMinutes: 30, absoluteHours: 12 },
    secondFactor: { requiredFor: 'staff' },
    scryptN: OWASP_SCRYPT_N,
    now: () => new Date(),
    vault: null,
    smtpUrl: null,
    mailFrom: 'Crisisconsole <crisisconsole@localhost>',
    checkpoint: null,
    witnessEmails: [],
    rules: {
      acuteMaxMinutes: 60,
      ownerContactDueMinutes: 30,
      unreachableMinAttempts: 2,
      escalationStepMinutes: 5,
      cellBeforeStartHours: 24,
      cellAfterStartHours: 168,
      noticePendingMinutes: 30,
    },
    readiness: { accessMaxAgeDays: 90, credentialMaxAgeDays: 365 },
    platforms: platformSettings({}),
    contact: { linkMinutes: 120, sms: null },
    oidc: null,
    passwordSignIn: true,
    ...overrides,
  };
}

/**
 * The Article 2 thresholds an entry may set from its environment (Node's env, Workers' [vars]):
 * ESCALATION_STEP_MINUTES, a whole number of minutes (0 turns the pacing rule off, as the
 * browser suites do, which cannot wait five minutes between taps).
 */
export function rulesFrom(vars: { ESCALATION_STEP_MINUTES?: string }): Partial<Config> {
  const step = Number(vars.ESCALATION_STEP_MINUTES);
  if (!vars.ESCALATION_STEP_MINUTES || !Number.isInteger(step) || step < 0) return {};
  return { rules: { ...makeConfig().rules, escalationStepMinutes: step } };
}

/** AUDIT_WITNESS_EMAILS: addresses separated by commas (or spaces); a malformed one stops the start. */
export function witnessEmails(value: string | undefined): string[] {
  const list = (value ?? '').split(/[\s,;]+/).filter(Boolean);
  const bad = list.find((a) => !/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(a));
  if (bad) throw new Error(`AUDIT_WITNESS_EMAILS: "${bad}" is not an e-mail address`);
  return [...new Set(list)];
}

/** CHECKPOINT_INTERVAL_MINUTES (Node's env, Workers' [vars]) as milliseconds; 0 means no schedule. */
export function checkpointInterval(value: string | undefined): number {
  const minutes = value === undefined || value === '' ? 60 : Number(value);
  if (!Number.isFinite(minutes) || minutes < 0)
    throw new Error('CHECKPOINT_INTERVAL_MINUTES must be a number of minutes, 0 or more');
  return minutes * 60_000;
}

/**
 * CONTACT_LINK_MINUTES (default 120) and the SMS gateway: SMS_API_URL and SMS_API_TOKEN, and
 * SMS_WEBHOOK_SECRET for its delivery reports (Node's env, Workers' [vars] and secrets alike).
 */
export function contactSettings(vars: {
  CONTACT_LINK_MINUTES?: string | undefined;
  SMS_API_URL?: string | undefined;
  SMS_API_TOKEN?: string | undefined;
  SMS_WEBHOOK_SECRET?: string | undefined;
}): ContactSettings {
  const minutes = Number(vars.CONTACT_LINK_MINUTES);
  const linkMinutes =
    vars.CONTACT_LINK_MINUTES && Number.isInteger(minutes) && minutes > 0 ? minutes : 120;
  const sms =
    vars.SMS_API_URL && vars.SMS_API_TOKEN
      ? {
          url: vars.SMS_API_URL,
          token: vars.SMS_API_TOKEN,
          webhookSecret: vars.SMS_WEBHOOK_SECRET || null,
          timeoutMs: 10_000,
        }
      : null;
  return { linkMinutes, sms };
}

export type OidcVars = {
  OIDC_ISSUER?: string | undefined;
  OIDC_CLIENT_ID?: string | undefined;
  OIDC_CLIENT_SECRET?: string | undefined;
  OIDC_NAME?: string | undefined;
  OIDC_ROLE_CLAIM?: string | undefined;
  OIDC_ROLE_MAP?: string | undefined;
  OIDC_MFA_AMR?: string | undefined;
  OIDC_CREATE_USERS?: string | undefined;
  OIDC_TRUST_EMAIL?: string | undefined;
  PASSWORD_SIGN_IN?: string | undefined;
};

/** OIDC_ROLE_MAP: JSON, a provider group or app role → a console role or a list of them. */
function roleMapFrom(text: string): Record<string, Role[]> {
  const parsed: unknown = JSON.parse(text);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error('OIDC_ROLE_MAP must be a JSON object: {"<group or app role>": "communicatie"}');
  return Object.fromEntries(
    Object.entries(parsed).map(([group, value]) => {
      const roles = [value].flat();
      const bad = roles.find((r) => !ROLES.includes(r as Role));
      if (bad !== undefined)
        throw new Error(`OIDC_ROLE_MAP: "${String(bad)}" is not one of ${ROLES.join(', ')}`);
      return [group, roles as Role[]];
    }),
  );
}

/**
 * The identity provider's settings and whether password sign-in stays on (Node's env, Workers'
 * [vars] and secrets alike; README "Security"). Throws with the variable to fix when incomplete.
 */
export function signInSettings(
  env: OidcVars,
  baseUrl: string,
): Pick<Config, 'oidc' | 'passwordSignIn'> {
  const passwordSignIn = env.PASSWORD_SIGN_IN !== 'off';
  if (!env.OIDC_ISSUER) {
    if (!passwordSignIn)
      throw new Error('PASSWORD_SIGN_IN=off needs OIDC_ISSUER: nobody could sign in');
    return { oidc: null, passwordSignIn };
  }
  if (!env.OIDC_CLIENT_ID || !env.OIDC_CLIENT_SECRET || !env.OIDC_ROLE_MAP)
    throw new Error('OIDC_ISSUER needs OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_ROLE_MAP');
  const list = (v: string | undefined, fallback: string[]) =>
    v
      ? v
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean)
      : fallback;
  return {
    passwordSignIn,
    oidc: {
      issuer: env.OIDC_ISSUER,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET,
      redirectUri: `${baseUrl.replace(/\/$/, '')}/sign-in/oidc/callback`,
      name: env.OIDC_NAME || new URL(env.OIDC_ISSUER).host,
      roleClaim: env.OIDC_ROLE_CLAIM || 'groups',
      roleMap: roleMapFrom(env.OIDC_ROLE_MAP),
      mfaAmr: list(env.OIDC_MFA_AMR, ['mfa']),
      createUsers: env.OIDC_CREATE_USERS !== '0',
      trustEmail: env.OIDC_TRUST_EMAIL === '1',
    },
  };
}

/** SECOND_FACTOR_REQUIRED_FOR: `staff` (default) or `all`; anything else stops the start. */
export function secondFactorFrom(vars: { SECOND_FACTOR_REQUIRED_FOR?: string }): Partial<Config> {
  const value = vars.SECOND_FACTOR_REQUIRED_FOR?.trim();
  if (!value) return {};
  if (value !== 'staff' && value !== 'all')
    throw new Error(`SECOND_FACTOR_REQUIRED_FOR is "${value}": use "staff" or "all"`);
  return { secondFactor: { requiredFor: value } };
}
