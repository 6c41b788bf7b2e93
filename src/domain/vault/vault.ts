// The vault's cryptography: AES-256-GCM with a fresh random 12-byte nonce per value and the key
// id stored beside each ciphertext, so old values stay readable while keys rotate. The channel
// id is bound in as additional authenticated data: a ciphertext copied onto another channel's
// row fails to decrypt instead of revealing the wrong channel's login details.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

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

const aad = (channelId: number) => Buffer.from(`channel:${channelId}`, 'utf8');

/** Encrypts `plaintext` for one channel under the current key. */
export function seal(vault: VaultKeys | null, channelId: number, plaintext: string): Sealed {
  const keyId = vault?.currentKeyId ?? '';
  const key = keyBytes(vault, keyId);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(channelId));
  const body = Buffer.concat([
    cipher.update(plaintext, 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return { keyId, nonce: nonce.toString('base64'), ciphertext: body.toString('base64') };
}

/** Decrypts a sealed value; a wrong key or a tampered value throws VaultError('vault.wrongKey'). */
export function open(vault: VaultKeys | null, channelId: number, sealed: Sealed): string {
  const key = keyBytes(vault, sealed.keyId);
  const nonce = Buffer.from(sealed.nonce, 'base64');
  const body = Buffer.from(sealed.ciphertext, 'base64');
  if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES)
    throw new VaultError('vault.wrongKey', sealed.keyId);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(channelId));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(body.subarray(0, body.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new VaultError('vault.wrongKey', sealed.keyId);
  }
}

/** A new random key as the vault config stores it (base64 of 32 bytes). */
export const newKey = () => randomBytes(32).toString('base64');

/** A key's id is its fingerprint: the same key always has the same id, wherever it is kept. */
export function keyIdFor(base64Key: string): string {
  return `k${createHash('sha256').update(Buffer.from(base64Key, 'base64')).digest('hex').slice(0, 12)}`;
}

/** The vault config for one key (CREDENTIAL_KEY on Node and Workers). */
export const singleKey = (base64Key: string): VaultKeys => ({
  currentKeyId: keyIdFor(base64Key),
  keys: { [keyIdFor(base64Key)]: base64Key },
});
