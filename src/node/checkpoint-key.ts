// Where the audit checkpoints' signing key comes from on Node: CHECKPOINT_KEY, or else a key file
// (CHECKPOINT_KEY_FILE, default ./data/checkpoint.key) created with mode 0600 on the first start,
// like the vault key. Both hold the key as Go's note package writes it (PRIVATE+KEY+name+id+key);
// the name is the checkpoints' origin (CHECKPOINT_ORIGIN, default: BASE_URL's host + /audit).
// Beside it, the keys' list (CHECKPOINT_KEYS_FILE, default checkpoint-keys.txt in the key file's
// folder): every public key that signed checkpoints with the time it was valid, so a key rotated
// out (npm run checkpoint:rotate-key) still vouches for what it signed. Public, not secret.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  keyLine,
  parseVerifierKey,
  signerKeyText,
  validName,
  verifierKey,
  type CheckpointKey,
  type TrustedKey,
} from '../domain/audit/checkpoint';
import type { CheckpointSigner } from '../domain/audit/checkpoints';
import { CheckpointKeyError, keyList, signerKey, signerOf } from '../domain/audit/signer';

// The parsing and the signer live in the runtime-neutral signer module; re-exported for the entries.
export { CheckpointKeyError, signerOf };

export const DEFAULT_CHECKPOINT_KEY_FILE = './data/checkpoint.key';

/** The keys' list's path: CHECKPOINT_KEYS_FILE, else checkpoint-keys.txt beside the key file. */
export const keysFileOf = (env: NodeJS.ProcessEnv) =>
  env.CHECKPOINT_KEYS_FILE ||
  join(dirname(env.CHECKPOINT_KEY_FILE || DEFAULT_CHECKPOINT_KEY_FILE), 'checkpoint-keys.txt');

export function readKeyList(path: string): TrustedKey[] {
  return existsSync(path) ? keyList(readFileSync(path, 'utf8'), path) : [];
}

/** Replaces `path` whole (a temporary file renamed over it): a crash leaves the old or the new. */
function replaceFile(path: string, text: string, mode: number) {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text, { mode, flag: 'wx' });
  renameSync(tmp, path);
}

export const writeKeyFile = (path: string, key: CheckpointKey) =>
  replaceFile(path, `${signerKeyText(key)}\n`, 0o600);

export const writeKeyList = (path: string, keys: TrustedKey[]) =>
  replaceFile(
    path,
    `# The public keys that signed this console's audit checkpoints: key, valid from, valid until ("-": open).\n${keys.map(keyLine).join('\n')}\n`,
    0o644,
  );

const hostOf = (url: string) => {
  try {
    return new URL(url).host || 'crisis-console';
  } catch {
    return 'crisis-console';
  }
};

/** The key from the environment or the file; `create` (the server) makes the file when missing. */
export function loadCheckpointKey(
  env: NodeJS.ProcessEnv,
  baseUrl: string,
  create: boolean,
  log: (line: string) => void = console.log,
): CheckpointSigner | null {
  const list = keysFileOf(env);
  if (env.CHECKPOINT_KEY)
    return signerOf(signerKey(env.CHECKPOINT_KEY, 'CHECKPOINT_KEY'), readKeyList(list));
  const path = env.CHECKPOINT_KEY_FILE || DEFAULT_CHECKPOINT_KEY_FILE;
  if (!existsSync(path)) {
    if (!create) return null;
    const name = env.CHECKPOINT_ORIGIN || `${hostOf(baseUrl)}/audit`;
    if (!validName(name))
      throw new CheckpointKeyError(`CHECKPOINT_ORIGIN "${name}" may hold no spaces and no "+"`);
    const key = { name, seed: new Uint8Array(randomBytes(32)) };
    writeKeyFile(path, key);
    const from = new Date().toISOString();
    writeKeyList(list, [...readKeyList(list), { ...parseVerifierKey(verifierKey(key))!, from }]);
    log(
      `Created the audit checkpoint key in ${path} (mode 0600); its public key: ${verifierKey(key)}`,
    );
  } else if ((statSync(path).mode & 0o077) !== 0) {
    log(
      `Warning: the checkpoint key file ${path} can be read by other users; run: chmod 600 ${path}`,
    );
  }
  return signerOf(
    signerKey(readFileSync(path, 'utf8'), `the checkpoint key file ${path}`),
    readKeyList(list),
  );
}

/** For the entries: a bad key stops the start with one clear line instead of a stack trace. */
export function checkpointKeyOrExit(env: NodeJS.ProcessEnv, baseUrl: string): CheckpointSigner {
  try {
    return loadCheckpointKey(env, baseUrl, true)!;
  } catch (e) {
    if (!(e instanceof CheckpointKeyError)) throw e;
    console.error(`Checkpoint key: ${e.message}`);
    process.exit(1);
  }
}
