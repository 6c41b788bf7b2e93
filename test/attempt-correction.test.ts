// "Recorded in error": a mistaken contact attempt is corrected, never erased. The correction is
// its own audited event with a reason; the attempt stays, marked, and no Article 2 rule counts it;
// a takeover it authorised is withdrawn when nothing was done on the channel yet.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, contactAttempts, notifications, takeoverCases } from '../db/schema';
import { recordEvent, verifyChain } from '../src/domain/audit/trail';
import { loadCase } from '../src/domain/crisis/case-view';
import { closeCrisis } from '../src/domain/crisis/crises';
import { correctContactAttempt } from '../src/domain/crisis/correction';
import { placeHold } from '../src/domain/crisis/holds';
import {
  authoriseConflicting,
  authoriseUnreachable,
  logChannelAction,
  recordContactAttempt,
} from '../src/domain/crisis/takeover';
import { crisisReport } from '../src/domain/report/incident';
import { apiAs } from './fixtures/api-client';
import { caseWith } from './crisis-fixtures';
import { Browser, setup, type TestContext } from './helpers';

const MIN = 60_000;
const REASON = 'Verkeerde beheerder aangetikt';
type World = Awaited<ReturnType<typeof caseWith>>;

const kaseOf = (t: TestContext, id: number) =>
  t.db.select().from(takeoverCases).where(eq(takeoverCases.id, id)).get()!;
const events = (t: TestContext) => t.db.select().from(auditEvents).all();

function attempt(
  t: TestContext,
  w: World,
  outcome: 'no_answer' | 'reached_owner_agrees',
  { owner = 0, means = 'phone' as 'phone' | 'email' } = {},
) {
  const r = recordContactAttempt(
    t.db,
    w.actor,
    {
      caseId: w.kase.id,
      version: kaseOf(t, w.kase.id).version,
      ownerId: w.owners[owner]!.id,
      means,
      outcome,
    },
    t.clock.now,
  );
  if (!r.ok) throw new Error(r.error);
  return r.value.attempt;
}

const correct = (t: TestContext, w: World, attemptId: number, reason = REASON) =>
  correctContactAttempt(
    t.db,
    w.actor,
    { caseId: w.kase.id, version: kaseOf(t, w.kase.id).version, attemptId, reason },
    t.clock.now,
  );

/** One owner, reached and agreeing: the takeover is authorised on owner_contacted. */
async function agreed(t: TestContext) {
  const w = await caseWith(t, [{ name: 'Ann Akkoord' }]);
  const a = attempt(t, w, 'reached_owner_agrees');
  expect(kaseOf(t, w.kase.id)).toMatchObject({ state: 'active', basis: 'owner_contacted' });
  return { w, a };
}

