// The Article 2 decision rules, one test each, against the domain functions the pages and the
// API both call.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, contactAttempts, holds, notifications, takeoverCases } from '../db/schema';
import { verifyChain } from '../src/domain/audit/trail';
import { addChannelsToCrisis, declareCrisis } from '../src/domain/crisis/crises';
import { loadBoard } from '../src/domain/crisis/board';
import { releaseHold } from '../src/domain/crisis/holds';
import {
  authoriseAcute,
  authoriseConflicting,
  authoriseUnreachable,
  handBack,
  logChannelAction,
  recordContactAttempt,
} from '../src/domain/crisis/takeover';
import { actorOf, caseWith, channel } from './crisis-fixtures';
import { setup } from './helpers';

const MIN = 60_000;
const caseRow = (t: { db: Parameters<typeof verifyChain>[0] }, id: number) =>
  t.db.select().from(takeoverCases).where(eq(takeoverCases.id, id)).get()!;
const actions = (t: { db: Parameters<typeof verifyChain>[0] }) =>
  t.db
    .select()
    .from(auditEvents)
    .all()
    .map((e) => e.action);

describe('Article 2 gate', () => {
  it('refuses every takeover step while the crisis cell is not involved, and writes nothing', async () => {
    const t = await setup();
    const { actor, kase, owners } = await caseWith(t, [{}], { cell: false });
    const before = actions(t).length;
    const attempt = recordContactAttempt(
      t.db,
      actor,
      {
        caseId: kase.id,
        version: kase.version,
        ownerId: owners[0]!.id,
        means: 'phone',
        outcome: 'reached_owner_agrees',
      },
      t.clock.now,
    );
    const acute = authoriseAcute(
      t.db,
      actor,
      {
        caseId: kase.id,
        version: kase.version,
        justification: 'Evacuatie Grote Markt nu melden',
        deadline: new Date(t.clock.now.getTime() + 30 * MIN),
      },
      t.clock.now,
      t.config.rules,
    );
    expect(attempt).toMatchObject({ ok: false, error: 'crisis.gate.notApplicable' });
    expect(acute).toMatchObject({ ok: false, error: 'crisis.gate.notApplicable' });
    expect(actions(t)).toHaveLength(before);
    expect(caseRow(t, kase.id).state).toBe('contacting');
  });

  it('refuses a takeover in a crisis of limited impact even with the crisis cell involved', async () => {
    const t = await setup();
    const user = await t.user(['crisis_operator']);
    const actor = actorOf(user);
    const crisis = declareCrisis(
      t.db,
      actor,
      {
        title: 'Kleine storing',
        startedAt: t.clock.now,
        impact: 'limited',
        crisisCell: { lead: 'Burgemeester', convenedAt: t.clock.now },
      },
      t.clock.now,
    );
    if (!crisis.ok) throw new Error(crisis.error);
    const { channel: ch } = channel(t, []);
    const added = addChannelsToCrisis(
      t.db,
      actor,
      { crisisId: crisis.value.id, channelIds: [ch.id] },
      t.clock.now,
    );
    const kase = added.ok ? added.value.added[0]! : null;
    const result = authoriseUnreachable(
      t.db,
      actor,
      { caseId: kase!.id, version: kase!.version },
      t.clock.now,
      t.config.rules,
    );
    expect(result).toMatchObject({ ok: false, error: 'crisis.gate.notApplicable' });
  });
});

