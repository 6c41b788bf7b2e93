import { describe, expect, it } from 'vitest';
import { OWASP_SCRYPT_N, hashPassword, verifyPassword } from '../src/domain/password';

describe('password hashing', () => {
  it('uses scrypt at the OWASP parameters by default and verifies', async () => {
    const hash = await hashPassword('a long enough password');
    expect(hash).toMatch(new RegExp(`^scrypt\\$${OWASP_SCRYPT_N}\\$8\\$1\\$`));
    expect(await verifyPassword('a long enough password', hash)).toBe(true);
    expect(await verifyPassword('a long enough passwore', hash)).toBe(false);
  });

  it('salts: the same password hashes differently twice', async () => {
    expect(await hashPassword('same', 1024)).not.toBe(await hashPassword('same', 1024));
  });
});
