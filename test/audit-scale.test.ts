// The audit list at 200,000 events: every filter answers a deep page with the same query plan as
// the first, on an index, never a full scan of audit_events.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { crises } from '../db/schema';
import { verifyChain } from '../src/domain/audit/trail';
import { auditPage, pageQuery, seqWindow, type AuditFilter } from '../src/domain/audit/query';
import { GENESIS, chainHash, type ChainFields } from './fixtures/chain';
import { setup, type TestContext } from './helpers';

const N = 200_000;
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const ACTIONS = [
  'case.contact_attempt',
  'case.action_logged',
  'notification.sent',
  'channel.updated',
  'user.signed_in',
];
let t: TestContext;
let realCrisis: number;
let drillCrisis: number;

/** One transaction, one prepared statement, the chain computed as it goes (one event a second). */
function seed(t: TestContext, crisisIds: number[]) {
  const insert = t.sqlite.prepare(`INSERT INTO audit_events
    (seq, at, actor_user_id, actor_role, action, crisis_id, channel_id, case_id, department_id, details, prev_hash, hash)
    VALUES (@seq, @at, @actorUserId, @actorRole, @action, @crisisId, @channelId, @caseId, @departmentId, @details, @prevHash, @hash)`);
  const head = t.sqlite
    .prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1')
    .get() as { seq: number; hash: string } | undefined;
  t.sqlite.transaction(() => {
    let prevHash = head?.hash ?? GENESIS;
    const from = (head?.seq ?? 0) + 1;
    for (let seq = from; seq < from + N; seq++) {
      const inCrisis = seq % 4 === 0;
      const e: ChainFields = {
        seq,
        at: new Date(T0 + seq * 1000).toISOString(),
        actorUserId: 1 + (seq % 20),
        actorRole: 'crisis_operator',
        action: ACTIONS[seq % ACTIONS.length]!,
        crisisId: inCrisis ? crisisIds[seq % crisisIds.length]! : null,
        channelId: 1 + (seq % 50),
        caseId: inCrisis ? 1 + (seq % 200) : null,
        departmentId: 1 + (seq % 10),
        details: `{"n":${seq}}`,
      };
      const hash = chainHash(prevHash, e);
      insert.run({ ...e, prevHash, hash });
      prevHash = hash;
    }
  })();
}

beforeAll(async () => {
  t = await setup();
  const user = await t.user(['crisis_operator']);
  const crisis = (isExercise: boolean) =>
    t.db
      .insert(crises)
      .values({
        title: isExercise ? 'Oefening' : 'Crisis',
        startedAt: '2026-01-01T00:00:00.000Z',
        impact: 'major',
        declaredBy: user.id,
        createdAt: '2026-01-01T00:00:00.000Z',
        isExercise,
      })
      .returning()
      .get().id;
  realCrisis = crisis(false);
  drillCrisis = crisis(true);
  const started = performance.now();
  seed(t, [realCrisis, realCrisis, drillCrisis]);
  console.log(
    `seeded ${N} chained events in ${((performance.now() - started) / 1000).toFixed(2)} s`,
  );
}, 120_000);

