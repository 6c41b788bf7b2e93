// The database handle every domain function takes first. Synchronous on purpose: better-sqlite3
// on Node and SQLite-backed Durable Objects on Workers both run transactions synchronously, so
// a state change and its audit event are one atomic unit on both targets with one code path.
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type * as schema from '../../db/schema';

export type Db = BaseSQLiteDatabase<'sync', unknown, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Runs `fn` as one write transaction (BEGIN IMMEDIATE: take the write lock before reading). */
export function transaction<T>(db: Db, fn: (tx: Tx) => T): T {
  return db.transaction(fn, { behavior: 'immediate' });
}

export const iso = (d: Date) => d.toISOString();
