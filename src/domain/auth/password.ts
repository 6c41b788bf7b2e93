// Password hashing with scrypt. The OWASP Password Storage Cheat Sheet's scrypt section
// (https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#scrypt) lists
// N=2^17 (128 MiB), r=8, p=1 down to N=2^13 (8 MiB), r=8, p=10 as settings that "provide a similar
// minimal level of defense, with the main trade-off between parallelism and RAM usage". We use
// N=2^14 (16 MiB), r=8, p=5: the same floor at an eighth of the memory, which a Worker's 128 MB and
// a server under a burst of sign-ins can afford. Each hash carries its parameters
// (scrypt$N$r$p$salt$key), so hashes made at other parameters still verify and are replaced by
// the current ones at the next sign-in (needsRehash).
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export const OWASP_SCRYPT_N = 2 ** 14;
const R = 8;
const P = 5;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

type Cost = { n: number; r: number; p: number };
const memoryOf = ({ n, r }: Cost) => 128 * n * r;

/**
 * Runs at most `slots` weighted tasks at once, in arrival order (a heavy task waiting at the head
 * is not overtaken, so it cannot starve). scrypt runs on libuv's thread pool: without a gate a
 * burst of sign-ins would hold N × 16 MiB (or N × 128 MiB for old hashes) at once.
 */
export function gate(slots: number) {
  let free = slots;
  const waiting: { weight: number; start: () => void }[] = [];
  const next = () => {
    while (waiting[0] && waiting[0].weight <= free) {
      const head = waiting.shift()!;
      free -= head.weight;
      head.start();
    }
  };
  return function run<T>(weight: number, task: () => Promise<T>): Promise<T> {
    const w = Math.min(Math.max(weight, 1), slots);
    return new Promise<void>((start) => {
      waiting.push({ weight: w, start });
      next();
    })
      .then(task)
      .finally(() => {
        free += w;
        next();
      });
  };
}

// Two derivations at the current cost at once (32 MiB); one that needs more memory than that
// (a hash made at N=2^17 before) runs alone.
const DERIVATIONS_AT_ONCE = 2;
const derivations = gate(DERIVATIONS_AT_ONCE);

function derive(password: string, salt: Buffer, cost: Cost): Promise<Buffer> {
  const memory = memoryOf(cost);
  const weight = Math.ceil(memory / memoryOf({ n: OWASP_SCRYPT_N, r: R, p: P }));
  return derivations(
    weight,
    () =>
      new Promise((resolve, reject) => {
        scrypt(
          password.normalize('NFC'),
          salt,
          KEY_LENGTH,
          { N: cost.n, r: cost.r, p: cost.p, maxmem: 2 * memory },
          (err, key) => (err ? reject(err) : resolve(key)),
        );
      }),
  );
}

function parse(stored: string): { cost: Cost; salt: Buffer; key: Buffer } | null {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  const cost = { n: Number(n), r: Number(r), p: Number(p) };
  if (
    scheme !== 'scrypt' ||
    !salt ||
    !key ||
    !Object.values(cost).every((v) => Number.isInteger(v) && v > 0)
  )
    return null;
  return { cost, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') };
}

const format = ({ n, r, p }: Cost, salt: Buffer, key: Buffer) =>
  ['scrypt', n, r, p, salt.toString('base64'), key.toString('base64')].join('$');

/** A new hash at N (tests lower it; production always uses OWASP_SCRYPT_N), r=8, p=5. */
export async function hashPassword(password: string, n = OWASP_SCRYPT_N): Promise<string> {
  const cost = { n, r: R, p: P };
  const salt = randomBytes(SALT_LENGTH);
  return format(cost, salt, await derive(password, salt, cost));
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const actual = await derive(password, parsed.salt, parsed.cost);
  return actual.length === parsed.key.length && timingSafeEqual(actual, parsed.key);
}

/** True when the stored hash was made at other parameters than new hashes at N get. */
export function needsRehash(stored: string, n: number): boolean {
  const cost = parse(stored)?.cost;
  return !cost || cost.n !== n || cost.r !== R || cost.p !== P;
}

/** "N=16384 r=8 p=5": the parameters of a stored hash, for the audit trail (never the salt or key). */
export function hashParameters(stored: string): string {
  const cost = parse(stored)?.cost;
  return cost ? `N=${cost.n} r=${cost.r} p=${cost.p}` : 'unknown';
}

/**
 * A well-formed hash at the current parameters that no password matches (random key): verified
 * against when an account does not exist, so that answer takes as long as a wrong password.
 */
export function unmatchableHash(n: number): string {
  return format({ n, r: R, p: P }, randomBytes(SALT_LENGTH), randomBytes(KEY_LENGTH));
}
