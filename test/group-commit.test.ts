// The Node server's group commit (src/node/group-commit.ts): write transactions of one turn of the
// event loop share one COMMIT, each keeps its own atomicity, and no response acknowledges a write
// before it is on disk.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { auditEvents, contactAttempts, departments } from '../db/schema';
import { SYSTEM, recordEvent, verifyChain } from '../src/domain/audit/trail';
import { transaction } from '../src/domain/lib/db';
import { channel } from './crisis-fixtures';
import { caseUrl } from '../views/partials/crisis/Board';
import { setup } from './helpers';
import { addChannelsToCrisis } from '../src/domain/crisis/crises';
import { actorOf, openCrisis } from './crisis-fixtures';

const tempDb = () => join(mkdtempSync(join(tmpdir(), 'ctc-group-')), 'console.db');
const nextTurn = () => new Promise((ok) => setImmediate(ok));
const addDepartment = (t: Awaited<ReturnType<typeof setup>>, name: string) =>
  transaction(t.db, (tx) => {
    tx.insert(departments).values({ name, createdAt: t.clock.now.toISOString() }).run();
    recordEvent(tx, {
      at: t.clock.now,
      actor: SYSTEM,
      action: 'department.created',
      details: { name },
    });
  });

describe('group commit', () => {
  it('commits the write transactions of one turn together, at the end of the turn', async () => {
    const path = tempDb();
    const t = await setup({}, { path, groupCommit: true });
    const reader = new Database(path, { readonly: true });
    const visible = () => reader.prepare('SELECT count(*) FROM departments').pluck().get();
    addDepartment(t, 'Brandweer');
    addDepartment(t, 'Politie');
    // Both ran as savepoints of one open transaction: nothing is on disk yet.
    expect(t.sqlite.inTransaction).toBe(true);
    expect(visible()).toBe(0);
    await t.commits!.settled(t.commits!.mark());
    expect(t.sqlite.inTransaction).toBe(false);
    expect(visible()).toBe(2);
    expect(verifyChain(t.db)).toMatchObject({ ok: true, count: 2 });
  });

  it('rolls back a step that fails on its own and commits the others of its turn', async () => {
    const t = await setup({}, { path: tempDb(), groupCommit: true });
    addDepartment(t, 'Brandweer');
    expect(() =>
      transaction(t.db, (tx) => {
        tx.insert(departments).values({ name: 'Half', createdAt: t.clock.now.toISOString() }).run();
        throw new Error('step failed after its first write');
      }),
    ).toThrow('step failed');
    addDepartment(t, 'Politie');
    await nextTurn();
    expect(
      t.db
        .select({ name: departments.name })
        .from(departments)
        .all()
        .map((d) => d.name),
    ).toEqual(['Brandweer', 'Politie']);
    expect(verifyChain(t.db)).toMatchObject({ ok: true, count: 2 });
  });

  it('acknowledges concurrent contact attempts only once they are on disk, one per version', async () => {
    const path = tempDb();
    const t = await setup({}, { path, groupCommit: true });
    const operators = await Promise.all([
      t.as(['crisis_operator']),
      t.as(['crisis_operator']),
      t.as(['crisis_operator']),
    ]);
    const user = await t.user(['crisis_operator']);
    const crisis = openCrisis(t, actorOf(user));
    const channels = Array.from({ length: 4 }, () => channel(t, [{}]));
    const added = addChannelsToCrisis(
      t.db,
      actorOf(user),
      { crisisId: crisis.id, channelIds: channels.map((c) => c.channel.id) },
      t.clock.now,
    );
    if (!added.ok) throw new Error(added.error);
    await nextTurn();
    const reader = new Database(path, { readonly: true });
    const onDisk = () =>
      reader.prepare('SELECT count(*) FROM contact_attempts').pluck().get() as number;
    // Every operator logs an attempt on every case at once, all on version 1: one wins per case.
    const answers = await Promise.all(
      added.value.added.flatMap((kase, i) =>
        operators.map(async (op) => {
          const res = await op.post(`${caseUrl(crisis.id, kase.id)}/attempts`, {
            version: String(kase.version),
            ownerId: String(channels[i]!.owners[0]!.id),
            means: 'phone',
            outcome: 'no_answer',
            note: '',
          });
          return { status: res.status, onDiskWhenAnswered: onDisk() };
        }),
      ),
    );
    const won = answers.filter((a) => a.status === 303);
    expect(won).toHaveLength(4);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(8);
    // A 303 is sent only after the commit that holds its attempt.
    for (const a of won) expect(a.onDiskWhenAnswered).toBeGreaterThanOrEqual(1);
    expect(onDisk()).toBe(4);
    expect(t.db.select().from(contactAttempts).all()).toHaveLength(4);
    expect(
      t.db
        .select()
        .from(auditEvents)
        .all()
        .filter((e) => e.action === 'case.contact_attempt'),
    ).toHaveLength(4);
    expect(verifyChain(t.db)).toMatchObject({ ok: true });
  });

  it('answers 503 in the user’s language when SQLite rolled back the group, and keeps nothing of it', async () => {
    const t = await setup({}, { path: tempDb(), groupCommit: true });
    const admin = await t.as(['communicatie']);
    await nextTurn();
    const before = t.db.select().from(auditEvents).all().length;
    const answer = admin.post('/departments', { name: 'Brandweer' });
    // What SQLite does on an I/O error or a full disk: the whole open transaction is gone.
    const rollBack = setInterval(() => {
      if (t.sqlite.inTransaction) t.sqlite.exec('ROLLBACK');
    }, 0);
    const res = await answer;
    clearInterval(rollBack);
    expect(res.status).toBe(503);
    expect(res.text_).toContain('Er is niets gewijzigd');
    expect(t.db.select().from(departments).all()).toHaveLength(0);
    expect(t.db.select().from(auditEvents).all()).toHaveLength(before);
    expect(verifyChain(t.db)).toMatchObject({ ok: true });
  });
});
