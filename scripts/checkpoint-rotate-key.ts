// npm run checkpoint:rotate-key — replaces the audit checkpoints' signing key. The old public key
// stays in the keys' list (checkpoint-keys.txt) with the time it was valid, so the checkpoints it
// signed keep verifying and nothing it signs after counts. In one transaction the rotation is
// audited (audit.checkpoint_key_rotated, both public keys) and sealed by a last checkpoint under
// the old key; then the list and the key file are each replaced whole.
// Stop the console first: it reads the key only when it starts.
import { randomBytes } from 'node:crypto';
import {
  parseVerifierKey,
  signerKeyText,
  verifierKey,
  verifierKeyText,
} from '../src/domain/audit/checkpoint';
import { makeCheckpoint } from '../src/domain/audit/checkpoints';
import { recordEvent, SYSTEM } from '../src/domain/audit/trail';
import { transaction } from '../src/domain/lib/db';
import {
  CheckpointKeyError,
  DEFAULT_CHECKPOINT_KEY_FILE,
  keysFileOf,
  loadCheckpointKey,
  writeKeyFile,
  writeKeyList,
} from '../src/node/checkpoint-key';
import { openDatabase } from '../src/node/database';

const env = process.env;
function currentSigner() {
  try {
    const signer = loadCheckpointKey(env, 'http://localhost', false);
    if (signer) return signer;
    console.error('No checkpoint key to rotate: CHECKPOINT_KEY is not set and no key file exists.');
  } catch (e) {
    if (!(e instanceof CheckpointKeyError)) throw e;
    console.error(`Nothing was changed: ${e.message}`);
  }
  return process.exit(1);
}
const old = currentSigner();
const now = new Date();
const fresh = { name: old.key.name, seed: new Uint8Array(randomBytes(32)) };
const [oldPublic, newPublic] = [verifierKey(old.key), verifierKey(fresh)];

const { db, sqlite } = openDatabase(env.DATABASE_PATH ?? './data/console.db');
const sealed = transaction(db, (tx) => {
  recordEvent(tx, {
    at: now,
    actor: SYSTEM,
    action: 'audit.checkpoint_key_rotated',
    details: { retiredKey: oldPublic, newKey: newPublic },
  });
  return makeCheckpoint(tx, old, 'key_rotation', now);
});
sqlite.close();

const list = keysFileOf(env);
writeKeyList(list, [
  ...old.trusted.map((k) =>
    verifierKeyText(k) === oldPublic ? { ...k, until: now.toISOString() } : k,
  ),
  { ...parseVerifierKey(newPublic)!, from: now.toISOString(), until: null },
]);
console.log(
  `Checkpoint ${sealed.number} (through event ${sealed.size}) is the last signed with ${oldPublic}.`,
);
console.log(`${list} lists it as valid until ${now.toISOString()}, and the new key after.`);
if (env.CHECKPOINT_KEY) {
  console.log("Set the new key in the console's environment before it starts again:");
  console.log(`  CHECKPOINT_KEY=${signerKeyText(fresh)}`);
} else {
  const path = env.CHECKPOINT_KEY_FILE || DEFAULT_CHECKPOINT_KEY_FILE;
  writeKeyFile(path, fresh);
  console.log(`${path} now holds the new key (the old private key is gone): back it up.`);
}
console.log(`The new public key, for the auditors to keep beside the old one:\n  ${newPublic}`);