describe('correcting a contact attempt', () => {
  it('keeps the attempt, marks it with the reason in its own event, and stops counting it', async () => {
    const t = await setup();
    const w = await caseWith(t, [{}, {}]);
    const first = attempt(t, w, 'no_answer');
    t.clock.advance(6 * MIN);
    attempt(t, w, 'no_answer');
    attempt(t, w, 'no_answer', { means: 'email' });
    attempt(t, w, 'no_answer', { owner: 1 });
    attempt(t, w, 'no_answer', { owner: 1, means: 'email' });
    // Two owners, each tried twice by two means over six minutes: unreachable is shown.
    expect(
      loadCase(t.db, w.crisis.id, w.kase.id, t.clock.now, t.config.rules)!.unreachable,
    ).toMatchObject({ unreachable: true });
    const r = correct(t, w, first.id);
    expect(r).toMatchObject({ ok: true, value: { effect: { kind: 'corrected' } } });
    const rows = t.db.select().from(contactAttempts).all();
    expect(rows).toHaveLength(5);
    expect(rows.find((a) => a.id === first.id)).toMatchObject({
      outcome: 'no_answer',
      correctionReason: REASON,
      correctedBy: w.user.id,
    });
    const last = events(t).at(-1)!;
    expect(last.action).toBe('case.attempt_corrected');
    expect(JSON.parse(last.details)).toMatchObject({ attemptId: first.id, reason: REASON });
    // Enough failed attempts remain, but all within one minute: the pacing that the corrected
    // first attempt gave is gone.
    const unreachable = authoriseUnreachable(
      t.db,
      w.actor,
      { caseId: w.kase.id, version: kaseOf(t, w.kase.id).version },
      t.clock.now,
      t.config.rules,
    );
    expect(unreachable).toMatchObject({ ok: false, error: 'case.unreachable.tooSoon' });
    expect(verifyChain(t.db).ok).toBe(true);
  });

  it('no longer counts a corrected attempt toward owner unreachable', async () => {
    const t = await setup();
    const w = await caseWith(t, [{}]);
    const a = attempt(t, w, 'no_answer');
    attempt(t, w, 'no_answer', { means: 'email' });
    const ref = () => ({ caseId: w.kase.id, version: kaseOf(t, w.kase.id).version });
    // Two failed attempts by two means on the only owner: the basis is shown (no pacing for one).
    const view = () => loadCase(t.db, w.crisis.id, w.kase.id, t.clock.now, t.config.rules)!;
    expect(view().unreachable).toMatchObject({ unreachable: true });
    expect(correct(t, w, a.id).ok).toBe(true);
    expect(view().unreachable).toMatchObject({ unreachable: false, reason: 'not_all_tried' });
    expect(view().escalation).toMatchObject({ state: 'next', means: 'phone' });
    const r = authoriseUnreachable(t.db, w.actor, ref(), t.clock.now, t.config.rules);
    expect(r).toMatchObject({ ok: false, error: 'case.unreachable.notShown' });
  });

  it('refuses a reason that is not a sentence, and writes nothing', async () => {
    const t = await setup();
    const w = await caseWith(t, [{}]);
    const a = attempt(t, w, 'no_answer');
    const before = events(t).length;
    for (const reason of ['x', '   fout    ', '..........!!']) {
      expect(correct(t, w, a.id, reason)).toMatchObject({
        ok: false,
        error: 'case.correction.reasonTooShort',
        field: 'reason',
      });
    }
    expect(events(t)).toHaveLength(before);
    expect(t.db.select().from(contactAttempts).get()!.correctedAt).toBeNull();
  });

  it('refuses a second correction of the same attempt and a stale case version', async () => {
    const t = await setup();
    const w = await caseWith(t, [{}]);
    const a = attempt(t, w, 'no_answer');
    const stale = kaseOf(t, w.kase.id).version;
    expect(correct(t, w, a.id).ok).toBe(true);
    expect(correct(t, w, a.id)).toMatchObject({ ok: false, error: 'case.correction.already' });
    const late = correctContactAttempt(
      t.db,
      w.actor,
      { caseId: w.kase.id, version: stale, attemptId: a.id, reason: REASON },
      t.clock.now,
    );
    expect(late).toMatchObject({ ok: false, status: 409 });
  });

  it('lets no statement rewrite or delete an attempt, only correct it once', async () => {
    const t = await setup();
    const w = await caseWith(t, [{}]);
    const a = attempt(t, w, 'no_answer');
    expect(() =>
      t.sqlite.prepare("UPDATE contact_attempts SET outcome = 'reached_owner_agrees'").run(),
    ).toThrow(/only a correction/);
    expect(() => t.sqlite.prepare('DELETE FROM contact_attempts').run()).toThrow(/never deleted/);
    expect(correct(t, w, a.id).ok).toBe(true);
    expect(() =>
      t.sqlite.prepare("UPDATE contact_attempts SET correction_reason = 'iets anders'").run(),
    ).toThrow(/only a correction/);
  });
});