describe('default: contact the owner first', () => {
  it('keeps contacting after a failed attempt and authorises only when a reached owner agrees', async () => {
    const t = await setup();
    const { actor, kase, owners } = await caseWith(t, [{ name: 'Sofie' }]);
    const miss = recordContactAttempt(
      t.db,
      actor,
      { caseId: kase.id, version: 1, ownerId: owners[0]!.id, means: 'phone', outcome: 'no_answer' },
      t.clock.now,
    );
    expect(miss.ok && miss.value.case.state).toBe('contacting');
    const hit = recordContactAttempt(
      t.db,
      actor,
      {
        caseId: kase.id,
        version: 2,
        ownerId: owners[0]!.id,
        means: 'sms',
        outcome: 'reached_owner_agrees',
        note: 'Akkoord via sms',
      },
      t.clock.now,
    );
    expect(hit.ok && hit.value.case).toMatchObject({
      state: 'active',
      basis: 'owner_contacted',
      ownerContactedAt: t.clock.now.toISOString(),
    });
    const authorised = t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'case.authorised'))
      .get()!;
    expect(JSON.parse(authorised.details)).toMatchObject({
      basis: 'owner_contacted',
      ownerName: 'Sofie',
    });
    expect(
      t.db.select().from(notifications).where(eq(notifications.event, 'takeover_authorised')).all(),
    ).toHaveLength(1);
  });

  it('only logs an attempt that reaches nobody on a channel already taken over: no second authorisation, no notices', async () => {
    const t = await setup();
    const { actor, kase, owners } = await caseWith(t, [{}, {}]);
    recordContactAttempt(
      t.db,
      actor,
      {
        caseId: kase.id,
        version: 1,
        ownerId: owners[0]!.id,
        means: 'phone',
        outcome: 'reached_owner_agrees',
      },
      t.clock.now,
    );
    const miss = recordContactAttempt(
      t.db,
      actor,
      { caseId: kase.id, version: 2, ownerId: owners[1]!.id, means: 'phone', outcome: 'no_answer' },
      t.clock.now,
    );
    expect(miss.ok && miss.value.effect).toBe('logged');
    expect(actions(t).filter((a) => a === 'case.authorised')).toHaveLength(1);
    expect(
      t.db.select().from(notifications).where(eq(notifications.event, 'takeover_authorised')).all(),
    ).toHaveLength(2);
  });

  it('closes the case without a takeover when the reached owner handles it', async () => {
    const t = await setup();
    const { actor, kase, owners } = await caseWith(t);
    const result = recordContactAttempt(
      t.db,
      actor,
      {
        caseId: kase.id,
        version: 1,
        ownerId: owners[0]!.id,
        means: 'phone',
        outcome: 'reached_owner_handles',
      },
      t.clock.now,
    );
    expect(result.ok && result.value.case.state).toBe('owner_handles');
    expect(result.ok && result.value.case.basis).toBeNull();
    const later = logChannelAction(
      t.db,
      actor,
      { caseId: kase.id, version: 2, kind: 'published', note: '' },
      t.clock.now,
    );
    expect(later).toMatchObject({ ok: false, error: 'case.illegal.closed' });
  });

  it('refuses an attempt on someone who is not an owner of the channel', async () => {
    const t = await setup();
    const { actor, kase } = await caseWith(t);
    const other = channel(t, [{}]).owners[0]!;
    const result = recordContactAttempt(
      t.db,
      actor,
      { caseId: kase.id, version: 1, ownerId: other.id, means: 'phone', outcome: 'no_answer' },
      t.clock.now,
    );
    expect(result).toMatchObject({ ok: false, error: 'case.attempt.notOwner', field: 'ownerId' });
  });

  it('refuses acting on a channel before any basis, with a clear message', async () => {
    const t = await setup();
    const { actor, kase } = await caseWith(t);
    const result = logChannelAction(
      t.db,
      actor,
      { caseId: kase.id, version: 1, kind: 'published', note: 'Bericht' },
      t.clock.now,
    );
    expect(result).toMatchObject({ ok: false, error: 'case.illegal.needsActive', status: 422 });
    expect(
      handBack(t.db, actor, { caseId: kase.id, version: 1, note: 'x' }, t.clock.now),
    ).toMatchObject({ ok: false, error: 'case.illegal.needsActive' });
  });
});

