// The checkpoints' signer as both entries build it from text: the signing key (Go's note format,
// PRIVATE+KEY+name+id+key) and the keys' list (/checkpoint-keys.txt: every public key that signed
// checkpoints, with when it was valid). Node reads them from CHECKPOINT_KEY or files
// (src/node/checkpoint-key.ts), Workers from the secrets CHECKPOINT_KEY and CHECKPOINT_PREVIOUS_KEYS
// (src/worker/config.ts). No file system here: both targets import it.
import type { Checkpoint } from '../../../db/schema';
import {
  openNote,
  parseKeyList,
  parseSignerKey,
  parseVerifierKey,
  verifierKey,
  verifierKeyText,
  type CheckpointKey,
  type TrustedKey,
} from './checkpoint';
import { lastCheckpoint, makeCheckpoint, type CheckpointSigner } from './checkpoints';
import { recordEvent, SYSTEM } from './trail';
import { transaction, type Db } from '../lib/db';

export class CheckpointKeyError extends Error {}

/** A signing key from text; `where` names the variable or file in the error. */
export function signerKey(text: string, where: string): CheckpointKey {
  const key = parseSignerKey(text);
  if (!key) throw new CheckpointKeyError(`${where} is not a note signing key (PRIVATE+KEY+...)`);
  return key;
}

/** The keys' list from text; `where` names the variable or file in the error. */
export function keyList(text: string, where: string): TrustedKey[] {
  const keys = parseKeyList(text);
  if (!keys)
    throw new CheckpointKeyError(`${where} is not a list of keys ("KEY FROM UNTIL" lines)`);
  return keys;
}

/**
 * The signer: its key, trusted from the time the list gives it, and every other listed key. A key
 * the list says was retired is refused: the rotation left a newer one to start with.
 */
export function signerOf(key: CheckpointKey, listed: TrustedKey[] = []): CheckpointSigner {
  const current = parseVerifierKey(verifierKey(key))!;
  const same = (k: TrustedKey) => verifierKeyText(k) === verifierKeyText(current);
  const entry = listed.find(same);
  if (entry?.until)
    throw new CheckpointKeyError(
      `the signing key ${verifierKeyText(current)} was retired at ${entry.until}; start with the key that replaced it`,
    );
  return {
    key,
    trusted: [
      { ...current, from: entry?.from ?? null, until: null },
      ...listed.filter((k) => !same(k)),
    ],
  };
}

/**
 * A key replaced without the rotation script (a Worker's CHECKPOINT_KEY secret, README "Key
 * rotation"): when the newest checkpoint does not open with the signer's key, the change is
 * audited (audit.checkpoint_key_rotated) and sealed by a checkpoint under the new key. Call after
 * the start-up check found that checkpoint signed by a trusted key. Null when nothing changed.
 */
export function sealKeyChange(db: Db, signer: CheckpointSigner, now: Date): Checkpoint | null {
  const current = parseVerifierKey(verifierKey(signer.key))!;
  return transaction(db, (tx) => {
    const last = lastCheckpoint(tx);
    if (!last || openNote(last.note, current).ok) return null;
    const retired = signer.trusted.find((k) => openNote(last.note, k).ok);
    recordEvent(tx, {
      at: now,
      actor: SYSTEM,
      action: 'audit.checkpoint_key_rotated',
      details: {
        retiredKey: retired ? verifierKeyText(retired) : null,
        newKey: verifierKeyText(current),
      },
    });
    return makeCheckpoint(tx, signer, 'key_rotation', now);
  });
}
