import { randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  OWASP_SCRYPT_N,
  gate,
  hashParameters,
  hashPassword,
  needsRehash,
  unmatchableHash,
  verifyPassword,
} from '../src/domain/auth/password';

// A hash in the stored format made here with Node's scrypt directly, at parameters of our choosing
// (the format before the cost changed used N=2^17, r=8, p=1).
const madeAt = (password: string, n: number, r: number, p: number) => {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFC'), salt, 32, { N: n, r, p, maxmem: 256 * n * r });
  return ['scrypt', n, r, p, salt.toString('base64'), key.toString('base64')].join('$');
};

describe('password hashing', () => {
  it("uses the OWASP cheat sheet's 16 MiB scrypt setting (N=2^14, r=8, p=5) by default and verifies", async () => {
    expect(OWASP_SCRYPT_N).toBe(2 ** 14);
    const hash = await hashPassword('a long enough password');
    expect(hash).toMatch(/^scrypt\$16384\$8\$5\$/);
    expect(await verifyPassword('a long enough password', hash)).toBe(true);
    expect(await verifyPassword('a long enough passwore', hash)).toBe(false);
    expect(needsRehash(hash, OWASP_SCRYPT_N)).toBe(false);
  });

  it('salts: the same password hashes differently twice', async () => {
    expect(await hashPassword('same', 1024)).not.toBe(await hashPassword('same', 1024));
  });

  it('verifies a hash stored at other parameters and says it needs the current ones', async () => {
    const old = madeAt('an older password', 2048, 8, 1);
    expect(await verifyPassword('an older password', old)).toBe(true);
    expect(await verifyPassword('an older passwore', old)).toBe(false);
    expect(needsRehash(old, 2048)).toBe(true);
    expect(needsRehash(await hashPassword('x', 2048), 2048)).toBe(false);
    expect(needsRehash(await hashPassword('x', 1024), 2048)).toBe(true);
    expect(hashParameters(old)).toBe('N=2048 r=8 p=1');
  });

  it('treats the same password in another Unicode normal form as the same password', async () => {
    const hash = await hashPassword('caf\u00e9 au lait', 1024);
    expect(await verifyPassword('cafe\u0301 au lait', hash)).toBe(true);
  });

  it('refuses a stored value that is not a scrypt hash with whole-number parameters', async () => {
    for (const stored of [
      '',
      'plain text',
      'scrypt$x$8$5$c2FsdA==$a2V5',
      'bcrypt$10$8$1$c2FsdA==$a2V5',
      'scrypt$1024$8$0$c2FsdA==$a2V5',
    ]) {
      expect(await verifyPassword('plain text', stored)).toBe(false);
    }
  });

  it('has an unmatchable hash for unknown accounts at the current parameters, which nothing verifies against', async () => {
    const hash = unmatchableHash(1024);
    expect(hash).toMatch(/^scrypt\$1024\$8\$5\$/);
    expect(needsRehash(hash, 1024)).toBe(false);
    expect(unmatchableHash(1024)).not.toBe(hash);
    expect(await verifyPassword('', hash)).toBe(false);
    expect(await verifyPassword('not a password', hash)).toBe(false);
  });
});

describe('the derivation gate', () => {
  const deferred = () => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => {
      resolve = r;
    });
    return { promise, resolve };
  };
  const settle = () => new Promise((r) => setTimeout(r, 0));

  it('runs at most two derivations at once and starts the next as one ends', async () => {
    const run = gate(2);
    const started: number[] = [];
    const done = [0, 1, 2, 3].map(() => deferred());
    const all = done.map((d, i) =>
      run(1, async () => {
        started.push(i);
        await d.promise;
        return i;
      }),
    );
    await settle();
    expect(started).toEqual([0, 1]);
    done[1]!.resolve();
    await settle();
    expect(started).toEqual([0, 1, 2]);
    done[0]!.resolve();
    done[2]!.resolve();
    done[3]!.resolve();
    expect(await Promise.all(all)).toEqual([0, 1, 2, 3]);
  });

  it('runs a derivation heavier than the budget alone, and lets none overtake it while it waits', async () => {
    const run = gate(2);
    const log: string[] = [];
    const light = deferred();
    const heavy = deferred();
    const first = run(1, async () => {
      log.push('light 1');
      await light.promise;
    });
    const big = run(8, async () => {
      log.push('heavy');
      await heavy.promise;
    });
    const later = run(1, async () => {
      log.push('light 2');
    });
    await settle();
    expect(log).toEqual(['light 1']);
    light.resolve();
    await settle();
    expect(log).toEqual(['light 1', 'heavy']);
    heavy.resolve();
    await Promise.all([first, big, later]);
    expect(log).toEqual(['light 1', 'heavy', 'light 2']);
  });

  it('frees its slot when a derivation fails', async () => {
    const run = gate(1);
    await expect(
      run(1, async () => {
        throw new Error('scrypt failed');
      }),
    ).rejects.toThrow('scrypt failed');
    expect(await run(1, async () => 'next')).toBe('next');
  });
});