describe('exception 1: acute', () => {
  it('needs a justification that is not empty and not the crisis title', async () => {
    const t = await setup();
    const { actor, kase, crisis } = await caseWith(t);
    const deadline = new Date(t.clock.now.getTime() + 60 * MIN);
    const ref = { caseId: kase.id, version: 1, deadline };
    expect(
      authoriseAcute(t.db, actor, { ...ref, justification: '   ' }, t.clock.now, t.config.rules),
    ).toMatchObject({
      ok: false,
      error: 'case.acute.justificationRequired',
      field: 'justification',
    });
    expect(
      authoriseAcute(
        t.db,
        actor,
        { ...ref, justification: ` ${crisis.title.toUpperCase()}. ` },
        t.clock.now,
        t.config.rules,
      ),
    ).toMatchObject({
      ok: false,
      error: 'case.acute.justificationIsTitle',
      field: 'justification',
    });
  });

  it('needs a deadline after now and at most 60 minutes from the decision', async () => {
    const t = await setup();
    const { actor, kase } = await caseWith(t);
    const at = (minutes: number) => ({
      caseId: kase.id,
      version: 1,
      justification: 'Oproep om binnen te blijven',
      deadline: new Date(t.clock.now.getTime() + minutes * MIN),
    });
    expect(authoriseAcute(t.db, actor, at(61), t.clock.now, t.config.rules)).toMatchObject({
      ok: false,
      error: 'case.acute.deadlineTooLate',
      field: 'deadline',
      params: { max: 60 },
    });
    expect(authoriseAcute(t.db, actor, at(-1), t.clock.now, t.config.rules)).toMatchObject({
      ok: false,
      error: 'case.acute.deadlinePast',
    });
    const ok = authoriseAcute(t.db, actor, at(60), t.clock.now, t.config.rules);
    expect(ok.ok && ok.value).toMatchObject({
      state: 'active',
      basis: 'acute',
      acuteJustification: 'Oproep om binnen te blijven',
    });
  });

  it('records whether the message went out before the deadline', async () => {
    const t = await setup();
    const { actor, kase } = await caseWith(t);
    authoriseAcute(
      t.db,
      actor,
      {
        caseId: kase.id,
        version: 1,
        justification: 'Oproep om binnen te blijven',
        deadline: new Date(t.clock.now.getTime() + 30 * MIN),
      },
      t.clock.now,
      t.config.rules,
    );
    t.clock.advance(45 * MIN);
    const sent = logChannelAction(
      t.db,
      actor,
      { caseId: kase.id, version: 2, kind: 'published', note: 'Oproep gepost' },
      t.clock.now,
    );
    expect(sent.ok && sent.value.acuteMessageSentAt).toBe(t.clock.now.toISOString());
    const event = t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'case.acute_message_sent'))
      .get()!;
    expect(JSON.parse(event.details)).toMatchObject({ beforeDeadline: false });
  });
});

describe('exception 2: conflicting information', () => {
  it('creates a hold and an owner-contact obligation that turns overdue, then is met by reaching an owner', async () => {
    const t = await setup();
    const { actor, kase, owners, crisis } = await caseWith(t);
    const result = authoriseConflicting(
      t.db,
      actor,
      {
        caseId: kase.id,
        version: 1,
        postState: 'scheduled',
        postRef: 'Hootsuite #4411',
        scheduledFor: new Date(t.clock.now.getTime() + 20 * MIN),
        conflict: 'Kondigt het concert aan dat is afgelast',
        action: 'put_on_hold',
      },
      t.clock.now,
      t.config.rules,
    );
    expect(result.ok && result.value.case).toMatchObject({
      state: 'active',
      basis: 'conflicting_information',
    });
    expect(t.db.select().from(holds).all()).toMatchObject([
      { postRef: 'Hootsuite #4411', action: 'put_on_hold', releasedAt: null },
    ]);
    const row = () => loadBoard(t.db, crisis.id, t.clock.now, t.config.rules)!.rows[0]!;
    expect(row().obligation.state).toBe('open');
    t.clock.advance(31 * MIN);
    expect(row().obligation.state).toBe('overdue');
    expect(row().next).toBe('contact_owner_after_hold');
    recordContactAttempt(
      t.db,
      actor,
      {
        caseId: kase.id,
        version: 2,
        ownerId: owners[0]!.id,
        means: 'phone',
        outcome: 'reached_owner_agrees',
      },
      t.clock.now,
    );
    expect(row().obligation).toMatchObject({ state: 'met', late: true });
    expect(actions(t)).toContain('case.owner_contact_logged');
  });

  it('needs the scheduled time of a scheduled post', async () => {
    const t = await setup();
    const { actor, kase } = await caseWith(t);
    const result = authoriseConflicting(
      t.db,
      actor,
      {
        caseId: kase.id,
        version: 1,
        postState: 'scheduled',
        postRef: 'post 1',
        scheduledFor: null,
        conflict: 'Oud nieuws',
        action: 'put_on_hold',
      },
      t.clock.now,
      t.config.rules,
    );
    expect(result).toMatchObject({ ok: false, field: 'scheduledFor' });
    expect(t.db.select().from(holds).all()).toHaveLength(0);
  });
});

