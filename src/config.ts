// Configuration the app factory receives. Entries (Node, Workers, tests) build it from their
// environment; nothing below reads process.env.
import { OWASP_SCRYPT_N } from './domain/password';

export type Config = {
  env: 'production' | 'development' | 'test';
  /** Public base URL, for links in e-mails ("https://crisis.turnhout.be"). */
  baseUrl: string;
  /** Mark cookies Secure and use the __Host- prefix; on when baseUrl is https. */
  secureCookies: boolean;
  /** Take the client address from X-Forwarded-For (only behind a trusted reverse proxy). */
  trustProxy: boolean;
  session: { idleMinutes: number; absoluteHours: number };
  scryptN: number;
  /** The clock: tests move it to check expiry and deadlines. */
  now: () => Date;
};

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
    ...overrides,
  };
}
