// The database handle every domain function takes first. Synchronous on purpose: better-sqlite3
// on Node and SQLite-backed Durable Objects on Workers both run transactions synchronously, so
// a state change and its audit event are one atomic unit on both targets with one code path.
import { sql, type Placeholder, type SQLWrapper } from 'drizzle-orm';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type * as schema from '../../../db/schema';

export type Db = BaseSQLiteDatabase<'sync', unknown, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

// Group commit (the Node server, src/node/group-commit.ts): the write transactions of one turn
// of the event loop run as savepoints of one SQLite transaction, made durable by one fsync at
// the end of the turn, and every response waits for it (`Durability`, src/app.tsx). A Durable
// Object on Workers coalesces its writes the same way by itself (output gates).
const writeGroups = new WeakMap<Db, () => void>();

/** `open` runs before every write transaction on `db`: it opens the turn's group if none is open. */
export const groupWritesOf = (db: Db, open: () => void) => void writeGroups.set(db, open);

/** What a response waits for before it acknowledges anything. */
export type Durability = {
  /** A mark taken when a request starts. */
  mark(): number;
  /** Resolves once every write so far is on disk; rejects if a write made since `mark` was lost. */
  settled(mark: number): Promise<void>;
};

/** Runs `fn` as one write transaction (BEGIN IMMEDIATE: take the write lock before reading). */
export function transaction<T>(db: Db, fn: (tx: Tx) => T): T {
  writeGroups.get(db)?.();
  return db.transaction(fn, { behavior: 'immediate' });
}

/**
 * A query drizzle builds and SQLite compiles once per database connection, then runs with
 * `sql.placeholder` values: on the write path, building and compiling cost more than running.
 * A transaction shares its database's session, so one statement serves both.
 */
export function prepared<Q>(build: (db: Db) => Q): (db: Db | Tx) => Q {
  const perSession = new WeakMap<object, Q>();
  return (db) => {
    const session = (db as unknown as { session: object }).session;
    let query = perSession.get(session);
    if (!query) perSession.set(session, (query = build(db as Db)));
    return query;
  };
}

/** What a Durable Object's SQLite binds per statement at most (Cloudflare's limits page). */
export const MAX_BOUND_PARAMETERS = 100;

/**
 * `column IN (ids)` with the ids bound as one JSON array: one parameter however many ids (more
 * than MAX_BOUND_PARAMETERS on a board of 300 channels), and one compiled statement for any number.
 */
export const inIds = (column: SQLWrapper, ids: readonly number[] | Placeholder) =>
  sql`${column} IN (SELECT value FROM json_each(${Array.isArray(ids) ? JSON.stringify(ids) : ids}))`;

export const iso = (d: Date) => d.toISOString();