/** The plan SQLite chooses for the page query exactly as auditPage runs it. */
function plan(filter: AuditFilter, before: number | null): string[] {
  const window = seqWindow(t.db, filter)!;
  const { sql, params } = pageQuery(t.db, filter, window, before, 51).toSQL();
  return (t.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map(
    (r) => r.detail,
  );
}

const at = (seq: number) => new Date(T0 + seq * 1000);
const FILTERS: [string, () => AuditFilter][] = [
  ['no filter', () => ({})],
  ['crisis', () => ({ crisisId: realCrisis })],
  ['channel', () => ({ channelId: 7 })],
  ['department', () => ({ departmentId: 3 })],
  ['actor', () => ({ actorUserId: 5 })],
  ['action', () => ({ action: 'notification.sent' })],
  ['time range', () => ({ from: at(20_000), until: at(150_000) })],
  ['time range with channel', () => ({ channelId: 7, from: at(20_000), until: at(150_000) })],
  ['time range with department', () => ({ departmentId: 3, from: at(20_000), until: at(150_000) })],
  [
    'time range with actor and action',
    () => ({ actorUserId: 5, action: 'notification.sent', from: at(20_000), until: at(150_000) }),
  ],
  ['department, real crises only', () => ({ departmentId: 3, kind: 'real' })],
  ['real crises only', () => ({ kind: 'real' })],
  ['exercises only', () => ({ kind: 'exercise' })],
];

describe(`the audit list at ${N.toLocaleString('en')} events`, () => {
  it.each(FILTERS)(
    "answers a deep page filtered by %s with the first page's plan, on an index",
    (_, filter) => {
      const first = plan(filter(), null);
      console.log(`${_}: ${first.join(' | ')}`);
      const deep = plan(filter(), 30_000);
      expect(deep).toEqual(first);
      expect(first.join(' | ')).toMatch(
        /^SEARCH audit_events USING (INDEX audit_\w+|INTEGER PRIMARY KEY) \([^)]*seq<\?|rowid<\?/,
      );
      expect(first.join(' | ')).not.toMatch(/SCAN audit_events/);
    },
  );

  it('turns a time range into seq bounds with single lookups on the at index', () => {
    const window = seqWindow(t.db, { from: at(20_000), until: at(150_000) });
    // Event n was seeded at T0 + n seconds; `until` is exclusive.
    expect(window).toEqual({ lo: 20_000, hi: 149_999 });
    // The plans of the statements seqWindow itself runs (a plan of SQL written here would pass
    // whatever seqWindow did): two, each a lookup on the at index, none a scan.
    const ran: string[] = [];
    const original = t.sqlite.prepare.bind(t.sqlite);
    const prepare = vi.spyOn(t.sqlite, 'prepare').mockImplementation(((sql: string) => {
      ran.push(sql);
      return original(sql);
    }) as typeof t.sqlite.prepare);
    seqWindow(t.db, { from: at(20_000), until: at(150_000) });
    prepare.mockRestore();
    expect(ran).toHaveLength(2);
    for (const sql of ran) {
      const params = [...sql.matchAll(/\?/g)].map(() => 1);
      const plan = t.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as {
        detail: string;
      }[];
      const text = plan.map((r) => r.detail).join();
      expect(text).toContain('USING COVERING INDEX audit_at');
      expect(text).not.toMatch(/SCAN audit_events/);
    }
  });

  it('returns the right events on a deep page', () => {
    const page = auditPage(t.db, { channelId: 7, action: 'case.action_logged' }, 100_000, 20);
    expect(page.events).toHaveLength(20);
    expect(
      page.events.every(
        (e) => e.channelId === 7 && e.action === 'case.action_logged' && e.seq < 100_000,
      ),
    ).toBe(true);
    expect(page.events.map((e) => e.seq)).toEqual(
      [...page.events.map((e) => e.seq)].sort((a, b) => b - a),
    );
    const drill = auditPage(t.db, { kind: 'exercise' }, 50_000, 10);
    expect(drill.events.every((e) => e.crisisId === drillCrisis)).toBe(true);
    const real = auditPage(t.db, { kind: 'real' }, 50_000, 50);
    expect(
      real.events.some((e) => e.crisisId === null) &&
        real.events.every((e) => e.crisisId !== drillCrisis),
    ).toBe(true);
  });

  it('verifies the whole chain', () => {
    const started = performance.now();
    const report = verifyChain(t.db);
    console.log(
      `verified ${report.count} events in ${((performance.now() - started) / 1000).toFixed(2)} s`,
    );
    expect(report).toMatchObject({ ok: true, count: N + 1 });
  }, 120_000);
});
