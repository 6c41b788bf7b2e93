// Sign-in throttling per account and per address: a few failures are free, then each failure
// makes the next attempt wait longer, and then the key is locked for a quarter of an hour.
// An attempt is reserved (counted as pending) in a transaction before its password is hashed and
// settled afterwards, so a burst of guesses sent at once gets no more password checks than the
// same guesses sent one by one, and a right password in such a burst opens no session.
import { eq } from 'drizzle-orm';
import { loginThrottle } from '../../../db/schema';
import type { Tx } from '../lib/db';

type Row = typeof loginThrottle.$inferSelect;

const LOCK_SECONDS = [0, 0, 0, 30, 60, 900]; // by failures so far; 900 s from the 5th on
const FORGET_AFTER_MS = 3_600_000; // an hour without failures wipes the slate
// A reservation not settled within a minute (the process died mid-hash) no longer counts.
const PENDING_FOR_MS = 60_000;
// An address (a shared office NAT) may fail more often than one account.
const ADDRESS_FACTOR = 4;

export const accountKey = (email: string) => `account:${email.toLowerCase()}`;
export const addressKey = (ip: string) => `ip:${ip}`;
/** A user's second factor: failures counted apart from the password's, cleared by a right code. */
export const secondFactorKey = (userId: number) => `factor:${userId}`;

function lockSeconds(key: string, failures: number): number {
  const n = key.startsWith('ip:') ? Math.floor(failures / ADDRESS_FACTOR) : failures;
  return LOCK_SECONDS[Math.min(n, LOCK_SECONDS.length - 1)] ?? 0;
}

/** The row as it counts now: failures forgotten after an hour, reservations after a minute. */
function current(tx: Tx, key: string, now: Date): Row {
  const row = tx.select().from(loginThrottle).where(eq(loginThrottle.key, key)).get();
  const fresh = { key, failures: 0, lastFailureAt: now.toISOString(), lockedUntil: null };
  if (!row) return { ...fresh, pending: 0, pendingAt: null, refused: 0, refusedSince: null };
  const stale = now.getTime() - new Date(row.lastFailureAt).getTime() > FORGET_AFTER_MS;
  const pendingGone =
    !row.pendingAt || now.getTime() - new Date(row.pendingAt).getTime() > PENDING_FOR_MS;
  return {
    ...row,
    ...(stale ? { failures: 0, lockedUntil: null } : {}),
    ...(pendingGone ? { pending: 0, pendingAt: null } : {}),
  };
}

function save(tx: Tx, row: Row): void {
  const { key, ...values } = row;
  tx.insert(loginThrottle)
    .values(row)
    .onConflictDoUpdate({ target: loginThrottle.key, set: values })
    .run();
}

/** Until when `row` is locked by its failures, or null. */
function lockedBy(row: Row, now: Date): Date | null {
  return row.lockedUntil && new Date(row.lockedUntil) > now ? new Date(row.lockedUntil) : null;
}

/**
 * Until when `row` refuses an attempt: its own lock, or the lock that the attempts still being
 * checked (`others` of them) would cause if they all failed.
 */
function lockOf(row: Row, others: number, now: Date): Date | null {
  const presumed = others > 0 ? lockSeconds(row.key, row.failures + others) : 0;
  return lockedBy(row, now) ?? (presumed ? new Date(now.getTime() + presumed * 1000) : null);
}

const later = (a: Date | null, b: Date | null) => (!a || (b && b > a) ? b : a);

/** Attempts refused during one lock, now over: one audit event for all of them. */
export type RefusedWindow = { key: string; count: number; since: string; lockedUntil: string };

function refuse(tx: Tx, row: Row, now: Date): void {
  save(tx, {
    ...row,
    refused: row.refused + 1,
    refusedSince: row.refusedSince ?? now.toISOString(),
  });
}

/**
 * Reserves one attempt on every key, or refuses it (counted on the locked keys) when any is
 * locked, or answers `busy` when only the attempts being checked now could lock it: the caller
 * waits for them and tries again, so excess guesses queue instead of being checked. Also returns
 * the refusals of locks that are over, to audit.
 */
export function reserveAttempt(
  tx: Tx,
  keys: string[],
  now: Date,
): { lockedUntil: Date | null; busy: boolean; closed: RefusedWindow[] } {
  const rows = keys.map((key) => current(tx, key, now));
  const closed: RefusedWindow[] = [];
  for (const row of rows) {
    if (row.refused === 0 || lockedBy(row, now)) continue;
    closed.push({
      key: row.key,
      count: row.refused,
      since: row.refusedSince ?? now.toISOString(),
      lockedUntil: row.lockedUntil ?? now.toISOString(),
    });
    Object.assign(row, { refused: 0, refusedSince: null });
  }
  let until: Date | null = null;
  for (const row of rows) until = later(until, lockedBy(row, now));
  const busy = !until && rows.some((row) => lockOf(row, row.pending, now));
  for (const row of rows) {
    if (until && lockedBy(row, now)) refuse(tx, row, now);
    else if (!until && !busy)
      save(tx, { ...row, pending: row.pending + 1, pendingAt: now.toISOString() });
    else if (closed.some((w) => w.key === row.key)) save(tx, row);
  }
  return { lockedUntil: until, busy, closed };
}

/** A reserved attempt failed: counts the failure; returns the lock it caused, if any. */
export function settleFailure(tx: Tx, keys: string[], now: Date): Date | null {
  let until: Date | null = null;
  for (const key of keys) {
    const row = current(tx, key, now);
    const failures = row.failures + 1;
    const seconds = lockSeconds(key, failures);
    const lock = seconds ? new Date(now.getTime() + seconds * 1000) : null;
    const lockedUntil = later(lockedBy(row, now), lock);
    save(tx, {
      ...row,
      failures,
      lastFailureAt: now.toISOString(),
      lockedUntil: lockedUntil?.toISOString() ?? null,
      pending: Math.max(row.pending - 1, 0),
    });
    until = later(until, lock);
  }
  return until;
}

/**
 * A reserved attempt had the right password. Checks the lock again, as the attempts checked at
 * the same time have left it: returns it when one stands (no session then; the attempt counts as
 * refused), else clears the account's failures and returns null.
 */
export function settleSuccess(tx: Tx, keys: string[], now: Date): Date | null {
  const rows = keys.map((key) => current(tx, key, now));
  const released = rows.map((row) => ({ ...row, pending: Math.max(row.pending - 1, 0) }));
  let until: Date | null = null;
  for (const row of released) until = later(until, lockOf(row, row.pending, now));
  released.forEach((row) => {
    if (until && lockOf(row, row.pending, now)) refuse(tx, row, now);
    else if (!until && !row.key.startsWith('ip:'))
      save(tx, { ...row, failures: 0, lockedUntil: null });
    else save(tx, row);
  });
  return until;
}