describe('exception 3: owner unreachable', () => {
  it('is refused until every owner was tried twice by two different means, then allowed', async () => {
    const t = await setup();
    const { actor, kase, owners } = await caseWith(t, [
      { name: 'Eerste' },
      { name: 'Tweede', email: null },
    ]);
    let version = 1;
    const tryOwner = (ownerId: number, means: 'phone' | 'sms' | 'email') => {
      const r = recordContactAttempt(
        t.db,
        actor,
        { caseId: kase.id, version, ownerId, means, outcome: 'no_answer' },
        t.clock.now,
      );
      if (r.ok) version = r.value.case.version;
    };
    const unreachable = () =>
      authoriseUnreachable(t.db, actor, { caseId: kase.id, version }, t.clock.now, t.config.rules);
    tryOwner(owners[0]!.id, 'phone');
    tryOwner(owners[0]!.id, 'phone');
    t.clock.advance(5 * MIN); // the escalation step time before the next person
    tryOwner(owners[1]!.id, 'phone');
    tryOwner(owners[1]!.id, 'sms');
    // The first owner has a phone and an e-mail address: two calls are one means.
    expect(unreachable()).toMatchObject({ ok: false, error: 'case.unreachable.notShown' });
    tryOwner(owners[0]!.id, 'email');
    const result = unreachable();
    expect(result.ok && result.value).toMatchObject({
      state: 'active',
      basis: 'owner_unreachable',
    });
    const event = t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'case.authorised'))
      .get()!;
    expect(JSON.parse(event.details)).toMatchObject({
      basis: 'owner_unreachable',
      finding: 'all_tried',
    });
  });

  it('is never offered once an owner was reached', async () => {
    const t = await setup();
    const { actor, kase, crisis, owners } = await caseWith(t, [{}, {}]);
    let version = 1;
    const attempt = (
      ownerId: number,
      means: 'phone' | 'email',
      outcome: 'no_answer' | 'reached_owner_agrees',
    ) => {
      const r = recordContactAttempt(
        t.db,
        actor,
        { caseId: kase.id, version, ownerId, means, outcome },
        t.clock.now,
      );
      if (!r.ok) throw new Error(r.error);
      version = r.value.case.version;
    };
    // Every owner tried often enough and long enough: the log alone would show unreachable ...
    attempt(owners[0]!.id, 'phone', 'no_answer');
    attempt(owners[0]!.id, 'email', 'no_answer');
    t.clock.advance(5 * MIN);
    attempt(owners[1]!.id, 'phone', 'no_answer');
    attempt(owners[1]!.id, 'email', 'no_answer');
    // ... but then the first owner answers and agrees.
    attempt(owners[0]!.id, 'phone', 'reached_owner_agrees');
    const board = loadBoard(t.db, crisis.id, t.clock.now, t.config.rules)!;
    expect(board.rows[0]!.unreachable).toMatchObject({ unreachable: false, reason: 'reached' });
    expect(caseRow(t, kase.id).basis).toBe('owner_contacted');
  });

  it('holds by definition for a channel without a registered owner', async () => {
    const t = await setup();
    const { actor, kase, crisis } = await caseWith(t, []);
    expect(loadBoard(t.db, crisis.id, t.clock.now, t.config.rules)!.rows[0]!).toMatchObject({
      unreachable: { unreachable: true, reason: 'no_owner' },
      next: 'take_over_unreachable',
    });
    const result = authoriseUnreachable(
      t.db,
      actor,
      { caseId: kase.id, version: 1 },
      t.clock.now,
      t.config.rules,
    );
    expect(result.ok && result.value.basis).toBe('owner_unreachable');
  });
});

