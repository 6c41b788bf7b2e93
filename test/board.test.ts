// The crisis board and the case page as operators use them: live updates, two operators on one
// case, countdowns in words, and a board that costs the same few queries at any size.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { contactAttempts, notifications, owners, takeoverCases } from '../db/schema';
import { verifyChain } from '../src/domain/audit/trail';
import { loadBoard } from '../src/domain/crisis/board';
import { historyQuery, timeline } from '../src/domain/crisis/case-view';
import { addChannelsToCrisis } from '../src/domain/crisis/crises';
import { acknowledgeNotification, replyToCase } from '../src/domain/notify/owner-inbox';
import {
  authoriseAcute,
  authoriseConflicting,
  recordContactAttempt,
} from '../src/domain/crisis/takeover';
import { caseWith, channel } from './crisis-fixtures';
import { setup, type TestContext } from './helpers';

const MIN = 60_000;
const sigOf = (html: string) => /hx-get="\/crises\/\d+\/board\?sig=([^"]+)"/.exec(html)?.[1];

describe('the live board', () => {
  it('answers a poll with 204 while nothing changed, and with the new state once another operator acts', async () => {
    const t = await setup();
    const { crisis, kase, owners } = await caseWith(t, [{ name: 'Sofie Janssens' }]);
    const one = await t.as(['crisis_operator']);
    const two = await t.as(['communicatie']);
    const sig = sigOf((await one.get(`/crises/${crisis.id}`)).text_)!;
    const poll = await one.get(`/crises/${crisis.id}/board?sig=${sig}`, { 'HX-Request': 'true' });
    expect(poll.status).toBe(204);
    await two.post(`/crises/${crisis.id}/cases/${kase.id}/attempts`, {
      version: '1',
      ownerId: String(owners[0]!.id),
      means: 'phone',
      outcome: 'voicemail',
    });
    const changed = await one.get(`/crises/${crisis.id}/board?sig=${sig}`, {
      'HX-Request': 'true',
    });
    expect(changed.status).toBe(200);
    expect(changed.text_).toContain(
      'Laatste poging: Sofie Janssens, telefoon, Voicemail ingesproken',
    );
    expect(changed.text_).not.toContain('<html');
    expect(sigOf(changed.text_)).not.toBe(sig);
  });

  it('renders the shared board once per language: an English operator never gets the Dutch copy', async () => {
    const t = await setup();
    const { crisis } = await caseWith(t);
    const nl = await t.as(['crisis_operator']);
    const en = await t.as(['crisis_operator']);
    await en.post('/language', { lang: 'en', back: '/' });
    expect((await nl.get(`/crises/${crisis.id}/board`)).text_).toContain('Beheerder contacteren');
    expect((await en.get(`/crises/${crisis.id}/board`)).text_).toContain('Contact the owner');
  });

  it("shows the owner's acknowledgement and reply on the board at the next poll", async () => {
    const t = await setup();
    const {
      crisis,
      kase,
      actor,
      owners: [owner],
    } = await caseWith(t, [{ name: 'Sofie Janssens' }]);
    const ownerUser = await t.user(['owner']);
    t.db.update(owners).set({ userId: ownerUser.id }).where(eq(owners.id, owner!.id)).run();
    const b = await t.as(['crisis_operator']);
    recordContactAttempt(
      t.db,
      actor,
      {
        caseId: kase.id,
        version: 1,
        ownerId: owner!.id,
        means: 'phone',
        outcome: 'reached_owner_agrees',
      },
      t.clock.now,
    );
    const sig = sigOf((await b.get(`/crises/${crisis.id}`)).text_)!;
    const ownerActor = { userId: ownerUser.id, role: 'owner' as const };
    const notice = t.db.select().from(notifications).get()!;
    expect(acknowledgeNotification(t.db, ownerActor, notice.id, t.clock.now).ok).toBe(true);
    expect(
      replyToCase(t.db, ownerActor, kase.id, 'Ik ben weer bereikbaar op 0470 12 34 56', t.clock.now)
        .ok,
    ).toBe(true);
    const poll = await b.get(`/crises/${crisis.id}/board?sig=${sig}`, { 'HX-Request': 'true' });
    expect(poll.status).toBe(200);
    expect(poll.text_).toContain('1 bevestigd');
    expect(poll.text_).toContain('Ik ben weer bereikbaar op 0470 12 34 56');
  });

  it('gives phone numbers where the crisis cell must call and names the owners a notice has not reached or not been acknowledged by', async () => {
    const t = await setup();
    const {
      crisis,
      kase,
      actor,
      owners: [sofie],
    } = await caseWith(t, [
      { name: 'Sofie Janssens', phone: '+32 470 11 22 33' },
      { name: 'Tom Peeters', phone: '+32 470 44 55 66', email: null },
    ]);
    const b = await t.as(['crisis_operator']);
    const row = async () =>
      /<tr id="case-\d+">.*?<\/tr>/s.exec((await b.get(`/crises/${crisis.id}/board`)).text_)![0];
    expect(await row()).toContain('href="tel:+32470112233"');

    // Taken over with Sofie's agreement: the next step is no longer a call, but Tom has no e-mail address.
    recordContactAttempt(
      t.db,
      actor,
      {
        caseId: kase.id,
        version: 1,
        ownerId: sofie!.id,
        means: 'phone',
        outcome: 'reached_owner_agrees',
      },
      t.clock.now,
    );
    const taken = await row();
    expect(taken).toContain('Beheerders: 0 van 2 berichten verstuurd, 0 bevestigd');
    expect(taken).toContain('Niet bezorgd, bel: Tom Peeters');
    expect(taken).toContain('Nog niet bevestigd: Sofie Janssens');
    expect(taken).toContain('href="tel:+32470445566"');
    expect(taken).toContain(`href="/crises/${crisis.id}/cases/${kase.id}#notices"`);
    const casePage = (await b.get(`/crises/${crisis.id}/cases/${kase.id}`)).text_;
    expect(casePage).toContain('id="notices"');

    // Once Tom is reachable by e-mail and every notice went out, the board names the owners without numbers.
    t.db.update(notifications).set({ status: 'sent', sentAt: t.clock.now.toISOString() }).run();
    t.clock.advance(MIN); // a new minute, a new rendering (the update above is not an audit event)
    const quiet = await row();
    expect(quiet).not.toContain('tel:');
    expect(quiet).toContain('Tom Peeters');
    expect(quiet).toContain('Nog niet bevestigd: Sofie Janssens, Tom Peeters');
    expect(quiet).not.toContain('Niet bezorgd');
  });

  it("lists a closed case with nothing left open under the table, and keeps one with an owner's reply in it", async () => {
    const t = await setup();
    const {
      crisis,
      kase,
      actor,
      owners: [owner],
    } = await caseWith(t, [{ name: 'Sofie Janssens' }]);
    const b = await t.as(['crisis_operator']);
    const board = async () => (await b.get(`/crises/${crisis.id}/board`)).text_;
    recordContactAttempt(
      t.db,
      actor,
      {
        caseId: kase.id,
        version: 1,
        ownerId: owner!.id,
        means: 'phone',
        outcome: 'reached_owner_handles',
      },
      t.clock.now,
    );
    const settled = await board();
    expect(settled).not.toContain(`<tr id="case-${kase.id}"`);
    expect(settled).toMatch(
      new RegExp(
        `<summary>Afgesloten, niets meer open \\(1\\)</summary>.*href="/crises/${crisis.id}/cases/${kase.id}".*Beheerder handelt zelf`,
        's',
      ),
    );

    const ownerUser = await t.user(['owner']);
    t.db.update(owners).set({ userId: ownerUser.id }).where(eq(owners.id, owner!.id)).run();
    expect(
      replyToCase(
        t.db,
        { userId: ownerUser.id, role: 'owner' },
        kase.id,
        'Ik post zelf om 15 uur',
        t.clock.now,
      ).ok,
    ).toBe(true);
    const replied = await board();
    expect(replied).toContain(`<tr id="case-${kase.id}"`);
    expect(replied).toContain('Ik post zelf om 15 uur');
    expect(replied).not.toContain('Afgesloten, niets meer open');
  });

  it('says the acute countdown and an overdue owner contact in words, without script', async () => {
    const t = await setup();
    const { crisis, kase, actor } = await caseWith(t);
    const other = channel(t, [{}]).channel;
    const added = addChannelsToCrisis(
      t.db,
      actor,
      { crisisId: crisis.id, channelIds: [other.id] },
      t.clock.now,
    );
    const second = added.ok ? added.value.added[0]! : null;
    authoriseAcute(
      t.db,
      actor,
      {
        caseId: kase.id,
        version: 1,
        justification: 'Evacuatie melden',
        deadline: new Date(t.clock.now.getTime() + 45 * MIN),
      },
      t.clock.now,
      t.config.rules,
    );
    authoriseConflicting(
      t.db,
      actor,
      {
        caseId: second!.id,
        version: 1,
        postState: 'online',
        postRef: 'p',
        conflict: 'c',
        action: 'taken_offline',
      },
      t.clock.now,
      t.config.rules,
    );
    t.clock.advance(35 * MIN);
    const b = await t.as(['crisis_operator']);
    const html = (await b.get(`/crises/${crisis.id}`)).text_;
    expect(html).toContain('Bericht moet uit vóór 14:45: nog 10 min.');
    expect(html).toContain('data-deadline="2026-11-25T13:45:00.000Z"');
    expect(html).toContain('TE LAAT: de beheerder had om 14:30 gecontacteerd moeten zijn.');
    expect(html).toContain('Acuut bericht publiceren');
  });

  it('puts a case whose next contact attempt is overdue first, says so in its row and counts it', async () => {
    const t = await setup();
    const {
      crisis,
      kase,
      actor,
      channel: late,
      owners,
    } = await caseWith(t, [{ name: 'Zoë Late' }]);
    const quiet = channel(t, [{}], 'Aaa Stil').channel;
    addChannelsToCrisis(t.db, actor, { crisisId: crisis.id, channelIds: [quiet.id] }, t.clock.now);
    recordContactAttempt(
      t.db,
      actor,
      { caseId: kase.id, version: 1, ownerId: owners[0]!.id, means: 'phone', outcome: 'no_answer' },
      t.clock.now,
    );
    const b = await t.as(['crisis_operator']);
    const onTime = (await b.get(`/crises/${crisis.id}`)).text_;
    expect(onTime).not.toContain('Te laat');
    // On time, the two contacting rows stand by name.
    expect(onTime.indexOf('Aaa Stil')).toBeLessThan(onTime.indexOf(late.name));

    // The escalation step (5 min) has passed since the last attempt, by 4 minutes.
    t.clock.advance(9 * MIN);
    const board = loadBoard(t.db, crisis.id, t.clock.now, t.config.rules)!;
    expect(board.rows.map((r) => r.late?.kind ?? null)).toEqual(['attempt', null]);
    expect(board.late).toBe(1);
    const html = (await b.get(`/crises/${crisis.id}`)).text_;
    expect(html).toContain('1 te laat');
    // Two channels of one name are told apart by a platform label beside the name.
    expect(html).toContain('<strong class="platform-label">Facebookpagina</strong>');
    expect(html).toContain('class="row-late"');
    expect(html).toContain('volgende contactpoging 4 min te laat: Zoë Late via sms.');
    expect(html.indexOf(late.name)).toBeLessThan(html.indexOf('Aaa Stil'));
    // Its next step lands on the case page's next-step box, which says whom to try now.
    expect(html).toContain(`href="/crises/${crisis.id}/cases/${kase.id}#next"`);
    const page = (await b.get(`/crises/${crisis.id}/cases/${kase.id}`)).text_;
    const box = page.slice(page.indexOf('id="next"'), page.indexOf('id="owners"'));
    expect(box).toContain('Zoë Late');
  });

  it('loads a board of 300 channels in the same handful of queries as a board of 3', async () => {
    const t = await setup();
    const { crisis, actor } = await caseWith(t);
    const addChannels = (n: number) => {
      const ids = Array.from({ length: n }, () => channel(t, [{}, {}]).channel.id);
      addChannelsToCrisis(t.db, actor, { crisisId: crisis.id, channelIds: ids }, t.clock.now);
    };
    // Executions, not compilations: a statement prepared once and run per row (an N+1 loop over
    // a cached `prepared` query) is counted every time it runs.
    const queriesFor = (ctx: TestContext) => {
      let n = 0;
      const proto = Object.getPrototypeOf(ctx.sqlite.prepare('SELECT 1')) as Record<
        string,
        (...args: unknown[]) => unknown
      >;
      const originals = (['all', 'get', 'run', 'iterate'] as const).map((name) => {
        const original = proto[name]!;
        proto[name] = function (this: unknown, ...args: unknown[]) {
          n += 1;
          return original.apply(this, args);
        };
        return [name, original] as const;
      });
      try {
        const board = loadBoard(ctx.db, crisis.id, ctx.clock.now, ctx.config.rules)!;
        return { n, rows: board.rows.length };
      } finally {
        for (const [name, original] of originals) proto[name] = original;
      }
    };
    addChannels(2);
    const small = queriesFor(t);
    addChannels(297);
    const large = queriesFor(t);
    expect(small.rows).toBe(3);
    expect(large.rows).toBe(300);
    expect(large.n).toBe(small.n);
    expect(large.n).toBeLessThanOrEqual(10);
  });
});

