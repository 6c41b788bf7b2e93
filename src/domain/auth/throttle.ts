// Sign-in throttling per account and per address: a few failures are free, then each failure
// makes the next attempt wait longer, and then the key is locked for a quarter of an hour.
import { eq } from 'drizzle-orm';
import { loginThrottle } from '../../../db/schema';
import type { Db, Tx } from '../lib/db';

const LOCK_SECONDS = [0, 0, 0, 30, 60, 900]; // by failures so far; 900 s from the 5th on
const FORGET_AFTER_MS = 3_600_000; // an hour without failures wipes the slate
// An address (a shared office NAT) may fail more often than one account.
const ADDRESS_FACTOR = 4;

export const accountKey = (email: string) => `account:${email.toLowerCase()}`;
export const addressKey = (ip: string) => `ip:${ip}`;

function lockSeconds(key: string, failures: number): number {
  const n = key.startsWith('ip:') ? Math.floor(failures / ADDRESS_FACTOR) : failures;
  return LOCK_SECONDS[Math.min(n, LOCK_SECONDS.length - 1)] ?? 0;
}

/** The time until which any of `keys` is locked, or null when sign-in may be tried now. */
export function lockedUntil(db: Db, keys: string[], now: Date): Date | null {
  let until: Date | null = null;
  for (const key of keys) {
    const row = db.select().from(loginThrottle).where(eq(loginThrottle.key, key)).get();
    if (
      row?.lockedUntil &&
      new Date(row.lockedUntil) > now &&
      (!until || new Date(row.lockedUntil) > until)
    ) {
      until = new Date(row.lockedUntil);
    }
  }
  return until;
}

/** Counts one failure on each key; returns the lock it caused, if any. */
export function recordFailure(tx: Tx, keys: string[], now: Date): Date | null {
  let until: Date | null = null;
  for (const key of keys) {
    const row = tx.select().from(loginThrottle).where(eq(loginThrottle.key, key)).get();
    const stale = row && now.getTime() - new Date(row.lastFailureAt).getTime() > FORGET_AFTER_MS;
    const failures = (row && !stale ? row.failures : 0) + 1;
    const seconds = lockSeconds(key, failures);
    const lock = seconds ? new Date(now.getTime() + seconds * 1000) : null;
    const values = {
      failures,
      lastFailureAt: now.toISOString(),
      lockedUntil: lock?.toISOString() ?? null,
    };
    tx.insert(loginThrottle)
      .values({ key, ...values })
      .onConflictDoUpdate({ target: loginThrottle.key, set: values })
      .run();
    if (lock && (!until || lock > until)) until = lock;
  }
  return until;
}

export function clearFailures(tx: Tx, key: string): void {
  tx.delete(loginThrottle).where(eq(loginThrottle.key, key)).run();
}
