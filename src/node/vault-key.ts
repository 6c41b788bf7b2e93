// Where the vault key comes from on Node: CREDENTIAL_KEY (base64 of 32 bytes), or else a key
// file (CREDENTIAL_KEY_FILE, default ./data/credential.key) that is created with mode 0600 on
// the first start. The file holds the vault config as JSON, {currentKeyId, keys: {id: base64}},
// so a rotation can keep the old key beside the new one until every value has moved.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { keyIdFor, singleKey, type VaultKeys } from '../domain/vault/vault';

export const DEFAULT_KEY_FILE = './data/credential.key';

export class VaultKeyError extends Error {}

// keyIdFor and singleKey live in the runtime-neutral vault module; re-exported for the entries.
export { keyIdFor, singleKey };

function checkKey(base64Key: string, where: string): string {
  const trimmed = base64Key.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) || Buffer.from(trimmed, 'base64').length !== 32) {
    throw new VaultKeyError(
      `${where} must be 32 random bytes in base64 (44 characters); generate one with: openssl rand -base64 32`,
    );
  }
  return trimmed;
}

export function readKeyFile(path: string): VaultKeys {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new VaultKeyError(`cannot read the vault key file ${path}: ${(e as Error).message}`);
  }
  const v = parsed as Partial<VaultKeys>;
  if (
    !v ||
    typeof v.currentKeyId !== 'string' ||
    typeof v.keys !== 'object' ||
    !v.keys ||
    !(v.currentKeyId in v.keys)
  ) {
    throw new VaultKeyError(
      `the vault key file ${path} is not {"currentKeyId": ..., "keys": {...}} with the current key in it`,
    );
  }
  for (const [id, key] of Object.entries(v.keys)) checkKey(String(key), `key ${id} in ${path}`);
  return { currentKeyId: v.currentKeyId, keys: { ...v.keys } };
}

/** Writes the file with mode 0600 through a temporary file and a rename, so it is never half written. */
export function writeKeyFile(path: string, vault: VaultKeys): void {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(vault, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  renameSync(tmp, path);
}

export type KeySource =
  { vault: VaultKeys; source: 'env' } | { vault: VaultKeys; source: 'file'; path: string };

export function loadVaultKeys(
  env: NodeJS.ProcessEnv,
  log: (line: string) => void = console.log,
): KeySource {
  if (env.CREDENTIAL_KEY)
    return { vault: singleKey(checkKey(env.CREDENTIAL_KEY, 'CREDENTIAL_KEY')), source: 'env' };
  const path = env.CREDENTIAL_KEY_FILE || DEFAULT_KEY_FILE;
  if (!existsSync(path)) {
    const key = randomBytes(32).toString('base64');
    writeKeyFile(path, singleKey(key));
    log(
      `Created a new vault key in ${path} (mode 0600). Back it up apart from the database: without it the stored login details cannot be read.`,
    );
  } else if ((statSync(path).mode & 0o077) !== 0) {
    log(`Warning: the vault key file ${path} can be read by other users; run: chmod 600 ${path}`);
  }
  return { vault: readKeyFile(path), source: 'file', path };
}

/** For the entries: a bad key stops the start with one clear line instead of a stack trace. */
export function vaultKeysOrExit(env: NodeJS.ProcessEnv): KeySource {
  try {
    return loadVaultKeys(env);
  } catch (e) {
    if (!(e instanceof VaultKeyError)) throw e;
    console.error(`Vault key: ${e.message}`);
    process.exit(1);
  }
}
