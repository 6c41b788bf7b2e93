// The Worker's settings and the app's Config built from them. Plain settings are [vars] in
// wrangler.toml; everything secret (the vault key, the mail API token) is a Worker secret set
// with `wrangler secret put`, never written in the file. No Workers types here: the Node test
// suite checks this module too.
import { makeConfig, type Config } from '../config';
import type { FirstStartEnv } from './first-start';
import type { MailApi } from './mail';

export interface WorkerVars extends FirstStartEnv {
  /** "production" (default) or "development": only development seeds the demo (DEMO_SEED=1). */
  ENVIRONMENT?: string;
  BASE_URL?: string;
  /** scrypt cost for new password hashes; stored hashes keep their own. */
  SCRYPT_N?: string;
  MAIL_FROM?: string;
  /** Secret: vault keys, "id:base64key" pairs separated by commas, the first one current. */
  CREDENTIAL_KEY?: string;
  /** Secrets: the e-mail HTTP API the scheduled handler delivers the outbox through. */
  MAIL_API_URL?: string;
  MAIL_API_TOKEN?: string;
}

function vaultKeys(value: string | undefined): Config['vault'] {
  const pairs = (value ?? '').split(',').map((p) => p.trim()).filter(Boolean)
    .map((p) => (p.includes(':') ? p.split(':', 2) as [string, string] : ['k1', p] as [string, string]));
  if (pairs.length === 0) return null;
  return { currentKeyId: pairs[0]![0], keys: Object.fromEntries(pairs) };
}

export function workerConfig(env: WorkerVars): Config {
  const development = env.ENVIRONMENT === 'development';
  const scryptN = Number(env.SCRYPT_N);
  return makeConfig({
    env: development ? 'development' : 'production',
    ...(env.BASE_URL ? { baseUrl: env.BASE_URL } : {}),
    ...(Number.isInteger(scryptN) && scryptN > 1 ? { scryptN } : {}),
    ...(env.MAIL_FROM ? { mailFrom: env.MAIL_FROM } : {}),
    vault: vaultKeys(env.CREDENTIAL_KEY),
  });
}

/** The e-mail HTTP API, or null: without it notifications stay queued in the outbox. */
export function mailApi(env: WorkerVars, config: Config): MailApi | null {
  if (!env.MAIL_API_URL || !env.MAIL_API_TOKEN) return null;
  return { url: env.MAIL_API_URL, token: env.MAIL_API_TOKEN, from: config.mailFrom };
}