describe('correcting the attempt that authorised a takeover', () => {
  it('returns the case to contacting, tells the owners and keeps both in the report, in one transaction', async () => {
    const t = await setup();
    const { w, a } = await agreed(t);
    const before = events(t).length;
    const r = correct(t, w, a.id);
    expect(r).toMatchObject({ ok: true, value: { effect: { kind: 'reopened', from: 'active' } } });
    expect(kaseOf(t, w.kase.id)).toMatchObject({
      state: 'contacting',
      basis: null,
      authorisedAt: null,
      ownerContactedAt: null,
    });
    expect(
      events(t)
        .slice(before)
        .map((e) => e.action),
    ).toEqual(['case.attempt_corrected', 'case.reopened']);
    const told = t.db
      .select()
      .from(notifications)
      .where(eq(notifications.event, 'takeover_withdrawn'))
      .all();
    expect(told).toHaveLength(1);
    expect(told[0]!.body).toContain(REASON);
    const report = crisisReport(t.db, w.crisis.id, t.config.rules, t.clock.now)!;
    const k = report.cases[0]!;
    expect(k.attempts).toHaveLength(1);
    expect(k.attempts[0]!.correctionReason).toBe(REASON);
    expect(k.events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['case.authorised', 'case.attempt_corrected', 'case.reopened']),
    );
    // The case can be decided again: the next attempt is evidence, the corrected one is not.
    expect(k.milestones.firstAttempt).toBeNull();
  });

  it('keeps the takeover when something was already done on the channel, and says why', async () => {
    const t = await setup();
    const { w, a } = await agreed(t);
    const acted = logChannelAction(
      t.db,
      w.actor,
      { caseId: w.kase.id, version: kaseOf(t, w.kase.id).version, kind: 'published', note: '' },
      t.clock.now,
    );
    expect(acted.ok).toBe(true);
    const r = correct(t, w, a.id);
    expect(r).toMatchObject({
      ok: true,
      value: {
        effect: { kind: 'stands', because: 'acted', done: { actions: 1, holds: 0, reveals: 0 } },
      },
    });
    expect(kaseOf(t, w.kase.id)).toMatchObject({ state: 'active', basis: 'owner_contacted' });
    expect(
      t.db
        .select()
        .from(notifications)
        .all()
        .map((n) => n.event),
    ).not.toContain('takeover_withdrawn');
  });

  it('counts a hold and a reveal of the login details in this crisis as something done', async () => {
    const t = await setup();
    const held = await agreed(t);
    const placed = placeHold(
      t.db,
      held.w.actor,
      {
        caseId: held.w.kase.id,
        version: kaseOf(t, held.w.kase.id).version,
        postState: 'online',
        postRef: 'https://facebook.com/p/1',
        conflict: 'Verkeerde evacuatieroute',
        action: 'taken_offline',
      },
      t.clock.now,
    );
    expect(placed.ok).toBe(true);
    expect(correct(t, held.w, held.a.id)).toMatchObject({
      value: { effect: { kind: 'stands', done: { holds: 1 } } },
    });

    const revealed = await agreed(t);
    // The event the vault's reveal writes (src/domain/vault/reveal.ts), for this crisis and channel.
    recordEvent(t.db, {
      at: t.clock.now,
      actor: revealed.w.actor,
      action: 'credentials.revealed',
      crisisId: revealed.w.crisis.id,
      channelId: revealed.w.channel.id,
      details: { purpose: 'crisis', reason: 'Bericht over de storm', masked: false },
    });
    expect(correct(t, revealed.w, revealed.a.id)).toMatchObject({
      value: { effect: { kind: 'stands', done: { reveals: 1 } } },
    });
  });

  it('keeps the takeover once the crisis is closed', async () => {
    const t = await setup();
    const { w, a } = await agreed(t);
    const closed = closeCrisis(
      t.db,
      w.actor,
      {
        crisisId: w.crisis.id,
        version: w.crisis.version,
        overrideReason: 'Kanaal wordt morgen teruggegeven',
      },
      t.clock.now,
    );
    expect(closed.ok).toBe(true);
    expect(correct(t, w, a.id)).toMatchObject({
      value: { effect: { kind: 'stands', because: 'crisisClosed' } },
    });
    expect(kaseOf(t, w.kase.id).state).toBe('active');
  });

  it('reopens a case that a mistaken "reached, handles it" closed, without a notice', async () => {
    const t = await setup();
    const w = await caseWith(t, [{}]);
    const r = recordContactAttempt(
      t.db,
      w.actor,
      {
        caseId: w.kase.id,
        version: 1,
        ownerId: w.owners[0]!.id,
        means: 'phone',
        outcome: 'reached_owner_handles',
      },
      t.clock.now,
    );
    expect(r).toMatchObject({ ok: true, value: { case: { state: 'owner_handles' } } });
    const corrected = correct(t, w, r.ok ? r.value.attempt.id : 0);
    expect(corrected).toMatchObject({
      value: { effect: { kind: 'reopened', from: 'owner_handles' } },
    });
    expect(kaseOf(t, w.kase.id).state).toBe('contacting');
    expect(t.db.select().from(notifications).all()).toHaveLength(0);
  });

  it('opens the owner contact a hold owes again when the contact that met it was in error', async () => {
    const t = await setup();
    const w = await caseWith(t, [{}]);
    const held = authoriseConflicting(
      t.db,
      w.actor,
      {
        caseId: w.kase.id,
        version: 1,
        postState: 'online',
        postRef: 'https://facebook.com/p/2',
        conflict: 'Verkeerde evacuatieroute',
        action: 'taken_offline',
      },
      t.clock.now,
      t.config.rules,
    );
    expect(held.ok).toBe(true);
    const met = attempt(t, w, 'reached_owner_agrees');
    expect(kaseOf(t, w.kase.id).ownerContactedAt).not.toBeNull();
    expect(correct(t, w, met.id)).toMatchObject({
      value: { effect: { kind: 'corrected' }, case: { ownerContactedAt: null, state: 'active' } },
    });
  });

  it('does not withdraw a takeover that another attempt authorised', async () => {
    const t = await setup();
    const { w } = await agreed(t);
    // A second "agrees" while active is logged only; correcting it changes nothing of the case.
    const later = attempt(t, w, 'reached_owner_agrees');
    expect(correct(t, w, later.id)).toMatchObject({ value: { effect: { kind: 'corrected' } } });
    expect(kaseOf(t, w.kase.id).state).toBe('active');
  });
});