describe('two operators on one case', () => {
  it('lets exactly one of two simultaneous steps through and tells the other what changed', async () => {
    const t = await setup();
    const { crisis, kase, owners } = await caseWith(t, [{ name: 'Sofie Janssens' }]);
    const one = await t.as(['crisis_operator'], 'Jef Peeters');
    const two = await t.as(['crisis_operator'], 'Ahmed El Amrani');
    const url = `/crises/${crisis.id}/cases/${kase.id}`;
    await Promise.all([one.get(url), two.get(url)]);
    const [a, b] = await Promise.all([
      one.post(`${url}/attempts`, {
        version: '1',
        ownerId: String(owners[0]!.id),
        means: 'phone',
        outcome: 'reached_owner_agrees',
        confirm: '1',
      }),
      two.post(`${url}/acute`, {
        version: '1',
        justification: 'Oproep ramen en deuren dicht',
        deadline: '2026-11-25T14:30',
      }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([303, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.text_).toContain('Iemand anders heeft dit intussen gewijzigd.');
    expect(loser.text_).toMatch(
      /Laatste wijziging: (Overname toegestaan|Contactpoging) door (Jef Peeters|Ahmed El Amrani)/,
    );
    const row = t.db.select().from(takeoverCases).get()!;
    expect(row).toMatchObject({ state: 'active', version: 2 });
    expect(t.db.select().from(contactAttempts).all().length).toBe(a.status === 303 ? 1 : 0);
    expect(verifyChain(t.db).ok).toBe(true);
  });

  it("keeps the loser's input on the re-rendered form with the new version, so nothing typed is lost", async () => {
    const t = await setup();
    const { crisis, kase, owners } = await caseWith(t);
    const b = await t.as(['crisis_operator']);
    const url = `/crises/${crisis.id}/cases/${kase.id}`;
    await b.post(`${url}/attempts`, {
      version: '1',
      ownerId: String(owners[0]!.id),
      means: 'phone',
      outcome: 'no_answer',
    });
    const stale = await b.post(
      `${url}/acute`,
      {
        version: '1',
        justification: 'Wegen naar het centrum afgesloten',
        deadline: '2026-11-25T14:30',
      },
      { 'HX-Request': 'true' },
    );
    expect(stale.status).toBe(409);
    expect(stale.text_).toContain('Wegen naar het centrum afgesloten</textarea>');
    expect(stale.text_).toContain('name="version" value="2"');
    expect(stale.text_).toMatch(/^<section id="case"/);
  });
});

describe('the case page', () => {
  it("shows each owner's contact details in order with the attempt buttons, and proposes now + 60 as the acute deadline", async () => {
    const t = await setup();
    const { crisis, kase } = await caseWith(t, [
      { name: 'Eerste Beheerder', phone: '+32 470 11 22 33', email: 'eerste@test.invalid' },
      { name: 'Back-up Beheerder', phone: null, email: 'backup@test.invalid' },
    ]);
    const b = await t.as(['crisis_operator']);
    const html = (await b.get(`/crises/${crisis.id}/cases/${kase.id}`)).text_;
    expect(html.indexOf('Eerste Beheerder')).toBeLessThan(html.indexOf('Back-up Beheerder'));
    expect(html).toContain('href="tel:+32470112233"');
    expect(html).toContain('value="reached_owner_agrees"');
    expect(html).toContain('name="deadline" type="datetime-local" value="2026-11-25T15:00"');
  });

  it("reads a case's history among its channel's events, not among all of its crisis's", async () => {
    const t = await setup();
    const {
      crisis,
      kase,
      actor,
      owners: [owner],
    } = await caseWith(t, [{ name: 'Sofie Janssens' }]);
    const {
      channel: busy,
      owners: [busyOwner],
    } = channel(t);
    const other = addChannelsToCrisis(
      t.db,
      actor,
      { crisisId: crisis.id, channelIds: [busy.id] },
      t.clock.now,
    );
    if (!other.ok) throw new Error(other.error);
    for (let version = 1; version <= 3; version++) {
      recordContactAttempt(
        t.db,
        actor,
        {
          caseId: other.value.added[0]!.id,
          version,
          ownerId: busyOwner!.id,
          means: 'phone',
          outcome: 'no_answer',
        },
        t.clock.now,
      );
    }
    recordContactAttempt(
      t.db,
      actor,
      { caseId: kase.id, version: 1, ownerId: owner!.id, means: 'phone', outcome: 'voicemail' },
      t.clock.now,
    );
    expect(timeline(t.db, { caseId: kase.id }).map((e) => e.action)).toEqual([
      'case.added',
      'case.contact_attempt',
    ]);
    const { sql, params } = historyQuery(t.db, { caseId: kase.id }).toSQL();
    const plan = (
      t.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]
    )
      .map((r) => r.detail)
      .join(' | ');
    expect(plan).toContain('SEARCH audit_events USING INDEX audit_channel');
    expect(plan).not.toContain('audit_crisis');
  });

  it('refuses a case of another crisis in the address', async () => {
    const t = await setup();
    const first = await caseWith(t);
    const second = await caseWith(t);
    const b = await t.as(['crisis_operator']);
    expect((await b.get(`/crises/${first.crisis.id}/cases/${second.kase.id}`)).status).toBe(404);
    const res = await b.post(`/crises/${first.crisis.id}/cases/${second.kase.id}/unreachable`, {
      version: '1',
    });
    expect(res.status).toBe(404);
  });
});
