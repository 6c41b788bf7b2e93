// Concurrency over real HTTP: two server processes on one database file (WAL, busy timeout,
// BEGIN IMMEDIATE), twenty connections at once against the same cases. No lost update, no
// duplicate transition, no SQLITE_BUSY or 500 reaching anyone, one unforked audit chain.
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../../db/schema';
import { verifyChain } from '../../src/domain/audit/trail';
import type { Db } from '../../src/domain/lib/db';
import { toBrusselsLocal } from '../../src/i18n/format';
import { ACCOUNTS, DEMO_PASSWORD, OTHER_OWNER } from '../fixtures/scenario';
import {
  addFreshCases,
  Client,
  prepareWorld,
  startServer,
  type Prepared,
  type Reply,
  type Server,
} from './server';

const PARALLEL = 20;
let p: Prepared;
let fresh: number[];
let a: Server;
let b: Server;
let operator: Client;

beforeAll(async () => {
  p = await prepareWorld();
  fresh = addFreshCases(p);
  [a, b] = await Promise.all([startServer(p), startServer(p)]);
  operator = await new Client(a.url).signIn(ACCOUNTS.crisis_operator, DEMO_PASSWORD);
}, 120_000);

afterAll(async () => {
  await Promise.all([a, b].filter(Boolean).map((s) => s.stop()));
  rmSync(p.dir, { recursive: true, force: true });
});

/** The i-th of `n` clients: half of them talk to each server process. */
const client = (i: number) => operator.on(i % 2 ? b.url : a.url);
const caseUrl = (caseId: number) => `/crises/${p.world.crisisId}/cases/${caseId}`;
const count = (sql: string, ...args: unknown[]) => {
  const sqlite = new Database(p.dbPath, { readonly: true });
  const n = sqlite
    .prepare(sql)
    .pluck()
    .get(...args) as number;
  sqlite.close();
  return n;
};
const statuses = (replies: Reply[]) => replies.map((r) => r.status).sort();

