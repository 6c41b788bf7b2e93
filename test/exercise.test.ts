// Exercises and who hears of them: 'marked' reaches every owner with an EXERCISE mark,
// 'participants' only owners whose account joined the exercise; real reports never list them.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvents, crises, notifications, owners } from '../db/schema';
import { addChannelsToCrisis, declareCrisis, joinCrisis } from '../src/domain/crisis/crises';
import { authoriseAcute } from '../src/domain/crisis/takeover';
import { actorOf, channel } from './crisis-fixtures';
import { setup, type TestContext } from './helpers';

async function exercise(t: TestContext, mode: 'marked' | 'participants') {
  const operator = await t.user(['crisis_operator']);
  const actor = actorOf(operator);
  const declared = declareCrisis(
    t.db,
    actor,
    {
      title: 'Oefening overstroming',
      startedAt: t.clock.now,
      impact: 'major',
      isExercise: true,
      exerciseNotify: mode,
      crisisCell: { lead: 'Burgemeester', convenedAt: t.clock.now },
    },
    t.clock.now,
  );
  if (!declared.ok) throw new Error(declared.error);
  const {
    channel: ch,
    owners: [taking, absent],
  } = channel(t, [{ name: 'Deelnemer' }, { name: 'Afwezig' }]);
  const participant = await t.user(['crisis_operator', 'owner']);
  t.db.update(owners).set({ userId: participant.id }).where(eq(owners.id, taking!.id)).run();
  joinCrisis(
    t.db,
    { userId: participant.id, role: 'crisis_operator' },
    declared.value.id,
    t.clock.now,
  );
  const added = addChannelsToCrisis(
    t.db,
    actor,
    { crisisId: declared.value.id, channelIds: [ch.id] },
    t.clock.now,
  );
  if (!added.ok) throw new Error(added.error);
  const kase = added.value.added[0]!;
  const acted = authoriseAcute(
    t.db,
    actor,
    {
      caseId: kase.id,
      version: kase.version,
      justification: 'Evacuatie Heieinde oefenen',
      deadline: new Date(t.clock.now.getTime() + 30 * 60_000),
    },
    t.clock.now,
    t.config.rules,
  );
  expect(acted.ok).toBe(true);
  return { crisis: declared.value, taking: taking!, absent: absent! };
}

const inbox = (t: TestContext, ownerId: number) =>
  t.db.select().from(notifications).where(eq(notifications.ownerId, ownerId)).all();

describe('exercise notifications', () => {
  it("in participants mode reaches only owners who joined the exercise, never the others' inboxes", async () => {
    const t = await setup();
    const w = await exercise(t, 'participants');
    expect(t.db.select().from(crises).where(eq(crises.id, w.crisis.id)).get()!.exerciseNotify).toBe(
      'participants',
    );
    expect(inbox(t, w.taking.id)).toHaveLength(1);
    expect(inbox(t, w.taking.id)[0]).toMatchObject({ isExercise: true });
    expect(inbox(t, w.taking.id)[0]!.subject).toMatch(/^\[OEFENING\]/);
    expect(inbox(t, w.absent.id)).toHaveLength(0);
    const declared = t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'crisis.declared'))
      .get()!;
    expect(JSON.parse(declared.details)).toMatchObject({
      isExercise: true,
      exerciseNotify: 'participants',
    });
  });

  it('in marked mode reaches every owner, each message marked as an exercise', async () => {
    const t = await setup();
    const w = await exercise(t, 'marked');
    for (const id of [w.taking.id, w.absent.id]) {
      expect(inbox(t, id)).toHaveLength(1);
      expect(inbox(t, id)[0]!.body).toContain('OEFENING: dit is geen echte crisis.');
    }
  });

  it('takes the mode from the declare form, and keeps the exercise out of the real-crisis reports', async () => {
    const t = await setup();
    const b = await t.as(['communicatie', 'crisis_operator']);
    const res = await b.post('/crises', {
      title: 'Oefening brand',
      startedAt: '2026-11-25T13:30',
      impact: 'major',
      isExercise: 'on',
      exerciseNotify: 'participants',
    });
    expect(res.status).toBe(303);
    expect(t.db.select().from(crises).get()!.exerciseNotify).toBe('participants');
    await b.get('/crises'); // takes the flash that names the exercise
    expect((await b.get('/reports')).text_).not.toContain('Oefening brand');
    expect((await b.get('/reports?kind=exercise')).text_).toContain('Oefening brand');
  });
});