describe('hand back', () => {
  it('needs a note and released holds, then returns the channel and tells its owners', async () => {
    const t = await setup();
    const { actor, kase } = await caseWith(t);
    const taken = authoriseConflicting(
      t.db,
      actor,
      {
        caseId: kase.id,
        version: 1,
        postState: 'online',
        postRef: 'https://facebook.com/p/1',
        conflict: 'Verkeerde omleiding',
        action: 'taken_offline',
      },
      t.clock.now,
      t.config.rules,
    );
    if (!taken.ok) throw new Error(taken.error);
    expect(
      handBack(t.db, actor, { caseId: kase.id, version: 2, note: ' ' }, t.clock.now),
    ).toMatchObject({ ok: false, field: 'note', error: 'case.handBack.noteRequired' });
    expect(
      handBack(t.db, actor, { caseId: kase.id, version: 2, note: 'Klaar' }, t.clock.now),
    ).toMatchObject({ ok: false, error: 'case.handBack.openHolds' });
    const released = releaseHold(
      t.db,
      actor,
      {
        holdId: taken.value.hold.id,
        version: 1,
        outcome: 'corrected',
        note: 'Omleiding verbeterd',
      },
      t.clock.now,
    );
    expect(released.ok).toBe(true);
    const back = handBack(
      t.db,
      actor,
      { caseId: kase.id, version: 2, note: 'Crisis voorbij, kanaal is terug van jullie' },
      t.clock.now,
    );
    expect(back.ok && back.value).toMatchObject({
      state: 'handed_back',
      handBackNote: 'Crisis voorbij, kanaal is terug van jullie',
    });
    const events = t.db
      .select({ event: notifications.event })
      .from(notifications)
      .all()
      .map((n) => n.event);
    expect(events).toEqual(['takeover_authorised', 'hold_released', 'handed_back']);
  });
});

describe('concurrency and audit', () => {
  it('refuses a step with a stale version and writes nothing', async () => {
    const t = await setup();
    const { actor, kase, owners } = await caseWith(t);
    const first = recordContactAttempt(
      t.db,
      actor,
      { caseId: kase.id, version: 1, ownerId: owners[0]!.id, means: 'phone', outcome: 'no_answer' },
      t.clock.now,
    );
    expect(first.ok).toBe(true);
    const before = actions(t).length;
    const stale = authoriseAcute(
      t.db,
      actor,
      {
        caseId: kase.id,
        version: 1,
        justification: 'Oproep',
        deadline: new Date(t.clock.now.getTime() + 10 * MIN),
      },
      t.clock.now,
      t.config.rules,
    );
    expect(stale).toMatchObject({ ok: false, error: 'error.conflict', status: 409 });
    expect(actions(t)).toHaveLength(before);
    expect(caseRow(t, kase.id)).toMatchObject({ state: 'contacting', version: 2 });
    expect(t.db.select().from(contactAttempts).all()).toHaveLength(1);
  });

  it('leaves a verifying audit chain with one event per step, carrying the case and its facts', async () => {
    const t = await setup();
    const { actor, kase, crisis, channel: ch } = await caseWith(t);
    authoriseAcute(
      t.db,
      actor,
      {
        caseId: kase.id,
        version: 1,
        justification: 'Oproep ramen dicht',
        deadline: new Date(t.clock.now.getTime() + 20 * MIN),
      },
      t.clock.now,
      t.config.rules,
    );
    logChannelAction(
      t.db,
      actor,
      { caseId: kase.id, version: 2, kind: 'published', note: 'Oproep gepost' },
      t.clock.now,
    );
    handBack(
      t.db,
      actor,
      { caseId: kase.id, version: 3, note: 'Terug naar de dienst' },
      t.clock.now,
    );
    expect(verifyChain(t.db).ok).toBe(true);
    const caseEvents = t.db.select().from(auditEvents).where(eq(auditEvents.caseId, kase.id)).all();
    expect(caseEvents.map((e) => e.action)).toEqual([
      'case.added',
      'case.authorised',
      'case.action_logged',
      'case.acute_message_sent',
      'case.handed_back',
    ]);
    expect(
      caseEvents.every(
        (e) => e.crisisId === crisis.id && e.channelId === ch.id && e.actorUserId === actor.userId,
      ),
    ).toBe(true);
    expect(JSON.parse(caseEvents[1]!.details)).toMatchObject({
      basis: 'acute',
      justification: 'Oproep ramen dicht',
    });
    expect(JSON.parse(caseEvents[3]!.details)).toMatchObject({ beforeDeadline: true });
  });
});
