import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditEvents } from '../db/schema';
import {
  GENESIS_HASH,
  SYSTEM,
  canonicalJson,
  eventHash,
  recordEvent,
  verifyChain,
  verifyChainPaced,
  verifyChainShared,
} from '../src/domain/audit/trail';
import { transaction } from '../src/domain/lib/db';
import { chainHash } from './fixtures/chain';
import { setup, type TestContext } from './helpers';

function append(t: TestContext, i: number) {
  transaction(t.db, (tx) =>
    recordEvent(tx, {
      at: t.clock.now,
      actor: SYSTEM,
      action: 'department.created',
      details: { i },
    }),
  );
}

async function withEvents(n: number) {
  const t = await setup();
  for (let i = 0; i < n; i++) append(t, i);
  return t;
}

describe('audit chain', () => {
  it('chains each event to the one before and verifies', async () => {
    const t = await withEvents(5);
    const events = t.db.select().from(auditEvents).all();
    expect(events[0]!.prevHash).toBe(GENESIS_HASH);
    expect(events[3]!.prevHash).toBe(events[2]!.hash);
    expect(verifyChain(t.db)).toEqual({
      ok: true,
      count: 5,
      lastSeq: 5,
      lastAt: t.clock.now.toISOString(),
    });
  });

  it('verifies across batch boundaries', async () => {
    const t = await withEvents(7);
    expect(verifyChain(t.db, 3)).toMatchObject({ ok: true, count: 7 });
  });

  it('refuses UPDATE and DELETE on audit rows', async () => {
    const t = await withEvents(2);
    expect(() => t.sqlite.exec(`UPDATE audit_events SET details = '{}' WHERE seq = 1`)).toThrow(
      /append-only/,
    );
    expect(() => t.sqlite.exec('DELETE FROM audit_events WHERE seq = 2')).toThrow(/append-only/);
  });

  it("detects a row changed behind the triggers' back, at that row", async () => {
    const t = await withEvents(4);
    t.sqlite.exec('DROP TRIGGER audit_events_no_update');
    t.sqlite.exec(`UPDATE audit_events SET details = '{"i":99}' WHERE seq = 3`);
    expect(verifyChain(t.db)).toEqual({ ok: false, count: 2, brokenAt: 3, reason: 'hash' });
  });

  it('detects a removed row as a gap in the sequence', async () => {
    const t = await withEvents(4);
    t.sqlite.exec('DROP TRIGGER audit_events_no_delete');
    t.sqlite.exec('DELETE FROM audit_events WHERE seq = 2');
    expect(verifyChain(t.db)).toMatchObject({ ok: false, brokenAt: 2, reason: 'sequence' });
  });

  it('cannot fork: a second event on the same chain head is refused', async () => {
    const t = await withEvents(2);
    const head = t.db.select().from(auditEvents).all()[1]!;
    expect(() =>
      t.db
        .insert(auditEvents)
        .values({ ...head, seq: 99, hash: 'f'.repeat(64) })
        .run(),
    ).toThrow(/UNIQUE constraint failed: audit_events.prev_hash/);
  });

  it('refuses details that look like a secret', async () => {
    const t = await setup();
    expect(() =>
      recordEvent(t.db, {
        at: t.clock.now,
        actor: SYSTEM,
        action: 'credentials.stored',
        details: { password: 'x' },
      }),
    ).toThrow(/may not carry/);
  });

  it('refuses a secret-looking key at any depth, inside arrays of objects too', async () => {
    const t = await setup();
    const record = (details: Record<string, unknown>) => () =>
      recordEvent(t.db, { at: t.clock.now, actor: SYSTEM, action: 'credentials.stored', details });
    expect(record({ changed: [{ field: 'login', password: 'hunter2' }] })).toThrow(/"password"/);
    expect(record({ a: [[{ b: { apiToken: 'x' } }]] })).toThrow(/"apiToken"/);
    expect(record({ owners: [{ ownerId: 1, means: ['phone'] }] })).not.toThrow();
  });

  it('serialises details canonically, whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('hashes exactly the bytes the README defines, whatever the columns hold', () => {
    const text = fc.string({ unit: 'binary' });
    const id = fc.option(fc.nat());
    const event = fc.record({
      seq: fc.nat(),
      at: text,
      actorUserId: id,
      actorRole: fc.option(text),
      action: text,
      crisisId: id,
      channelId: id,
      caseId: id,
      departmentId: id,
      details: fc.oneof(text, fc.jsonValue().map(canonicalJson)),
      prevHash: fc.stringMatching(/^[0-9a-f]{64}$/),
    });
    fc.assert(
      fc.property(event, (e) => {
        expect(eventHash(e)).toBe(chainHash(e.prevHash, e));
      }),
      { numRuns: 300 },
    );
  });

  it('records sign-ins, failures and sign-outs in a chain that verifies', async () => {
    const t = await setup();
    const b = await t.as(['communicatie']);
    await t.browser().signIn('nobody@test.invalid', 'x');
    await b.post('/sign-out');
    const actions = t.db
      .select()
      .from(auditEvents)
      .all()
      .map((e) => e.action);
    expect(actions).toEqual([
      'user.created',
      'user.signed_in',
      // the second step: the authenticator app enrolled at the first sign-in, its recovery codes
      'second_factor.enrolled',
      'second_factor.used',
      'second_factor.codes_made',
      'user.sign_in_failed',
      'user.signed_out',
    ]);
    expect(verifyChain(t.db)).toMatchObject({ ok: true, count: 7 });
  });
});

describe('audit chain verified in slices (the verify panel)', () => {
  it('pauses between slices, and verifies events appended during a pause too', async () => {
    const t = await withEvents(7);
    let pauses = 0;
    const report = await verifyChainPaced(
      t.db,
      async () => {
        pauses++;
        append(t, 100 + pauses);
      },
      3,
    );
    // 7 events, then one more at each pause: slices of 3 end when one comes back short.
    expect(report).toMatchObject({ ok: true, count: 7 + pauses });
    expect(pauses).toBe(3);
  });

  it('finds the same first break as the walk in one go', async () => {
    const t = await withEvents(9);
    t.sqlite.exec('DROP TRIGGER audit_events_no_update');
    t.sqlite.exec(`UPDATE audit_events SET details = '{"i":99}' WHERE seq = 8`);
    t.sqlite.exec(`UPDATE audit_events SET details = '{"i":98}' WHERE seq = 5`);
    const paced = await verifyChainPaced(t.db, async () => undefined, 2);
    expect(paced).toEqual({ ok: false, count: 4, brokenAt: 5, reason: 'hash' });
    expect(paced).toEqual(verifyChain(t.db));
  });

  it("gives operators who ask during a walk that walk's report, and starts a new walk afterwards", async () => {
    const t = await withEvents(3);
    const first = verifyChainShared(t.db);
    expect(verifyChainShared(t.db)).toBe(first);
    expect(await first).toMatchObject({ ok: true, count: 3 });
    append(t, 3);
    const next = verifyChainShared(t.db);
    expect(next).not.toBe(first);
    expect(await next).toMatchObject({ ok: true, count: 4 });
  });
});
