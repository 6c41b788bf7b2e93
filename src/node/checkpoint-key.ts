// Where the audit checkpoints' signing key comes from on Node: CHECKPOINT_KEY, or else a key file
// (CHECKPOINT_KEY_FILE, default ./data/checkpoint.key) created with mode 0600 on the first start,
// like the vault key. Both hold the key as Go's note package writes it (PRIVATE+KEY+name+id+key);
// the name is the checkpoints' origin (CHECKPOINT_ORIGIN, default: BASE_URL's host + /audit).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  parseSignerKey,
  parseVerifierKey,
  signerKeyText,
  validName,
  verifierKey,
  type CheckpointKey,
} from '../domain/audit/checkpoint';
import type { CheckpointSigner } from '../domain/audit/checkpoints';

export const DEFAULT_CHECKPOINT_KEY_FILE = './data/checkpoint.key';

export class CheckpointKeyError extends Error {}

function parse(text: string, where: string): CheckpointKey {
  const key = parseSignerKey(text);
  if (!key) throw new CheckpointKeyError(`${where} is not a note signing key (PRIVATE+KEY+...)`);
  return key;
}

export const signerOf = (key: CheckpointKey): CheckpointSigner => ({
  key,
  trusted: [parseVerifierKey(verifierKey(key))!],
});

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
  if (env.CHECKPOINT_KEY) return signerOf(parse(env.CHECKPOINT_KEY, 'CHECKPOINT_KEY'));
  const path = env.CHECKPOINT_KEY_FILE || DEFAULT_CHECKPOINT_KEY_FILE;
  if (!existsSync(path)) {
    if (!create) return null;
    const name = env.CHECKPOINT_ORIGIN || `${hostOf(baseUrl)}/audit`;
    if (!validName(name))
      throw new CheckpointKeyError(`CHECKPOINT_ORIGIN "${name}" may hold no spaces and no "+"`);
    const key = { name, seed: new Uint8Array(randomBytes(32)) };
    mkdirSync(dirname(resolve(path)), { recursive: true });
    const tmp = `${path}.tmp-${process.pid}`;
    writeFileSync(tmp, `${signerKeyText(key)}\n`, { mode: 0o600, flag: 'wx' });
    renameSync(tmp, path);
    log(
      `Created the audit checkpoint key in ${path} (mode 0600); its public key: ${verifierKey(key)}`,
    );
  } else if ((statSync(path).mode & 0o077) !== 0) {
    log(
      `Warning: the checkpoint key file ${path} can be read by other users; run: chmod 600 ${path}`,
    );
  }
  return signerOf(parse(readFileSync(path, 'utf8'), `the checkpoint key file ${path}`));
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
