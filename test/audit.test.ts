import { describe, expect, it } from 'vitest';
import { auditEvents } from '../db/schema';
import { GENESIS_HASH, SYSTEM, canonicalJson, recordEvent, verifyChain } from '../src/domain/audit';
import { transaction } from '../src/domain/db';
import { setup } from './helpers';

async function withEvents(n: number) {
  const t = await setup();
  for (let i = 0; i < n; i++) {
    transaction(t.db, (tx) => recordEvent(tx, { at: t.clock.now, actor: SYSTEM, action: 'department.created', details: { i } }));
  }
  return t;
}

describe('audit chain', () => {
  it('chains each event to the one before and verifies', async () => {
    const t = await withEvents(5);
    const events = t.db.select().from(auditEvents).all();
    expect(events[0]!.prevHash).toBe(GENESIS_HASH);
    expect(events[3]!.prevHash).toBe(events[2]!.hash);
    expect(verifyChain(t.db)).toEqual({ ok: true, count: 5, lastSeq: 5, lastAt: t.clock.now.toISOString() });
  });

  it('verifies across batch boundaries', async () => {
    const t = await withEvents(7);
    expect(verifyChain(t.db, 3)).toMatchObject({ ok: true, count: 7 });
  });

  it('refuses UPDATE and DELETE on audit rows', async () => {
    const t = await withEvents(2);
    expect(() => t.sqlite.exec(`UPDATE audit_events SET details = '{}' WHERE seq = 1`)).toThrow(/append-only/);
    expect(() => t.sqlite.exec('DELETE FROM audit_events WHERE seq = 2')).toThrow(/append-only/);
  });

  it('detects a row changed behind the triggers\' back, at that row', async () => {
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
    expect(() => t.db.insert(auditEvents).values({ ...head, seq: 99, hash: 'f'.repeat(64) }).run())
      .toThrow(/UNIQUE constraint failed: audit_events.prev_hash/);
  });

  it('refuses details that look like a secret', async () => {
    const t = await setup();
    expect(() => recordEvent(t.db, { at: t.clock.now, actor: SYSTEM, action: 'credentials.stored', details: { password: 'x' } }))
      .toThrow(/may not carry/);
  });

  it('serialises details canonically, whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  });

  it('records sign-ins, failures and sign-outs in a chain that verifies', async () => {
    const t = await setup();
    const b = await t.as(['communicatie']);
    await t.browser().signIn('nobody@test.invalid', 'x');
    await b.post('/sign-out');
    const actions = t.db.select().from(auditEvents).all().map((e) => e.action);
    expect(actions).toEqual(['user.created', 'user.signed_in', 'user.sign_in_failed', 'user.signed_out']);
    expect(verifyChain(t.db)).toMatchObject({ ok: true, count: 4 });
  });
});
