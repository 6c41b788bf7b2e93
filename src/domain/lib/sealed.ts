// Sealed values: AES-256-GCM with a fresh random 12-byte nonce per value and the key id stored
// beside each ciphertext, so old values stay readable while keys rotate. Each value is bound to
// a context (additional authenticated data, e.g. "channel:7" or "user:3:totp"): a ciphertext
// copied onto another row fails to decrypt instead of opening there. The vault's login details
// (src/domain/vault) and the users' TOTP secrets (src/domain/auth) both use the vault key.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export type VaultKeys = { currentKeyId: string; keys: Record<string, string> };

export type Sealed = { keyId: string; nonce: string; ciphertext: string };

/** Thrown for a missing or wrong key: never garbage, always one of these reasons. */
export class VaultError extends Error {
  constructor(
    readonly reason:
      'vault.notConfigured' | 'vault.keyMissing' | 'vault.keyInvalid' | 'vault.wrongKey',
    readonly keyId: string | null,
  ) {
    super(`${reason}${keyId ? ` (key ${keyId})` : ''}`);
    this.name = 'VaultError';
  }
}

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

function keyBytes(vault: VaultKeys | null, keyId: string): Buffer {
  if (!vault) throw new VaultError('vault.notConfigured', null);
  const encoded = vault.keys[keyId];
  if (encoded === undefined) throw new VaultError('vault.keyMissing', keyId);
  const key = Buffer.from(encoded, 'base64');
  if (key.length !== 32) throw new VaultError('vault.keyInvalid', keyId);
  return key;
}

/** Encrypts `plaintext` under the current key, bound to `context` (what the value belongs to). */
export function sealFor(vault: VaultKeys | null, context: string, plaintext: string): Sealed {
  const keyId = vault?.currentKeyId ?? '';
  const key = keyBytes(vault, keyId);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([
    cipher.update(plaintext, 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return { keyId, nonce: nonce.toString('base64'), ciphertext: body.toString('base64') };
}

/** Decrypts a sealed value; a wrong key, context or a tampered value throws VaultError('vault.wrongKey'). */
export function openFor(vault: VaultKeys | null, context: string, sealed: Sealed): string {
  const key = keyBytes(vault, sealed.keyId);
  const nonce = Buffer.from(sealed.nonce, 'base64');
  const body = Buffer.from(sealed.ciphertext, 'base64');
  if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES)
    throw new VaultError('vault.wrongKey', sealed.keyId);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(body.subarray(0, body.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new VaultError('vault.wrongKey', sealed.keyId);
  }
}
