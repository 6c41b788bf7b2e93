// Group commit: under synchronous=FULL every COMMIT waits for an fsync of the WAL, on the event
// loop, and writes the audit trail's index pages again. Here the write transactions begun in one
// turn of the event loop become savepoints (better-sqlite3 nests a transaction inside an open
// one that way) of one BEGIN IMMEDIATE … COMMIT at the end of the turn: one fsync for all of
// them. Each step keeps its own atomicity (its savepoint rolls back alone on an error), and no
// response leaves before the commit that holds its writes (src/app.tsx waits on `settled`).
import type Database from 'better-sqlite3';
import { groupWritesOf, type Db, type Durability } from '../domain/lib/db';
import { log } from '../log';

type Group = { done: Promise<void>; resolve(): void; reject(err: unknown): void };

export type GroupCommit = Durability & {
  /** Commits the open group now (on shutdown, before the database closes). */
  flush(): void;
};

export function groupCommit(db: Db, sqlite: Database.Database): GroupCommit {
  let open: Group | null = null;
  // Counts groups lost (their COMMIT failed or SQLite rolled them back after an I/O error).
  let lost = 0;

  const end = (group: Group) => {
    if (open !== group) return;
    open = null;
    try {
      sqlite.exec('COMMIT');
      group.resolve();
    } catch (err) {
      lose(group, err);
    }
  };

  const lose = (group: Group, err: unknown) => {
    lost += 1;
    if (open === group) open = null;
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    log.error('group commit failed: its requests answer 503', { error: String(err) });
    group.reject(err);
  };

  groupWritesOf(db, () => {
    // SQLite rolls the whole transaction back by itself on some errors (SQLITE_FULL, IOERR):
    // the group is lost, and the next write starts a new one.
    if (open && !sqlite.inTransaction)
      lose(open, Object.assign(new Error('group rolled back by SQLite'), { code: 'SQLITE_IOERR' }));
    if (open || sqlite.inTransaction) return;
    sqlite.exec('BEGIN IMMEDIATE');
    let resolve!: () => void;
    let reject!: (err: unknown) => void;
    const done = new Promise<void>((ok, fail) => {
      resolve = ok;
      reject = fail;
    });
    done.catch(() => {}); // awaited by the requests in `settled`; no unhandled rejection when none is
    const group: Group = { done, resolve, reject };
    open = group;
    setImmediate(() => end(group));
  });

  return {
    mark: () => lost,
    async settled(mark) {
      if (open) await open.done.catch(() => {});
      if (lost !== mark) {
        throw Object.assign(new Error('SQLITE_IOERR: a write of this request may not be on disk'), {
          code: 'SQLITE_IOERR',
        });
      }
    },
    flush: () => {
      if (open) end(open);
    },
  };
}
