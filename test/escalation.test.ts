// Escalation through the owner chain: owners in order, each by their means, then the department
// head; the console proposes the next step, and owner_unreachable needs the whole chain tried.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvents, departments, owners as ownersTable } from '../db/schema';
import { escalationChain, proposeNext, setDepartmentHead } from '../src/domain/crisis/escalation';
import { authoriseUnreachable, recordContactAttempt } from '../src/domain/crisis/takeover';
import { caseWith } from './crisis-fixtures';
import { setup, type TestContext } from './helpers';

const MIN = 60_000;

/** A case whose channel has one owner with phone only, and a named head of department. */
async function chainCase(t: TestContext) {
  const w = await caseWith(t, [{ name: 'Eerste Beheerder', email: null }]);
  const head = t.db
    .insert(ownersTable)
    .values({
      name: 'Hoofd Dienst',
      departmentId: w.channel.departmentId,
      phone: '+32 470 99 99 99',
      email: null,
      createdAt: t.clock.now.toISOString(),
      updatedAt: t.clock.now.toISOString(),
    })
    .returning()
    .get();
  const dep = t.db
    .select()
    .from(departments)
    .where(eq(departments.id, w.channel.departmentId))
    .get()!;
  const named = setDepartmentHead(
    t.db,
    w.actor,
    { departmentId: dep.id, ownerId: head.id, version: dep.version },
    t.clock.now,
  );
  expect(named.ok).toBe(true);
  return { ...w, head };
}

function attempt(
  t: TestContext,
  w: Awaited<ReturnType<typeof chainCase>>,
  ownerId: number,
  means: 'phone' | 'sms',
) {
  const version =
    w.kase.version +
    t.db.select().from(auditEvents).where(eq(auditEvents.action, 'case.contact_attempt')).all()
      .length;
  const r = recordContactAttempt(
    t.db,
    w.actor,
    { caseId: w.kase.id, version, ownerId, means, outcome: 'no_answer' },
    t.clock.now,
  );
  expect(r.ok).toBe(true);
}

