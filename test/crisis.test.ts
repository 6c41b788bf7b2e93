// Crises through the pages: declare, the Article 2 gate, roles, adding channels, the timeline,
// exercises and closing.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, crises, holds, notifications, takeoverCases } from '../db/schema';
import { verifyChain } from '../src/domain/audit/trail';
import { timeline as timelineOf } from '../src/domain/crisis/case-view';
import { authoriseConflicting } from '../src/domain/crisis/takeover';
import { caseWith, channel } from './crisis-fixtures';
import { setup } from './helpers';

const declare = {
  title: 'Brand in de Warande',
  description: 'Rookwolk boven het centrum',
  startedAt: '2026-11-25T13:40',
  impact: 'major',
};

describe('declaring a crisis', () => {
  it('lets an operator declare a crisis, and refuses takeovers until the crisis cell is recorded', async () => {
    const t = await setup();
    const b = await t.as(['crisis_operator']);
    const res = await b.post('/crises', declare);
    expect(res.status).toBe(303);
    const crisis = t.db.select().from(crises).get()!;
    const page = await b.get(`/crises/${crisis.id}`);
    expect(page.text_).toContain('Crisis &quot;Brand in de Warande&quot; afgekondigd.');
    // An empty board's primary action is adding the affected channels.
    expect(page.text_).toContain(`class="button primary" href="/crises/${crisis.id}/channels"`);
    expect(page.text_).toContain(
      'Artikel 2 geldt alleen voor grote crisissen of crisissen met grote impact waarbij de crisiscel betrokken is.',
    );

    const { channel: ch, owners } = channel(t, [{}]);
    await b.post(`/crises/${crisis.id}/channels`, { channelIds: String(ch.id) });
    const kase = t.db.select().from(takeoverCases).get()!;
    const refused = await b.post(`/crises/${crisis.id}/cases/${kase.id}/attempts`, {
      version: '1',
      ownerId: String(owners[0]!.id),
      means: 'phone',
      outcome: 'reached_owner_agrees',
      note: '',
    });
    expect(refused.status).toBe(422);
    expect(refused.text_).toContain('Artikel 2 geldt alleen');
    expect(t.db.select().from(takeoverCases).get()!.state).toBe('contacting');

    const cell = await b.post(`/crises/${crisis.id}/cell`, {
      version: '1',
      impact: 'major',
      crisisCellLead: 'Burgemeester Van Hoof',
      crisisCellConvenedAt: '2026-11-25T13:55',
      crisisCellDecisionRef: 'CC-14',
    });
    expect(cell.status).toBe(303);
    const open = await b.get(`/crises/${crisis.id}`);
    expect(open.text_).toContain('Artikel 2 is van toepassing');
    expect(open.text_).toContain('Crisiscel onder leiding van Burgemeester Van Hoof');
  });

  it('explains bad input field by field and writes nothing', async () => {
    const t = await setup();
    const b = await t.as(['communicatie']);
    const res = await b.post('/crises', {
      ...declare,
      title: '',
      startedAt: 'gisteren',
      crisisCellLead: 'Burgemeester',
    });
    expect(res.status).toBe(422);
    expect(res.text_).toContain('Dit veld is verplicht.');
    expect(res.text_).toContain('Geef een geldige datum en tijd');
    const future = await b.post('/crises', { ...declare, startedAt: '2026-11-25T16:00' });
    expect(future.text_).toContain('Dit tijdstip ligt in de toekomst.');
    expect(t.db.select().from(crises).all()).toHaveLength(0);
  });

  it('refuses owners: only crisis operators and Communicatie act', async () => {
    const t = await setup();
    const owner = await t.as(['owner']);
    expect((await owner.get('/crises')).status).toBe(403);
    expect((await owner.post('/crises', declare)).status).toBe(403);
    expect(t.db.select().from(crises).all()).toHaveLength(0);
  });

  it('shows an EXERCISE banner on every page of an exercise crisis and marks its notices', async () => {
    const t = await setup();
    const b = await t.as(['crisis_operator']);
    await b.post('/crises', {
      ...declare,
      isExercise: 'on',
      crisisCellLead: 'Burgemeester',
      crisisCellConvenedAt: '2026-11-25T13:45',
    });
    const crisis = t.db.select().from(crises).get()!;
    expect(crisis.isExercise).toBe(true);
    const { channel: ch } = channel(t, [{}]);
    await b.post(`/crises/${crisis.id}/channels`, { channelIds: String(ch.id) });
    const kase = t.db.select().from(takeoverCases).get()!;
    for (const path of [
      `/crises/${crisis.id}`,
      `/crises/${crisis.id}/cases/${kase.id}`,
      `/crises/${crisis.id}/timeline`,
    ]) {
      expect((await b.get(path)).text_).toContain('class="banner-exercise"');
    }
    authoriseConflicting(
      t.db,
      { userId: 1, role: 'crisis_operator' },
      {
        caseId: kase.id,
        version: 1,
        postState: 'online',
        postRef: 'p1',
        conflict: 'x',
        action: 'taken_offline',
      },
      t.clock.now,
      t.config.rules,
    );
    expect(
      t.db
        .select()
        .from(notifications)
        .all()
        .every((n) => n.isExercise),
    ).toBe(true);
  });
});

