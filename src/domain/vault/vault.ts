// The vault's cryptography: values sealed with the vault key (src/domain/lib/sealed.ts), each
// bound to its channel, so a ciphertext copied onto another channel's row fails to decrypt
// instead of revealing the wrong channel's login details.
import { createHash, randomBytes } from 'node:crypto';
import { openFor, sealFor, type Sealed, type VaultKeys } from '../lib/sealed';

export { VaultError, type Sealed, type VaultKeys } from '../lib/sealed';

const context = (channelId: number) => `channel:${channelId}`;

/** Encrypts `plaintext` for one channel under the current key. */
export const seal = (vault: VaultKeys | null, channelId: number, plaintext: string): Sealed =>
  sealFor(vault, context(channelId), plaintext);

/** Decrypts a channel's sealed value; a wrong key or a tampered value throws VaultError. */
export const open = (vault: VaultKeys | null, channelId: number, sealed: Sealed): string =>
  openFor(vault, context(channelId), sealed);

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