describe('concurrent writers', () => {
  it('lets exactly one of twenty simultaneous takeovers of a case through, across two processes', async () => {
    const cases = fresh.slice(0, 3);
    const deadline = toBrusselsLocal(new Date(Date.now() + 30 * 60_000));
    const replies = await Promise.all(
      cases.flatMap((caseId) =>
        Array.from({ length: PARALLEL }, (_, i) =>
          client(i).post(`${caseUrl(caseId)}/acute`, {
            version: '1',
            justification: `Tegelijk ${caseId}-${i}`,
            deadline,
          }),
        ),
      ),
    );
    for (const [k, caseId] of cases.entries()) {
      const mine = replies.slice(k * PARALLEL, (k + 1) * PARALLEL);
      // One wins; every other one hears "someone else changed it" (409), never a fault.
      expect(statuses(mine)).toEqual([303, ...Array(PARALLEL - 1).fill(409)]);
      expect(
        count(
          "SELECT count(*) FROM audit_events WHERE case_id = ? AND action = 'case.authorised'",
          caseId,
        ),
      ).toBe(1);
      expect(count('SELECT version FROM takeover_cases WHERE id = ?', caseId)).toBe(2);
      const owners = count(
        'SELECT count(*) FROM channel_owners o JOIN takeover_cases c ON c.channel_id = o.channel_id WHERE c.id = ?',
        caseId,
      );
      expect(
        count(
          "SELECT count(*) FROM notifications WHERE case_id = ? AND event = 'takeover_authorised'",
          caseId,
        ),
      ).toBe(owners);
    }
  }, 60_000);

  it('loses no update when twenty operators log contact attempts on one case at once, retrying after a 409', async () => {
    const caseId = fresh
      .slice(3, 8)
      .find(
        (id) =>
          count(
            'SELECT count(*) FROM channel_owners o JOIN takeover_cases c ON c.channel_id = o.channel_id WHERE c.id = ?',
            id,
          ) > 0,
      )!;
    const ownerId = count(
      'SELECT owner_id FROM channel_owners o JOIN takeover_cases c ON c.channel_id = o.channel_id WHERE c.id = ? ORDER BY position LIMIT 1',
      caseId,
    );
    const seen: number[] = [];
    const attempt = async (i: number) => {
      const c = client(i);
      for (let tries = 0; tries < 60; tries++) {
        const version = /name="version" value="(\d+)"/.exec(
          (await c.get(caseUrl(caseId))).text,
        )![1]!;
        const res = await c.post(`${caseUrl(caseId)}/attempts`, {
          version,
          ownerId: String(ownerId),
          means: 'phone',
          outcome: 'no_answer',
          note: `Poging ${i}`,
        });
        seen.push(res.status);
        if (res.status === 303) return;
      }
      throw new Error(`attempt ${i} never got through`);
    };
    await Promise.all(Array.from({ length: PARALLEL }, (_, i) => attempt(i)));
    expect([...new Set(seen)].sort()).toEqual(seen.includes(409) ? [303, 409] : [303]);
    for (let i = 0; i < PARALLEL; i++)
      expect(
        count(
          'SELECT count(*) FROM contact_attempts WHERE case_id = ? AND note = ?',
          caseId,
          `Poging ${i}`,
        ),
      ).toBe(1);
    expect(count('SELECT version FROM takeover_cases WHERE id = ?', caseId)).toBe(1 + PARALLEL);
    expect(
      count(
        "SELECT count(*) FROM audit_events WHERE case_id = ? AND action = 'case.contact_attempt'",
        caseId,
      ),
    ).toBe(PARALLEL);
  }, 60_000);

  it('keeps one audit chain, never forked, with sign-ins and takeover steps racing in both processes', async () => {
    const before = count('SELECT count(*) FROM audit_events');
    const next = fresh.slice(8, 8 + PARALLEL);
    expect(next).toHaveLength(PARALLEL);
    const deadline = toBrusselsLocal(new Date(Date.now() + 30 * 60_000));
    const replies = await Promise.all([
      ...next.map((caseId, i) =>
        client(i).post(`${caseUrl(caseId)}/acute`, {
          version: '1',
          justification: `Race ${caseId}: bericht moet nu online`,
          deadline,
        }),
      ),
      ...Array.from({ length: PARALLEL }, async (_, i) => {
        const c = new Client(i % 2 ? b.url : a.url);
        await c.get('/sign-in');
        return c.post('/sign-in', {
          email: i % 4 ? OTHER_OWNER.email : ACCOUNTS.owner,
          password: i % 3 ? DEMO_PASSWORD : 'fout wachtwoord',
        });
      }),
    ]);
    expect(replies.filter((r) => r.status >= 500)).toEqual([]);
    expect(statuses(replies.slice(0, next.length))).toEqual(Array(next.length).fill(303));
    const sqlite = new Database(p.dbPath, { readonly: true });
    const chain = verifyChain(drizzle(sqlite, { schema }) as unknown as Db);
    const seqs = sqlite
      .prepare(
        'SELECT count(*) AS n, max(seq) AS top, count(DISTINCT prev_hash) AS links FROM audit_events',
      )
      .get() as { n: number; top: number; links: number };
    sqlite.close();
    expect(chain).toMatchObject({ ok: true });
    expect(seqs.n).toBe(seqs.top);
    expect(seqs.links).toBe(seqs.n);
    // Every sign-in is audited, but one refused during a lock only in that lock's one event later.
    const signIns = replies.slice(next.length).filter((r) => r.status !== 429).length;
    expect(signIns).toBeGreaterThan(0);
    expect(seqs.n).toBeGreaterThanOrEqual(before + next.length + signIns);
    // Neither process met a locked database or a fault on the way.
    for (const s of [a, b]) expect(s.output()).not.toMatch(/SQLITE_BUSY|request failed/);
  }, 60_000);
});