describe('channels, operators and timeline', () => {
  it('adds several channels at once, found by department, and skips those already in the crisis', async () => {
    const t = await setup();
    const b = await t.as(['crisis_operator']);
    await b.post('/crises', declare);
    const crisis = t.db.select().from(crises).get()!;
    const a = channel(t, [{}], 'Sportdienst Facebook').channel;
    const c2 = channel(t, [{}], 'Zwembad Instagram').channel;
    const search = await b.get(`/crises/${crisis.id}/channels?q=Sportdienst`);
    expect(search.text_).toContain('Sportdienst Facebook');
    expect(search.text_).not.toContain('Zwembad Instagram');
    const res = await b.post(`/crises/${crisis.id}/channels`, {
      channelIds: [String(a.id), String(c2.id)],
    });
    expect(res.status).toBe(303);
    expect(t.db.select().from(takeoverCases).all()).toHaveLength(2);
    const again = await b.post(`/crises/${crisis.id}/channels`, { channelIds: String(a.id) });
    expect(again.status).toBe(303);
    expect(t.db.select().from(takeoverCases).all()).toHaveLength(2);
    const none = await b.post(`/crises/${crisis.id}/channels`, {});
    expect(none.status).toBe(422);
    expect(none.text_).toContain('Kies minstens één kanaal.');
  });

  it('finds a channel to add whatever its accents and capitals, as the channel list does', async () => {
    const t = await setup();
    const b = await t.as(['crisis_operator']);
    await b.post('/crises', declare);
    const crisis = t.db.select().from(crises).get()!;
    channel(t, [{}], 'Zwémbad Hélène');
    channel(t, [{}], 'Sporthal Noord');
    const plain = (
      await b.get(`/crises/${crisis.id}/channels?q=${encodeURIComponent('ZWEMBAD helene')}`)
    ).text_;
    expect(plain).toContain('Zwémbad Hélène');
    expect(plain).not.toContain('Sporthal Noord');
    const accented = (
      await b.get(`/crises/${crisis.id}/channels?q=${encodeURIComponent('spórthal')}`)
    ).text_;
    expect(accented).toContain('Sporthal Noord');
    expect(accented).not.toContain('Zwémbad Hélène');
  });

  it('lets operators join once and lists them; the timeline shows what happened', async () => {
    const t = await setup();
    const first = await t.as(['crisis_operator'], 'Jef Peeters');
    const second = await t.as(['communicatie'], 'Lotte Van den Broeck');
    await first.post('/crises', declare);
    const crisis = t.db.select().from(crises).get()!;
    await second.post(`/crises/${crisis.id}/join`);
    await second.post(`/crises/${crisis.id}/join`);
    const board = await first.get(`/crises/${crisis.id}`);
    expect(board.text_).toMatch(/Operatoren:<\/strong> Jef Peeters, Lotte Van den Broeck/);
    const joins = t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'crisis.operator_joined'))
      .all();
    expect(joins).toHaveLength(2);
    const timeline = await first.get(`/crises/${crisis.id}/timeline`);
    expect(timeline.text_).toContain('Crisis afgekondigd');
    expect(timeline.text_).toContain('Operator neemt deel');
    const all = timelineOf(t.db, { crisisId: crisis.id }).map((e) => e.seq);
    expect(timelineOf(t.db, { crisisId: crisis.id }, 2).map((e) => e.seq)).toEqual(all.slice(-2));
  });
});

describe('closing a crisis', () => {
  it('is blocked by open cases and holds, and closes with an override reason that is audited', async () => {
    const t = await setup();
    const { crisis, kase, actor } = await caseWith(t);
    authoriseConflicting(
      t.db,
      actor,
      {
        caseId: kase.id,
        version: 1,
        postState: 'online',
        postRef: 'https://x.test/p/9',
        conflict: 'Oude info',
        action: 'taken_offline',
      },
      t.clock.now,
      t.config.rules,
    );
    const b = await t.as(['crisis_operator']);
    const page = await b.get(`/crises/${crisis.id}/close`);
    expect(page.text_).toContain('Nog 1 kanaal niet afgesloten en 1 blokkering niet vrijgegeven.');
    const blocked = await b.post(`/crises/${crisis.id}/close`, {
      version: String(crisis.version),
      overrideReason: '',
    });
    expect(blocked.status).toBe(422);
    expect(t.db.select().from(crises).get()!.status).toBe('open');
    const closed = await b.post(`/crises/${crisis.id}/close`, {
      version: String(crisis.version),
      overrideReason: 'Kanaal blijft bij Communicatie tot maandag',
    });
    expect(closed.status).toBe(303);
    expect(t.db.select().from(crises).get()).toMatchObject({
      status: 'closed',
      closeOverrideReason: 'Kanaal blijft bij Communicatie tot maandag',
    });
    const event = t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'crisis.closed'))
      .get()!;
    expect(JSON.parse(event.details)).toMatchObject({ openCases: 1, openHolds: 1, override: true });
    expect(
      t.db.select().from(notifications).where(eq(notifications.event, 'crisis_closed')).all(),
    ).toHaveLength(1);
    expect(t.db.select().from(holds).get()!.releasedAt).toBeNull();
    expect(verifyChain(t.db).ok).toBe(true);
  });

  it('closes without a reason once everything is handed back', async () => {
    const t = await setup();
    const { crisis, kase, owners } = await caseWith(t);
    const b = await t.as(['crisis_operator']);
    await b.post(`/crises/${crisis.id}/cases/${kase.id}/attempts`, {
      version: '1',
      ownerId: String(owners[0]!.id),
      means: 'phone',
      outcome: 'reached_owner_handles',
    });
    const closed = await b.post(`/crises/${crisis.id}/close`, { version: '1' });
    expect(closed.status).toBe(303);
    expect(t.db.select().from(crises).get()).toMatchObject({
      status: 'closed',
      closeOverrideReason: null,
    });
  });
});