describe('escalation through the owner chain', () => {
  it('proposes each owner by each of their means in order, then the head, with the time since the first attempt', async () => {
    const t = await setup();
    const w = await chainCase(t);
    const chain = escalationChain(t.db, w.channel.id);
    expect(chain.people.map((p) => p.name)).toEqual(['Eerste Beheerder', 'Hoofd Dienst']);
    const attempts: Parameters<typeof proposeNext>[1] = [];
    const at = (m: number) => new Date(t.clock.now.getTime() + m * MIN);
    expect(proposeNext(chain, attempts, at(0), t.config.rules)).toMatchObject({
      state: 'next',
      owner: { name: 'Eerste Beheerder' },
      means: 'phone',
      minutesSinceFirst: null,
    });
    attempts.push({
      ownerId: w.owners[0]!.id,
      means: 'phone',
      outcome: 'no_answer',
      attemptedAt: at(0).toISOString(),
    });
    expect(proposeNext(chain, attempts, at(7), t.config.rules)).toMatchObject({
      means: 'sms',
      isHead: false,
      minutesSinceFirst: 7,
      minutesOverdue: 2,
    });
    attempts.push({
      ownerId: w.owners[0]!.id,
      means: 'sms',
      outcome: 'voicemail',
      attemptedAt: at(8).toISOString(),
    });
    expect(proposeNext(chain, attempts, at(9), t.config.rules)).toMatchObject({
      owner: { name: 'Hoofd Dienst' },
      isHead: true,
      means: 'phone',
      minutesOverdue: 0,
    });
    attempts.push({
      ownerId: chain.headId!,
      means: 'phone',
      outcome: 'no_answer',
      attemptedAt: at(10).toISOString(),
    });
    attempts.push({
      ownerId: chain.headId!,
      means: 'sms',
      outcome: 'no_answer',
      attemptedAt: at(11).toISOString(),
    });
    expect(proposeNext(chain, attempts, at(20), t.config.rules)).toMatchObject({
      state: 'exhausted',
      minutesSinceFirst: 20,
    });
    attempts.push({
      ownerId: chain.headId!,
      means: 'phone',
      outcome: 'reached_owner_agrees',
      attemptedAt: at(21).toISOString(),
    });
    expect(proposeNext(chain, attempts, at(22), t.config.rules).state).toBe('reached');
  });

  it('refuses owner_unreachable while the named head has not been tried, and grants it once the whole chain has', async () => {
    const t = await setup();
    const w = await chainCase(t);
    attempt(t, w, w.owners[0]!.id, 'phone');
    attempt(t, w, w.owners[0]!.id, 'sms');
    const early = authoriseUnreachable(
      t.db,
      w.actor,
      { caseId: w.kase.id, version: w.kase.version + 2 },
      t.clock.now,
      t.config.rules,
    );
    expect(early).toMatchObject({ ok: false, error: 'case.unreachable.notShown' });
    t.clock.advance(t.config.rules.escalationStepMinutes * MIN);
    attempt(t, w, w.head.id, 'phone');
    attempt(t, w, w.head.id, 'sms');
    const granted = authoriseUnreachable(
      t.db,
      w.actor,
      { caseId: w.kase.id, version: w.kase.version + 4 },
      t.clock.now,
      t.config.rules,
    );
    expect(granted.ok).toBe(true);
    const event = t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'case.authorised'))
      .get()!;
    expect(JSON.parse(event.details).owners.map((o: { ownerName: string }) => o.ownerName)).toEqual(
      ['Eerste Beheerder', 'Hoofd Dienst'],
    );
  });

  it('shows the proposal and the head on the case page, and logs an attempt on the head like any other', async () => {
    const t = await setup();
    const w = await chainCase(t);
    const b = await t.as(['crisis_operator']);
    const url = `/crises/${w.crisis.id}/cases/${w.kase.id}`;
    const page = await b.get(url);
    expect(page.text_).toContain('Probeer nu Eerste Beheerder via telefoon.');
    expect(page.text_).toContain('Diensthoofd (laatste stap): Hoofd Dienst');
    const res = await b.post(`${url}/attempts`, {
      version: '1',
      ownerId: String(w.head.id),
      means: 'phone',
      outcome: 'no_answer',
    });
    expect(res.status).toBe(303);
    expect((await b.get(url)).text_).toContain('Stap om de 5 minuten');
  });

  it("names a head only among the department's active owners, audited as department.updated", async () => {
    const t = await setup();
    const w = await chainCase(t);
    const other = await caseWith(t);
    const dep = t.db
      .select()
      .from(departments)
      .where(eq(departments.id, w.channel.departmentId))
      .get()!;
    const stranger = setDepartmentHead(
      t.db,
      w.actor,
      { departmentId: dep.id, ownerId: other.owners[0]!.id, version: dep.version },
      t.clock.now,
    );
    expect(stranger).toMatchObject({ ok: false, error: 'escalation.headNotInDepartment' });
    const b = await t.as(['communicatie']);
    expect(
      (
        await b.post(`/departments/${dep.id}/head`, {
          version: String(dep.version),
          headOwnerId: '',
        })
      ).status,
    ).toBe(303);
    expect(escalationChain(t.db, w.channel.id).headId).toBeNull();
    const events = t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'department.updated'))
      .all();
    expect(JSON.parse(events.at(-1)!.details)).toEqual({
      changed: { headOwnerId: { from: w.head.id, to: null } },
    });
    expect(
      (
        await b.post(`/departments/${dep.id}/head`, {
          version: String(dep.version),
          headOwnerId: '',
        })
      ).status,
    ).toBe(409);
    const operator = await t.as(['crisis_operator']);
    expect(
      (await operator.post(`/departments/${dep.id}/head`, { version: '9', headOwnerId: '' }))
        .status,
    ).toBe(403);
  });
});
