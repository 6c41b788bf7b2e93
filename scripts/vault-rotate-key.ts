// npm run vault:rotate-key — re-encrypts every stored login detail under a new vault key, in ONE
// transaction (all values move or none do), and audits `vault.key_rotated`.
//
// With a key file the new key is first added beside the old one, then the values move, then the
// old key is dropped: a crash at any point leaves a file that opens every value. With
// CREDENTIAL_KEY the new key is printed; set it before the console starts again.
// Stop the console first, or restart it afterwards: it reads the key only when it starts.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { SYSTEM } from '../src/domain/audit/trail';
import { reencryptAll } from '../src/domain/vault/credentials';
import { newKey, VaultError } from '../src/domain/vault/vault';
import { openDatabase } from '../src/node/database';
import {
  DEFAULT_KEY_FILE,
  keyIdFor,
  readKeyFile,
  singleKey,
  vaultKeysOrExit,
  writeKeyFile,
} from '../src/node/vault-key';

const env = process.env;
const keyFile = env.CREDENTIAL_KEY_FILE || DEFAULT_KEY_FILE;
if (!env.CREDENTIAL_KEY && !existsSync(keyFile)) {
  console.error(`No vault key to rotate: CREDENTIAL_KEY is not set and ${keyFile} does not exist.`);
  process.exit(1);
}
const current = vaultKeysOrExit(env);
const { db, sqlite } = openDatabase(env.DATABASE_PATH ?? './data/console.db');
const fresh = newKey();
const next = singleKey(fresh);
const before = current.source === 'file' ? readFileSync(current.path) : null;

if (current.source === 'file') {
  writeKeyFile(current.path, {
    currentKeyId: current.vault.currentKeyId,
    keys: { ...current.vault.keys, ...next.keys },
  });
}
let count: number;
try {
  count = reencryptAll(db, SYSTEM, current.vault, next, new Date());
} catch (e) {
  if (current.source === 'file' && before) writeFileSync(current.path, before, { mode: 0o600 });
  sqlite.close();
  console.error(
    e instanceof VaultError
      ? `Nothing was changed: a stored value does not open with the current key (${e.message}).`
      : `Nothing was changed: ${(e as Error).message}`,
  );
  process.exit(1);
}
sqlite.close();

if (current.source === 'file') {
  writeKeyFile(current.path, next);
  // Read back: the file on disk must open what was just written.
  if (readKeyFile(current.path).currentKeyId !== keyIdFor(fresh))
    throw new Error('key file check failed');
  console.log(
    `Re-encrypted ${count} login details under key ${next.currentKeyId}; ${current.path} now holds only the new key.`,
  );
  console.log(
    'Restart the console so it uses the new key, and replace the backup of the old key file.',
  );
} else {
  console.log(`Re-encrypted ${count} login details under key ${next.currentKeyId}.`);
  console.log(
    "Set this new key in the console's environment before it starts again (the old key opens nothing now):",
  );
  console.log(`  CREDENTIAL_KEY=${fresh}`);
}
