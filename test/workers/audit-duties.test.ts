// The Worker's audit duties (src/worker/audit.ts), run on Node like the rest of its runtime-free
// parts: the start-up check that refuses to serve, the sealing of a replaced key, the cron's
// checkpoint schedule and the copy to the witness bucket (here a stand-in with R2's conditional
// put; the real bucket in workerd is checkpoints.e2e.ts's).
import { describe, expect, it, vi } from 'vitest';
import { auditEvents, checkpoints } from '../../db/schema';
import { openNote, parseVerifierKey, verifierKey } from '../../src/domain/audit/checkpoint';
import { makeCheckpoint } from '../../src/domain/audit/checkpoints';
import { signerOf } from '../../src/domain/audit/signer';
import { recordEvent, SYSTEM } from '../../src/domain/audit/trail';
import { transaction } from '../../src/domain/lib/db';
import {
  copyToBucket,
  scheduledCheckpoint,
  startUpChecks,
  type WitnessBucket,
} from '../../src/worker/audit';
import { tamper, testKey } from '../fixtures/checkpoints';
import { setup } from '../helpers';

const HOUR = 60 * 60_000;

async function consoleWithCheckpoint(env: 'production' | 'development' = 'production') {
  const signer = signerOf(testKey());
  const t = await setup({ env, checkpoint: signer });
  transaction(t.db, (tx) => {
    recordEvent(tx, { at: t.clock.now, actor: SYSTEM, action: 'department.created' });
    makeCheckpoint(tx, signer, 'export', t.clock.now);
  });
  return { t, signer };
}

const quietly = () => vi.spyOn(console, 'error').mockImplementation(() => {});

describe("the Durable Object's start-up check", () => {
  it('refuses to serve in production when the trail no longer matches the last checkpoint', async () => {
    const { t } = await consoleWithCheckpoint();
    expect(startUpChecks(t.db, t.config)).toBeNull();
    // The checkpoint's announcement removed; the recreated triggers' event then takes its seq.
    tamper(t.sqlite, 'DELETE FROM audit_events WHERE seq = 2');
    const errors = quietly();
    expect(startUpChecks(t.db, t.config)).toMatch(
      /^audit checkpoint 1 of 2026-11-25T13:00:00.000Z does not match the trail \(rewritten\)/,
    );
    expect(errors).toHaveBeenCalled();
    errors.mockRestore();
  });

  it('only logs the mismatch outside production, and recreates a dropped trigger, audited', async () => {
    const { t } = await consoleWithCheckpoint('development');
    tamper(t.sqlite, 'DELETE FROM audit_events WHERE seq = 2');
    const errors = quietly();
    expect(startUpChecks(t.db, t.config)).toBeNull();
    expect(errors.mock.calls.join('\n')).toMatch(/checkpoints_no_delete.*were missing/);
    expect(errors.mock.calls.join('\n')).toMatch(/audit checkpoint 1 .* \(rewritten\)/);
    errors.mockRestore();
    expect(t.db.select().from(auditEvents).all().at(-1)).toMatchObject({
      action: 'audit.triggers_recreated',
    });
  });

  it('seals a new CHECKPOINT_KEY with an audited checkpoint under it, once', async () => {
    const { t, signer: old } = await consoleWithCheckpoint();
    const fresh = testKey();
    const rotatedAt = new Date(t.clock.now.getTime() + HOUR).toISOString();
    t.clock.advance(2 * HOUR);
    const list = [
      { ...old.trusted[0]!, until: rotatedAt },
      { ...parseVerifierKey(verifierKey(fresh))!, from: rotatedAt, until: null },
    ];
    t.config.checkpoint = signerOf(fresh, list);
    expect(startUpChecks(t.db, t.config)).toBeNull();
    const [, sealed] = t.db.select().from(checkpoints).all();
    expect(sealed).toMatchObject({ number: 2, reason: 'key_rotation' });
    expect(openNote(sealed!.note, t.config.checkpoint.trusted[0]!).ok).toBe(true);
    const rotation = t.db.select().from(auditEvents).all().at(-2)!;
    expect(rotation.action).toBe('audit.checkpoint_key_rotated');
    expect(JSON.parse(rotation.details)).toEqual({
      retiredKey: verifierKey(old.key),
      newKey: verifierKey(fresh),
    });
    expect(startUpChecks(t.db, t.config)).toBeNull();
    expect(t.db.select().from(checkpoints).all()).toHaveLength(2);
  });
});

describe("the cron's checkpoint schedule", () => {
  it('makes one when the last is an interval old and events were appended since, else none', async () => {
    const { t, signer } = await consoleWithCheckpoint();
    const add = () =>
      transaction(t.db, (tx) =>
        recordEvent(tx, { at: t.clock.now, actor: SYSTEM, action: 'department.created' }),
      );
    add();
    t.clock.advance(HOUR - 60_000);
    expect(scheduledCheckpoint(t.db, signer, t.clock.now, HOUR)).toBeNull();
    t.clock.advance(60_000);
    expect(scheduledCheckpoint(t.db, signer, t.clock.now, 0)).toBeNull();
    expect(scheduledCheckpoint(t.db, signer, t.clock.now, HOUR)).toMatchObject({
      number: 2,
      reason: 'schedule',
    });
    t.clock.advance(2 * HOUR);
    expect(scheduledCheckpoint(t.db, signer, t.clock.now, HOUR)).toBeNull();
  });
});

/** A bucket with R2's conditional put: `etagDoesNotMatch: '*'` refuses an existing key (null). */
function bucket() {
  const objects = new Map<string, string>();
  const b: WitnessBucket = {
    put: async (key, value, { onlyIf }) => {
      if (onlyIf.etagDoesNotMatch === '*' && objects.has(key)) return null;
      objects.set(key, value);
      return { key };
    },
    get: async (key) => (objects.has(key) ? { text: async () => objects.get(key)! } : null),
  };
  let through = 0;
  const mark = { get: async () => through, set: async (n: number) => void (through = n) };
  return { objects, b, mark };
}

describe('the copy to the witness bucket', () => {
  it('writes each checkpoint once under its witness folder name and never overwrites one', async () => {
    const { t, signer } = await consoleWithCheckpoint();
    const w = bucket();
    w.objects.set('checkpoint-000002.note', 'kept first\n');
    transaction(t.db, (tx) => makeCheckpoint(tx, signer, 'verification', t.clock.now));
    transaction(t.db, (tx) => makeCheckpoint(tx, signer, 'verification', t.clock.now));
    const errors = quietly();
    expect(await copyToBucket(t.db, w.b, w.mark)).toBe(2);
    expect(errors.mock.calls.join('\n')).toMatch(/already holds a different checkpoint-000002/);
    errors.mockRestore();
    const rows = t.db.select().from(checkpoints).all();
    expect(Object.fromEntries(w.objects)).toEqual({
      'checkpoint-000001.note': rows[0]!.note,
      'checkpoint-000002.note': 'kept first\n',
      'checkpoint-000003.note': rows[2]!.note,
    });
    expect(await w.mark.get()).toBe(3);
    expect(await copyToBucket(t.db, w.b, w.mark)).toBe(0);
  });
});
