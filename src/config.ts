// Configuration the app factory receives. Entries (Node, Workers, tests) build it from their
// environment; nothing below reads process.env.
import type { CheckpointSigner } from './domain/audit/checkpoints';
import { OWASP_SCRYPT_N } from './domain/auth/password';
import type { SecondFactorPolicy } from './domain/auth/second-factor';
import { realSleep } from './domain/platforms/http';
import type { PlatformSettings } from './domain/platforms';

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
};

export const GRAPH_API_BASE = 'https://graph.facebook.com/v21.0';
export const YOUTUBE_API_BASE = 'https://www.googleapis.com/youtube/v3';

/** The platforms' settings from GRAPH_API_BASE and YOUTUBE_API_BASE (Node and Workers alike). */
export function platformSettings(env: {
  GRAPH_API_BASE?: string | undefined;
  YOUTUBE_API_BASE?: string | undefined;
}): PlatformSettings {
  return {
    graphApiBase: (env.GRAPH_API_BASE || GRAPH_API_BASE).replace(/\/$/, ''),
    youtubeApiBase: (env.YOUTUBE_API_BASE || YOUTUBE_API_BASE).replace(/\/$/, ''),
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

/** SECOND_FACTOR_REQUIRED_FOR: `staff` (default) or `all`; anything else stops the start. */
export function secondFactorFrom(vars: { SECOND_FACTOR_REQUIRED_FOR?: string }): Partial<Config> {
  const value = vars.SECOND_FACTOR_REQUIRED_FOR?.trim();
  if (!value) return {};
  if (value !== 'staff' && value !== 'all')
    throw new Error(`SECOND_FACTOR_REQUIRED_FOR is "${value}": use "staff" or "all"`);
  return { secondFactor: { requiredFor: value } };
}
