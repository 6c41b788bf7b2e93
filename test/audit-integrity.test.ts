// The start-up check (src/domain/audit/integrity.ts): a dropped append-only trigger comes back,
// audited; a last checkpoint the trail no longer matches is reported, for the server to refuse.
import { describe, expect, it } from 'vitest';
import { auditEvents } from '../db/schema';
import { checkLastCheckpoint, ensureAppendOnly } from '../src/domain/audit/integrity';
import { makeCheckpoint } from '../src/domain/audit/checkpoints';
import { SYSTEM, recordEvent, verifyChain } from '../src/domain/audit/trail';
import { transaction } from '../src/domain/lib/db';
import { signerOf } from '../src/node/checkpoint-key';
import { tamper, testKey } from './fixtures/checkpoints';
import { setup } from './helpers';

describe('the start-up check of the audit', () => {
  it('recreates a dropped trigger, records that it did, and the table is append-only again', async () => {
    const t = await setup();
    expect(ensureAppendOnly(t.db, t.clock.now)).toEqual([]);
    t.sqlite.exec('DROP TRIGGER audit_events_no_delete; DROP TRIGGER checkpoints_no_update');
    expect(ensureAppendOnly(t.db, t.clock.now)).toEqual([
      'audit_events_no_delete',
      'checkpoints_no_update',
    ]);
    const last = t.db.select().from(auditEvents).all().at(-1)!;
    expect(last).toMatchObject({ action: 'audit.triggers_recreated' });
    expect(JSON.parse(last.details)).toEqual({
      triggers: ['audit_events_no_delete', 'checkpoints_no_update'],
    });
    expect(() => t.sqlite.exec('DELETE FROM audit_events')).toThrow(/append-only/);
    expect(verifyChain(t.db)).toMatchObject({ ok: true });
  });

  it('finds the last checkpoint beyond a trail whose last events were removed', async () => {
    const signer = signerOf(testKey());
    const t = await setup({ checkpoint: signer });
    transaction(t.db, (tx) => {
      recordEvent(tx, { at: t.clock.now, actor: SYSTEM, action: 'department.created' });
      makeCheckpoint(tx, signer, 'schedule', t.clock.now);
    });
    expect(checkLastCheckpoint(t.db, signer.trusted)).toMatchObject({ ok: true, checked: 1 });
    tamper(t.sqlite, 'DELETE FROM audit_events WHERE seq = 2');
    expect(checkLastCheckpoint(t.db, signer.trusted)).toMatchObject({
      ok: false,
      number: 1,
      reason: 'truncated',
    });
  });
});
