// Exercise participants by owner: in an exercise that notifies only its participants, the crisis
// cell ticks registry owners (no console account needed); their notices go through the outbox to
// their e-mail address, every other owner receives nothing, and the audit keeps who took part.
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, crises, exerciseParticipants, notifications, owners } from '../db/schema';
import { addChannelsToCrisis, closeCrisis, declareCrisis } from '../src/domain/crisis/crises';
import { reachesOwner, setExerciseParticipants } from '../src/domain/exercise/participants';
import { deliverDue, type MailMessage } from '../src/domain/notify/outbox';
import { authoriseAcute } from '../src/domain/crisis/takeover';
import { actorOf, channel, openCrisis } from './crisis-fixtures';
import { setup, type TestContext } from './helpers';

const MIN = 60_000;

async function exercise(t: TestContext, mode: 'marked' | 'participants' = 'participants') {
  const operator = await t.user(['crisis_operator']);
  const actor = actorOf(operator);
  const declared = declareCrisis(
    t.db,
    actor,
    {
      title: 'Oefening hoogwater',
      startedAt: t.clock.now,
      impact: 'major',
      isExercise: true,
      exerciseNotify: mode,
      crisisCell: { lead: 'Burgemeester', convenedAt: t.clock.now },
    },
    t.clock.now,
  );
  if (!declared.ok) throw new Error(declared.error);
  // Neither owner has a console account.
  const {
    channel: ch,
    owners: [chosen, other],
  } = channel(t, [{ name: 'Ann Peeters' }, { name: 'Bert Claes' }]);
  const added = addChannelsToCrisis(
    t.db,
    actor,
    { crisisId: declared.value.id, channelIds: [ch.id] },
    t.clock.now,
  );
  if (!added.ok) throw new Error(added.error);
  const browser = await t.as(['crisis_operator']);
  return {
    actor,
    crisis: declared.value,
    channel: ch,
    kase: added.value.added[0]!,
    chosen: chosen!,
    other: other!,
    browser,
  };
}

const inbox = (t: TestContext, ownerId: number) =>
  t.db.select().from(notifications).where(eq(notifications.ownerId, ownerId)).all();
const version = (t: TestContext, id: number) =>
  String(t.db.select().from(crises).where(eq(crises.id, id)).get()!.version);
const chosenIds = (t: TestContext, crisisId: number) =>
  t.db
    .select()
    .from(exerciseParticipants)
    .where(eq(exerciseParticipants.crisisId, crisisId))
    .all()
    .map((r) => r.ownerId);
const participantEvents = (t: TestContext) =>
  t.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, 'exercise.participants_changed'))
    .all();

function takeOver(t: TestContext, w: Awaited<ReturnType<typeof exercise>>) {
  const acted = authoriseAcute(
    t.db,
    w.actor,
    {
      caseId: w.kase.id,
      version: w.kase.version,
      justification: 'Evacuatie van de kaaien oefenen',
      deadline: new Date(t.clock.now.getTime() + 30 * MIN),
    },
    t.clock.now,
    t.config.rules,
  );
  expect(acted.ok).toBe(true);
}

