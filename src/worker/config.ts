// The Worker's settings and the app's Config built from them. Plain settings are [vars] in
// wrangler.toml; everything secret (the vault key, the checkpoint key, the mail API token) is a
// Worker secret set with `wrangler secret put`, never written in the file. No Workers types here:
// the Node test suite checks this module too.
import {
  contactSettings,
  makeConfig,
  platformSettings,
  rulesFrom,
  secondFactorFrom,
  signInSettings,
  type Config,
  witnessEmails,
  type OidcVars,
} from '../config';
import type { CheckpointSigner } from '../domain/audit/checkpoints';
import { CheckpointKeyError, keyList, signerKey, signerOf } from '../domain/audit/signer';
import type { VaultKeys } from '../domain/vault/vault';
import { singleKey } from '../node/vault-key';
import type { FirstStartEnv } from './first-start';
import type { MailApi } from './mail';

export interface WorkerVars extends FirstStartEnv, OidcVars {
  /** "production" (default) or "development": only development seeds the demo (DEMO_SEED=1). */
  ENVIRONMENT?: string;
  BASE_URL?: string;
  /**
   * Development only (the Workers test suite lowers it): scrypt N for new password hashes.
   * Production always uses the Node default (N=2^14, r=8, p=5: 16 MiB, see src/domain/auth/password.ts).
   */
  SCRYPT_N?: string;
  MAIL_FROM?: string;
  /** Minutes between escalation steps of the owner chain (Article 2 pacing; default 5). */
  ESCALATION_STEP_MINUTES?: string;
  /** Who needs a second factor: "staff" (default: communicatie, crisis_operator) or "all". */
  SECOND_FACTOR_REQUIRED_FOR?: string;
  /** The platforms' API bases (tests point them at a simulator); default the real hosts. */
  GRAPH_API_BASE?: string;
  YOUTUBE_API_BASE?: string;
  GOOGLE_TOKEN_URL?: string;
  /** Secret: the vault key (see vaultKeys). */
  CREDENTIAL_KEY?: string;
  /** Secrets: the e-mail HTTP API the scheduled handler delivers the outbox through. */
  MAIL_API_URL?: string;
  MAIL_API_TOKEN?: string;
  /** Contact requests: how long a link works; the SMS gateway (secrets: token, webhook secret). */
  CONTACT_LINK_MINUTES?: string;
  SMS_API_URL?: string;
  SMS_API_TOKEN?: string;
  SMS_WEBHOOK_SECRET?: string;
  /** Secret: the audit checkpoints' signing key (PRIVATE+KEY+..., README "Audit checkpoints"). */
  CHECKPOINT_KEY?: string;
  /** Secret (public text, but set beside the key): the keys' list after a rotation. */
  CHECKPOINT_PREVIOUS_KEYS?: string;
  /** Minutes between scheduled checkpoints when events were appended (default 60; 0: none). */
  CHECKPOINT_INTERVAL_MINUTES?: string;
  /** The auditors' addresses every checkpoint is e-mailed to (comma-separated). */
  AUDIT_WITNESS_EMAILS?: string;
}

/**
 * CREDENTIAL_KEY as on Node: one key, base64 of 32 bytes (its id is its fingerprint, as on Node),
 * or, to rotate, the JSON of Node's key file: {"currentKeyId": ..., "keys": {id: base64, ...}}.
 */
export function vaultKeys(value: string | undefined): VaultKeys | null {
  const text = value?.trim();
  if (!text) return null;
  if (!text.startsWith('{')) return singleKey(text);
  const parsed = JSON.parse(text) as Partial<VaultKeys>;
  if (
    typeof parsed.currentKeyId !== 'string' ||
    !parsed.keys ||
    !(parsed.currentKeyId in parsed.keys)
  ) {
    throw new Error(
      'CREDENTIAL_KEY is JSON but not {"currentKeyId": ..., "keys": {...}} with the current key in it',
    );
  }
  return { currentKeyId: parsed.currentKeyId, keys: { ...parsed.keys } };
}

/**
 * CHECKPOINT_KEY as Node reads it (Go's note format, PRIVATE+KEY+name+id+key), with the keys'
 * list of CHECKPOINT_PREVIOUS_KEYS (the text /checkpoint-keys.txt prints) after a rotation. Null
 * without the key: the console then runs but makes no checkpoints, and says so on /audit.
 */
export function checkpointSigner(env: WorkerVars): CheckpointSigner | null {
  const key = env.CHECKPOINT_KEY?.trim();
  const previous = env.CHECKPOINT_PREVIOUS_KEYS?.trim() ?? '';
  if (!key) {
    if (previous)
      throw new CheckpointKeyError(
        'CHECKPOINT_PREVIOUS_KEYS is set but CHECKPOINT_KEY is not: set the current signing key too',
      );
    return null;
  }
  return signerOf(signerKey(key, 'CHECKPOINT_KEY'), keyList(previous, 'CHECKPOINT_PREVIOUS_KEYS'));
}

export function workerConfig(env: WorkerVars): Config {
  const development = env.ENVIRONMENT === 'development';
  const scryptN = Number(env.SCRYPT_N);
  return makeConfig({
    env: development ? 'development' : 'production',
    ...(env.BASE_URL ? { baseUrl: env.BASE_URL } : {}),
    ...(development && Number.isInteger(scryptN) && scryptN > 1 ? { scryptN } : {}),
    ...(env.MAIL_FROM ? { mailFrom: env.MAIL_FROM } : {}),
    vault: vaultKeys(env.CREDENTIAL_KEY),
    checkpoint: checkpointSigner(env),
    witnessEmails: witnessEmails(env.AUDIT_WITNESS_EMAILS),
    ...rulesFrom(env),
    ...secondFactorFrom(env),
    platforms: platformSettings(env),
    contact: contactSettings(env),
    // OIDC_CLIENT_SECRET is a secret (`wrangler secret put`), the other OIDC_* settings [vars].
    ...signInSettings(env, env.BASE_URL ?? makeConfig().baseUrl),
  });
}

/** The e-mail HTTP API, or null: without it notifications stay queued in the outbox. */
export function mailApi(env: WorkerVars, config: Config): MailApi | null {
  if (!env.MAIL_API_URL || !env.MAIL_API_TOKEN) return null;
  return { url: env.MAIL_API_URL, token: env.MAIL_API_TOKEN, from: config.mailFrom };
}
