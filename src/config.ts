// Configuration the app factory receives. Entries (Node, Workers, tests) build it from their
// environment; nothing below reads process.env.
import { OWASP_SCRYPT_N } from './domain/auth/password';
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
  /** scrypt N for new password hashes (r=8, p=5; src/domain/auth/password.ts). Only tests and development lower it. */
  scryptN: number;
  /** The clock: tests move it to check expiry and deadlines. */
  now: () => Date;
  /** Vault keys for login details: key id → base64 of 32 random bytes; new values use currentKeyId. */
  vault: { currentKeyId: string; keys: Record<string, string> } | null;
  /** SMTP server for owner notifications (smtp://user:pass@host:port); null keeps mail in the outbox. */
  smtpUrl: string | null;
  mailFrom: string;
  /** Article 2 thresholds the crisis cell works with. */
  rules: {
    acuteMaxMinutes: number;
    ownerContactDueMinutes: number;
    unreachableMinAttempts: number;
    escalationStepMinutes: number;
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
    scryptN: OWASP_SCRYPT_N,
    now: () => new Date(),
    vault: null,
    smtpUrl: null,
    mailFrom: 'Crisisconsole <crisisconsole@localhost>',
    rules: {
      acuteMaxMinutes: 60,
      ownerContactDueMinutes: 30,
      unreachableMinAttempts: 2,
      escalationStepMinutes: 5,
    },
    readiness: { accessMaxAgeDays: 90, credentialMaxAgeDays: 365 },
    platforms: platformSettings({}),
    ...overrides,
  };
}
