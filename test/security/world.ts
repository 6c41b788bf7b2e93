// The seeded world (test/fixtures/scenario.ts) built once per suite and cloned for each test:
// the seed takes seconds, a copy of the database a few milliseconds. A clone is the real app on
// its own in-memory copy, with a signed-in browser per role (the sessions are in the copy).
import { signerOf } from '../../src/node/checkpoint-key';
import { testKey } from '../fixtures/checkpoints';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from '../../db/schema';
import type { Role } from '../../db/schema';
import { createApp, type App } from '../../src/app';
import type { Config } from '../../src/config';
import type { Db } from '../../src/domain/lib/db';
import { loadAssets } from '../../src/node/assets';
import {
  ACCOUNTS,
  buildWorld,
  DEMO_PASSWORD,
  OTHER_OWNER,
  type Viewer,
  type World,
} from '../fixtures/scenario';
import { Browser, setup, shareFactors } from '../helpers';

export type Clone = {
  app: App;
  db: Db;
  sqlite: Database.Database;
  config: Config;
  world: World;
  /** A browser per viewer; `otherOwner` is the owner of other channels. */
  as: Record<Viewer | 'otherOwner', Browser>;
  /** The seeded state every clone starts from, to tell whether anything was written since. */
  pristine: { print: string; counts: Record<string, number> };
};

type Seeded = {
  /** The app the world was seeded through (its users' authenticators, for later sign-ins). */
  app: App;
  snapshot: Buffer;
  config: Config;
  world: World;
  pristine: Clone['pristine'];
  jars: Record<string, { cookies: Map<string, string>; csrf: string }>;
};

let seeded: Promise<Seeded> | undefined;

async function seed(): Promise<Seeded> {
  // With a checkpoint key, as every server runs: verify and export sign checkpoints.
  const t = await setup({ checkpoint: signerOf(testKey()) });
  const world = await buildWorld(t.db, t.config);
  const jars: Seeded['jars'] = {};
  const signIn = async (name: string, email: string | null) => {
    const b = t.browser();
    if (email) await b.signIn(email, DEMO_PASSWORD);
    else await b.get('/sign-in');
    jars[name] = { cookies: b.cookies, csrf: b.csrf };
  };
  await signIn('anonymous', null);
  for (const role of Object.keys(ACCOUNTS) as Role[]) await signIn(role, ACCOUNTS[role]);
  await signIn('otherOwner', OTHER_OWNER.email);
  // The password and no further: the session owes its second factor.
  const half = t.browser();
  await half.get('/sign-in');
  await half.post('/sign-in', { email: ACCOUNTS.crisis_operator, password: DEMO_PASSWORD });
  await half.get('/second-factor');
  jars.password_only = { cookies: half.cookies, csrf: half.csrf };
  const pristine = { print: fingerprint(t.sqlite), counts: rowCounts(t.sqlite) };
  return { app: t.app, snapshot: t.sqlite.serialize(), config: t.config, world, jars, pristine };
}

/** A fresh copy of the seeded world (seeded once per test file). */
export async function cloneWorld(): Promise<Clone> {
  const s = await (seeded ??= seed());
  const sqlite = new Database(s.snapshot);
  sqlite.pragma('foreign_keys = ON');
  const db = drizzle(sqlite, { schema }) as unknown as Db;
  const app = createApp({ db, config: s.config, assets: loadAssets() });
  shareFactors(s.app, app);
  const as = Object.fromEntries(
    Object.entries(s.jars).map(([name, jar]) => {
      const b = new Browser(app);
      b.cookies = new Map(jar.cookies);
      b.csrf = jar.csrf;
      return [name, b];
    }),
  ) as Clone['as'];
  return { app, db, sqlite, config: s.config, world: s.world, as, pristine: s.pristine };
}

// Sessions change on every request (last seen), the throttle on failed sign-ins and an API
// token's last use on its first call: none is a write by the route under test.
const VOLATILE = new Set(['sessions', 'login_throttle']);
const VOLATILE_COLUMNS: Record<string, string[]> = { api_tokens: ['last_used_at'] };
// A refusal's own audit event (src/domain/auth/refusals.ts) is the record of the refusal, not a
// write by the route refused: left out here, checked by the tests that refuse.
const NOT_WRITES: Record<string, string> = { audit_events: "action <> 'access.refused'" };
const rowsOf = (table: string) =>
  `"${table}"${NOT_WRITES[table] ? ` WHERE ${NOT_WRITES[table]}` : ''}`;

/** Row counts per table, for messages that say what was written. */
export function rowCounts(sqlite: Database.Database): Record<string, number> {
  const tables = sqlite
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'",
    )
    .pluck()
    .all() as string[];
  return Object.fromEntries(
    tables
      .filter((t) => !VOLATILE.has(t))
      .map((t) => [
        t,
        sqlite
          .prepare(`SELECT count(*) FROM ${rowsOf(t)}`)
          .pluck()
          .get() as number,
      ]),
  );
}

/** A hash of every row of every table but the volatile ones: equal means nothing was written. */
export function fingerprint(sqlite: Database.Database): string {
  const hash = createHash('sha256');
  for (const table of Object.keys(rowCounts(sqlite))) {
    hash.update(table);
    const skip = VOLATILE_COLUMNS[table] ?? [];
    const columns = (sqlite.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[])
      .map((c) => c.name)
      .filter((c) => !skip.includes(c))
      .map((c) => `"${c}"`)
      .join(', ');
    for (const row of sqlite
      .prepare(`SELECT ${columns} FROM ${rowsOf(table)}`)
      .raw()
      .iterate())
      hash.update(JSON.stringify(row));
  }
  return hash.digest('hex');
}

/**
 * Rows inserted, updated or deleted on this connection so far (SQLite's total_changes()): a
 * cheap first check, since it also counts writes a rolled-back transaction undid.
 */
export const totalChanges = (sqlite: Database.Database) =>
  sqlite.prepare('SELECT total_changes()').pluck().get() as number;

/** Runs `fn` and says which tables changed if anything was written. */
export async function expectNothingWritten<T>(
  sqlite: Database.Database,
  what: string,
  fn: () => Promise<T>,
): Promise<T> {
  const before = rowCounts(sqlite);
  const print = fingerprint(sqlite);
  const result = await fn();
  if (fingerprint(sqlite) !== print) {
    const after = rowCounts(sqlite);
    const changed = Object.keys(after)
      .filter((t) => after[t] !== before[t])
      .map((t) => `${t} ${before[t]}→${after[t]}`);
    throw new Error(
      `${what} wrote to the database (${changed.join(', ') || 'rows updated in place'})`,
    );
  }
  return result;
}
