// No lost update in the registry: two Communicatie users save the same channel, owner or
// department at once from the same version. One save wins; the other answers 409 with what is
// stored now (and its version, to edit again), and the audit trail's last event says what is
// stored, not what the loser typed.
import { and, desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, channels, departments, owners } from '../db/schema';
import type { Browser, Res, TestContext } from './helpers';
import { setup } from './helpers';
import { channel, department, owner } from './registry-fixtures';

async function twoEditors(t: TestContext) {
  return [await t.as(['communicatie']), await t.as(['communicatie'])] as const;
}

/** Fires both saves before either answers; returns [winner, loser] or fails. */
async function race(saves: [Promise<Res>, Promise<Res>]) {
  const answers = await Promise.all(saves);
  expect(answers.map((r) => r.status).sort()).toEqual([303, 409]);
  return [answers.find((r) => r.status === 303)!, answers.find((r) => r.status === 409)!];
}

/** The name the last `action` event of this row set, as the audit trail tells it. */
function lastNamed(t: TestContext, action: string, where: ReturnType<typeof eq>) {
  const events = t.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), where))
    .orderBy(desc(auditEvents.seq))
    .all();
  return { count: events.length, to: JSON.parse(events[0]!.details).changed.name.to };
}

const conflictShown = (loser: Res, name: string, version: number) => {
  expect(loser.text_).toContain('Iemand anders');
  expect(loser.text_).toContain(`value="${name}"`);
  expect(loser.text_).toContain(`name="version" value="${version}"`);
};

describe('two edits at once', () => {
  it('saves one of two channel edits and answers 409 with the stored channel to the other', async () => {
    const t = await setup();
    const [one, two] = await twoEditors(t);
    const ch = channel(t, 'Jeugd Turnhout');
    const edit = (b: Browser, name: string) =>
      b.post(`/channels/${ch.id}`, {
        version: String(ch.version),
        platform: ch.platform,
        name,
        handle: ch.handle,
        departmentId: String(ch.departmentId),
        purpose: '',
        status: ch.status,
        lastPublishedAt: ch.lastPublishedAt ?? '',
        exemptionReason: '',
        exemptionUntil: '',
      });
    const [, loser] = await race([edit(one, 'Jeugd A'), edit(two, 'Jeugd B')]);
    const stored = t.db.select().from(channels).where(eq(channels.id, ch.id)).get()!;
    expect(['Jeugd A', 'Jeugd B']).toContain(stored.name);
    conflictShown(loser!, stored.name, stored.version);
    expect(lastNamed(t, 'channel.updated', eq(auditEvents.channelId, ch.id))).toEqual({
      count: 1,
      to: stored.name,
    });
  });

  it('saves one of two owner edits and answers 409 with the stored owner to the other', async () => {
    const t = await setup();
    const [one, two] = await twoEditors(t);
    const o = owner(t, 'Olga Eigenaar');
    const edit = (b: Browser, name: string) =>
      b.post(`/owners/${o.id}`, {
        version: String(o.version),
        name,
        departmentId: String(o.departmentId),
        phone: o.phone ?? '',
        email: o.email ?? '',
        altContact: '',
        userId: '',
        language: o.language,
        active: 'on',
      });
    const [, loser] = await race([edit(one, 'Olga A'), edit(two, 'Olga B')]);
    const stored = t.db.select().from(owners).where(eq(owners.id, o.id)).get()!;
    expect(['Olga A', 'Olga B']).toContain(stored.name);
    conflictShown(loser!, stored.name, stored.version);
    const events = t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'owner.updated'))
      .all()
      .map(
        (e) => JSON.parse(e.details) as { ownerId?: number; changed: { name?: { to: string } } },
      );
    expect(events.map((e) => e.changed.name?.to)).toEqual([stored.name]);
  });

  it('saves one of two department renames and answers 409 with the stored name to the other', async () => {
    const t = await setup();
    const [one, two] = await twoEditors(t);
    const dep = department(t, 'Cultuur');
    const edit = (b: Browser, name: string) =>
      b.post(`/departments/${dep.id}`, { version: String(dep.version), name });
    const [, loser] = await race([edit(one, 'Cultuur A'), edit(two, 'Cultuur B')]);
    const stored = t.db.select().from(departments).where(eq(departments.id, dep.id)).get()!;
    expect(['Cultuur A', 'Cultuur B']).toContain(stored.name);
    conflictShown(loser!, stored.name, stored.version);
    expect(lastNamed(t, 'department.updated', eq(auditEvents.departmentId, dep.id))).toEqual({
      count: 1,
      to: stored.name,
    });
  });
});