describe('the correction on the case page and in the API', () => {
  async function page(t: TestContext) {
    const { w, a } = await agreed(t);
    const b = new Browser(t.app);
    await b.signIn(w.user.email);
    const url = `/crises/${w.crisis.id}/cases/${w.kase.id}`;
    return { w, a, b, url };
  }

  it('works as a plain form: 303 back to the attempts with what became of the takeover', async () => {
    const t = await setup();
    const { a, b, url } = await page(t);
    const shown = await b.get(url);
    expect(shown.text_).toContain(`action="${url}/attempts/${a.id}/correction"`);
    const version = String(kaseOf(t, Number(url.split('/').at(-1))).version);
    const bad = await b.post(`${url}/attempts/${a.id}/correction`, { version, reason: 'x' });
    expect(bad.status).toBe(422);
    expect(bad.text_).toContain('minstens 10 tekens');
    const res = await b.post(`${url}/attempts/${a.id}/correction`, { version, reason: REASON });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe(`${url}#attempts`);
    const after = await b.get(url);
    expect(after.text_).toContain('de overname is ingetrokken');
    expect(after.text_).toContain('foutief vastgelegd');
    expect(after.text_).toContain(REASON);
    expect(after.text_).toContain('class="corrected"');
    // The incident report shows the attempt, its correction and the withdrawal.
    const admin = await t.as(['communicatie']);
    const report = (await admin.get(`/reports/crises/${url.split('/')[2]}`)).text_;
    expect(report).toContain('Bereikt: akkoord met overname');
    expect(report).toContain(`Reden: ${REASON}`);
    expect(report).toContain('Overname ingetrokken');
  });

  it('swaps the case panel for htmx and answers 409 with the current case on a stale version', async () => {
    const t = await setup();
    const { a, b, url } = await page(t);
    const hx = { 'HX-Request': 'true' };
    const stale = await b.post(
      `${url}/attempts/${a.id}/correction`,
      { version: '1', reason: REASON },
      hx,
    );
    expect(stale.status).toBe(409);
    expect(stale.text_).toContain('id="case"');
    expect(t.db.select().from(contactAttempts).get()!.correctedAt).toBeNull();
    const version = String(kaseOf(t, Number(url.split('/').at(-1))).version);
    const done = await b.post(
      `${url}/attempts/${a.id}/correction`,
      { version, reason: REASON },
      hx,
    );
    expect(done.status).toBeLessThan(400);
    expect(t.db.select().from(contactAttempts).get()!.correctedAt).not.toBeNull();
  });

  it('tells the operator why the takeover stands', async () => {
    const t = await setup();
    const { w, a, b, url } = await page(t);
    logChannelAction(
      t.db,
      w.actor,
      { caseId: w.kase.id, version: kaseOf(t, w.kase.id).version, kind: 'published', note: '' },
      t.clock.now,
    );
    const version = String(kaseOf(t, w.kase.id).version);
    await b.post(`${url}/attempts/${a.id}/correction`, { version, reason: REASON });
    const after = await b.get(url);
    expect(after.text_).toContain('De overname blijft staan');
    expect(after.text_).toContain('1 actie');
  });

  it('is a step of the JSON API, with the case version and the effect', async () => {
    const t = await setup();
    const { w, a } = await agreed(t);
    const api = await apiAs(t, ['communicatie']);
    const path = `/api/v1/crises/${w.crisis.id}/cases/${w.kase.id}/attempts/${a.id}/correction`;
    const stale = await api.post(path, { version: 1, reason: REASON });
    expect(stale.status).toBe(409);
    expect(stale.body.current.case.state).toBe('active');
    const version = kaseOf(t, w.kase.id).version;
    const res = await api.post(path, { version, reason: REASON });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      case: { state: 'contacting' },
      attempt: { id: a.id, correctionReason: REASON },
      effect: { kind: 'reopened', from: 'active' },
    });
    const detail = await api.get(`/api/v1/crises/${w.crisis.id}/cases/${w.kase.id}`);
    expect(detail.body.attempts[0].correctedAt).toBeTruthy();
  });
});