describe('exercise participants by owner', () => {
  it('sends a chosen owner without an account the exercise notice by e-mail and nothing to the owner not chosen', async () => {
    const t = await setup();
    const w = await exercise(t);
    const page = await w.browser.get(`/exercises/${w.crisis.id}/participants`);
    expect(page.status).toBe(200);
    expect(page.text_).toContain('OEFENING');
    expect(page.text_).toContain('Ann Peeters');
    const res = await w.browser.post(`/exercises/${w.crisis.id}/participants`, {
      version: version(t, w.crisis.id),
      ownerIds: [String(w.chosen.id)],
    });
    expect(res.status).toBe(303);
    expect(chosenIds(t, w.crisis.id)).toEqual([w.chosen.id]);

    takeOver(t, w);
    expect(inbox(t, w.chosen.id)).toHaveLength(1);
    expect(inbox(t, w.chosen.id)[0]).toMatchObject({
      isExercise: true,
      toEmail: w.chosen.email,
      status: 'queued',
    });
    expect(inbox(t, w.other.id)).toHaveLength(0);

    const sent: MailMessage[] = [];
    await deliverDue(
      t.db,
      {
        send: async (m) => {
          sent.push(m);
          return { ok: true, response: '250 ok' };
        },
      },
      { now: () => t.clock.now, baseUrl: 'http://test' },
    );
    expect(sent.map((m) => m.to)).toEqual([w.chosen.email]);
    expect(sent[0]!.subject).toMatch(/^\[OEFENING\]/);
  });

  it('records who was added, who removed and the whole set in one audit event per change', async () => {
    const t = await setup();
    const w = await exercise(t);
    const set = (ids: number[]) =>
      setExerciseParticipants(
        t.db,
        w.actor,
        { crisisId: w.crisis.id, version: Number(version(t, w.crisis.id)), ownerIds: ids },
        t.clock.now,
      );
    expect(set([w.chosen.id, w.other.id])).toEqual({ ok: true, value: { added: 2, removed: 0 } });
    expect(set([w.other.id])).toEqual({ ok: true, value: { added: 0, removed: 1 } });
    expect(set([w.other.id])).toEqual({ ok: true, value: { added: 0, removed: 0 } });
    const events = participantEvents(t);
    expect(events).toHaveLength(2);
    expect(events.every((e) => e.crisisId === w.crisis.id)).toBe(true);
    expect(JSON.parse(events[1]!.details)).toEqual({
      added: [],
      removed: [{ ownerId: w.chosen.id, name: 'Ann Peeters' }],
      participants: [{ ownerId: w.other.id, name: 'Bert Claes' }],
    });
    // A removed participant hears nothing more.
    takeOver(t, w);
    expect(inbox(t, w.chosen.id)).toHaveLength(0);
    expect(inbox(t, w.other.id)).toHaveLength(1);
  });

  it("adds every owner of the exercise's channels with one button", async () => {
    const t = await setup();
    const w = await exercise(t);
    const res = await w.browser.post(`/exercises/${w.crisis.id}/participants`, {
      version: version(t, w.crisis.id),
      add: 'channelOwners',
    });
    expect(res.status).toBe(303);
    expect(chosenIds(t, w.crisis.id).sort()).toEqual([w.chosen.id, w.other.id].sort());
  });

  it('refuses a stale form (409), an unknown or inactive owner (422), a closed exercise (422), writing nothing', async () => {
    const t = await setup();
    const w = await exercise(t);
    const stale = version(t, w.crisis.id);
    expect(
      (
        await w.browser.post(`/exercises/${w.crisis.id}/participants`, {
          version: stale,
          ownerIds: [String(w.chosen.id)],
        })
      ).status,
    ).toBe(303);
    const before = participantEvents(t).length;
    const again = await w.browser.post(`/exercises/${w.crisis.id}/participants`, {
      version: stale,
      ownerIds: [String(w.other.id)],
    });
    expect(again.status).toBe(409);
    expect(again.text_).toContain('Iemand anders heeft dit intussen gewijzigd');
    t.db.update(owners).set({ active: false }).where(eq(owners.id, w.other.id)).run();
    const inactive = await w.browser.post(`/exercises/${w.crisis.id}/participants`, {
      version: version(t, w.crisis.id),
      ownerIds: [String(w.other.id)],
    });
    expect(inactive.status).toBe(422);
    expect(inactive.text_).toContain('Kies alleen actieve beheerders uit het register.');
    expect(
      (
        await w.browser.post(`/exercises/${w.crisis.id}/participants`, {
          version: version(t, w.crisis.id),
          ownerIds: ['99999'],
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await w.browser.post(`/exercises/${w.crisis.id}/participants`, {
          version: 'x',
          ownerIds: ['abc'],
        })
      ).status,
    ).toBe(422);
    const closed = closeCrisis(
      t.db,
      w.actor,
      {
        crisisId: w.crisis.id,
        version: Number(version(t, w.crisis.id)),
        overrideReason: 'Einde van de oefening',
      },
      t.clock.now,
    );
    expect(closed.ok).toBe(true);
    const late = await w.browser.post(`/exercises/${w.crisis.id}/participants`, {
      version: version(t, w.crisis.id),
      ownerIds: [],
    });
    expect(late.status).toBe(422);
    expect(late.text_).toContain('Deze crisis is afgesloten.');
    expect(chosenIds(t, w.crisis.id)).toEqual([w.chosen.id]);
    expect(participantEvents(t)).toHaveLength(before);
  });

  it('has no participants for a real crisis (404) or an exercise that notifies every owner (nothing to choose, 422)', async () => {
    const t = await setup();
    const w = await exercise(t, 'marked');
    const real = openCrisis(t, w.actor);
    expect((await w.browser.get(`/exercises/${real.id}/participants`)).status).toBe(404);
    expect(
      (
        await w.browser.post(`/exercises/${real.id}/participants`, {
          version: '1',
          ownerIds: [String(w.chosen.id)],
        })
      ).status,
    ).toBe(404);
    const marked = await w.browser.get(`/exercises/${w.crisis.id}/participants`);
    expect(marked.text_).toContain('Deelnemers kiezen is niet nodig.');
    expect(marked.text_).not.toContain('name="ownerIds"');
    expect(
      (
        await w.browser.post(`/exercises/${w.crisis.id}/participants`, {
          version: version(t, w.crisis.id),
          ownerIds: [String(w.chosen.id)],
        })
      ).status,
    ).toBe(422);
    expect(chosenIds(t, w.crisis.id)).toEqual([]);
    // A real crisis reaches every owner, whatever the participants table holds.
    t.db
      .insert(exerciseParticipants)
      .values({
        crisisId: real.id,
        ownerId: w.chosen.id,
        addedAt: t.clock.now.toISOString(),
        addedBy: w.actor.userId!,
      })
      .run();
    expect(reachesOwner(t.db, real, w.other)).toBe(true);
  });

  it("keeps the exercise off a non-participant owner's page and shows it to a participant, and links the crisis page to the choice", async () => {
    const t = await setup();
    const w = await exercise(t);
    const ann = await t.user(['owner']);
    const bert = await t.user(['owner']);
    t.db.update(owners).set({ userId: ann.id }).where(eq(owners.id, w.chosen.id)).run();
    t.db.update(owners).set({ userId: bert.id }).where(eq(owners.id, w.other.id)).run();
    expect(
      setExerciseParticipants(
        t.db,
        w.actor,
        {
          crisisId: w.crisis.id,
          version: Number(version(t, w.crisis.id)),
          ownerIds: [w.chosen.id],
        },
        t.clock.now,
      ).ok,
    ).toBe(true);
    takeOver(t, w);
    const mine = async (email: string) => {
      const b = t.browser();
      await b.signIn(email);
      return (await b.get('/mine')).text_;
    };
    expect(await mine(ann.email)).toContain('Oefening hoogwater');
    expect(await mine(bert.email)).not.toContain('Oefening hoogwater');
    const crisisPage = (await w.browser.get(`/crises/${w.crisis.id}`)).text_;
    expect(crisisPage).toContain(`href="/exercises/${w.crisis.id}/participants"`);
    expect(
      t.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.ownerId, w.other.id), eq(notifications.crisisId, w.crisis.id)))
        .all(),
    ).toEqual([]);
  });
});
