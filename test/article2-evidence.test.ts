// Article 2 evidence that cannot be gamed: an attempt by a means the owner does not have, four
// taps in a minute, a time typed before the crisis, a one-letter reason. Each is refused with a
// message and writes nothing; the page offers only what the rule accepts.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, contactAttempts } from '../db/schema';
import {
  addChannelsToCrisis,
  closeCrisis,
  declareCrisis,
  recordCrisisCell,
} from '../src/domain/crisis/crises';
import {
  authoriseAcute,
  authoriseUnreachable,
  recordContactAttempt,
} from '../src/domain/crisis/takeover';
import { toBrusselsLocal } from '../src/i18n/format';
import { actorOf, caseWith, channel } from './crisis-fixtures';
import { Browser, setup, type TestContext } from './helpers';

const MIN = 60_000;
const HOUR = 60 * MIN;
const eventCount = (t: TestContext) => t.db.select().from(auditEvents).all().length;

async function signedIn(t: TestContext, email: string) {
  const b = new Browser(t.app);
  await b.signIn(email);
  return b;
}

describe('the means an attempt uses', () => {
  it('refuses a call to an owner without a phone number, naming the means the registry gives', async () => {
    const t = await setup();
    const w = await caseWith(t, [{ name: 'Zonder Gsm', phone: null }]);
    const before = eventCount(t);
    const ref = { caseId: w.kase.id, version: 1, ownerId: w.owners[0]!.id };
    for (const means of ['phone', 'sms', 'chat'] as const) {
      const r = recordContactAttempt(
        t.db,
        w.actor,
        { ...ref, means, outcome: 'no_answer' },
        t.clock.now,
      );
      expect(r).toMatchObject({
        ok: false,
        error: 'case.attempt.meansUnavailable',
        field: 'means',
        params: { owner: 'Zonder Gsm', means: 'email,in_person' },
      });
    }
    expect(eventCount(t)).toBe(before);
    const b = await signedIn(t, w.user.email);
    const res = await b.post(`/crises/${w.crisis.id}/cases/${w.kase.id}/attempts`, {
      ...Object.fromEntries(Object.entries(ref).map(([k, v]) => [k, String(v)])),
      means: 'phone',
      outcome: 'no_answer',
    });
    expect(res.status).toBe(422);
    expect(res.text_).toContain('Het register geeft voor Zonder Gsm alleen: e-mail, persoonlijk');
  });

  it('offers on the case page only the means the owner has', async () => {
    const t = await setup();
    const w = await caseWith(t, [{ phone: null, altContact: 'Teams: @jan' }]);
    const b = await signedIn(t, w.user.email);
    const page = (await b.get(`/crises/${w.crisis.id}/cases/${w.kase.id}`)).text_;
    const select = /<select id="f-means-\d+" name="means">([\s\S]*?)<\/select>/.exec(page)![1]!;
    expect([...select.matchAll(/value="(\w+)"/g)].map((m) => m[1])).toEqual([
      'email',
      'chat',
      'in_person',
    ]);
  });
});

describe('pacing of the owner chain', () => {
  const twoOwners = (t: TestContext) => caseWith(t, [{ name: 'Eerste' }, { name: 'Tweede' }]);

  it('refuses owner_unreachable after four taps within a minute, with the time still to wait, while acute stays available', async () => {
    const t = await setup();
    const w = await twoOwners(t);
    let version = 1;
    for (const owner of w.owners)
      for (const means of ['phone', 'email'] as const) {
        const r = recordContactAttempt(
          t.db,
          w.actor,
          { caseId: w.kase.id, version, ownerId: owner.id, means, outcome: 'no_answer' },
          t.clock.now,
        );
        if (!r.ok) throw new Error(r.error);
        version = r.value.case.version;
        t.clock.advance(15_000);
      }
    const refused = authoriseUnreachable(
      t.db,
      w.actor,
      { caseId: w.kase.id, version },
      t.clock.now,
      t.config.rules,
    );
    expect(refused).toMatchObject({
      ok: false,
      error: 'case.unreachable.tooSoon',
      params: { span: 0, needed: 5, wait: 4 },
    });
    const b = await signedIn(t, w.user.email);
    const page = (await b.get(`/crises/${w.crisis.id}/cases/${w.kase.id}`)).text_;
    expect(page).toContain('Nog 4 min (tot 14:05), dan een nieuwe poging.');
    expect(page).not.toContain('Overnemen: beheerder onbereikbaar</button>');
    const acute = authoriseAcute(
      t.db,
      w.actor,
      {
        caseId: w.kase.id,
        version,
        justification: 'Evacuatie Grote Markt moet nu gemeld worden',
        deadline: new Date(t.clock.now.getTime() + 30 * MIN),
      },
      t.clock.now,
      t.config.rules,
    );
    expect(acute.ok).toBe(true);
  });

  it('grants owner_unreachable once a further failed attempt lies the step time after the first', async () => {
    const t = await setup();
    const w = await twoOwners(t);
    let version = 1;
    const attempt = (ownerId: number, means: 'phone' | 'email') => {
      const r = recordContactAttempt(
        t.db,
        w.actor,
        { caseId: w.kase.id, version, ownerId, means, outcome: 'no_answer' },
        t.clock.now,
      );
      if (!r.ok) throw new Error(r.error);
      version = r.value.case.version;
    };
    for (const owner of w.owners)
      for (const means of ['phone', 'email'] as const) attempt(owner.id, means);
    t.clock.advance(5 * MIN);
    const waited = authoriseUnreachable(
      t.db,
      w.actor,
      { caseId: w.kase.id, version },
      t.clock.now,
      t.config.rules,
    );
    expect(waited).toMatchObject({ ok: false, error: 'case.unreachable.needsLaterAttempt' });
    attempt(w.owners[1]!.id, 'phone');
    const granted = authoriseUnreachable(
      t.db,
      w.actor,
      { caseId: w.kase.id, version },
      t.clock.now,
      t.config.rules,
    );
    expect(granted.ok && granted.value.basis).toBe('owner_unreachable');
    const event = t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'case.authorised'))
      .get()!;
    expect(JSON.parse(event.details)).toMatchObject({
      finding: 'all_tried',
      pacing: { spanMinutes: 5, neededMinutes: 5 },
      chain: [{ ownerName: 'Eerste' }, { ownerName: 'Tweede' }],
    });
  });
});

describe('the times an attempt and the crisis cell carry', () => {
  it('logs an attempt made from a page loaded a minute earlier at the moment of the tap', async () => {
    const t = await setup();
    const w = await caseWith(t);
    const b = await signedIn(t, w.user.email);
    const page = (await b.get(`/crises/${w.crisis.id}/cases/${w.kase.id}`)).text_;
    const typed = /name="attemptedAt" [^>]*value="([^"]*)"/.exec(page)?.[1] ?? '';
    t.clock.advance(MIN);
    const res = await b.post(`/crises/${w.crisis.id}/cases/${w.kase.id}/attempts`, {
      version: '1',
      ownerId: String(w.owners[0]!.id),
      means: 'phone',
      outcome: 'no_answer',
      attemptedAt: typed,
    });
    expect(res.status).toBe(303);
    expect(t.db.select().from(contactAttempts).get()!.attemptedAt).toBe(t.clock.now.toISOString());
  });

  it('refuses an attempt time typed before the crisis started or before the case was added', async () => {
    const t = await setup();
    const w = await caseWith(t);
    t.clock.advance(HOUR);
    const ref = {
      caseId: w.kase.id,
      version: 1,
      ownerId: w.owners[0]!.id,
      means: 'phone' as const,
    };
    const at = (ms: number) => new Date(Date.parse(w.crisis.startedAt) + ms);
    const early = recordContactAttempt(
      t.db,
      w.actor,
      { ...ref, outcome: 'no_answer', attemptedAt: at(-MIN) },
      t.clock.now,
    );
    expect(early).toMatchObject({
      ok: false,
      error: 'case.attempt.beforeCrisis',
      field: 'attemptedAt',
    });
    const later = channel(t);
    const added = addChannelsToCrisis(
      t.db,
      w.actor,
      { crisisId: w.crisis.id, channelIds: [later.channel.id] },
      t.clock.now,
    );
    if (!added.ok) throw new Error(added.error);
    const beforeCase = recordContactAttempt(
      t.db,
      w.actor,
      {
        caseId: added.value.added[0]!.id,
        version: 1,
        ownerId: later.owners[0]!.id,
        means: 'phone',
        outcome: 'no_answer',
        attemptedAt: at(30 * MIN),
      },
      t.clock.now,
    );
    expect(beforeCase).toMatchObject({ ok: false, error: 'case.attempt.beforeCase' });
    expect(t.db.select().from(contactAttempts).all()).toHaveLength(0);
  });

  it('refuses a crisis cell convened thirty days before the crisis started, saying why', async () => {
    const t = await setup();
    const actor = actorOf(await t.user(['crisis_operator']));
    const declared = declareCrisis(
      t.db,
      actor,
      {
        title: 'Brand',
        startedAt: t.clock.now,
        impact: 'major',
        crisisCell: {
          lead: 'Burgemeester',
          convenedAt: new Date(t.clock.now.getTime() - 30 * 24 * HOUR),
        },
      },
      t.clock.now,
      t.config.rules,
    );
    expect(declared).toMatchObject({
      ok: false,
      error: 'crisis.cell.tooEarly',
      field: 'crisisCellConvenedAt',
      params: { before: 24 },
    });
    const crisis = declareCrisis(
      t.db,
      actor,
      { title: 'Brand', startedAt: t.clock.now, impact: 'major' },
      t.clock.now,
      t.config.rules,
    );
    if (!crisis.ok) throw new Error(crisis.error);
    const cell = recordCrisisCell(
      t.db,
      actor,
      {
        crisisId: crisis.value.id,
        version: crisis.value.version,
        impact: 'major',
        lead: 'Burgemeester',
        convenedAt: new Date(t.clock.now.getTime() - 25 * HOUR),
      },
      t.clock.now,
      t.config.rules,
    );
    expect(cell).toMatchObject({ ok: false, error: 'crisis.cell.tooEarly' });
    const b = await t.as(['crisis_operator']);
    const res = await b.post('/crises', {
      title: 'Brand',
      startedAt: toBrusselsLocal(t.clock.now),
      impact: 'major',
      crisisCellLead: 'Burgemeester',
      crisisCellConvenedAt: toBrusselsLocal(new Date(t.clock.now.getTime() - 30 * 24 * HOUR)),
    });
    expect(res.status).toBe(422);
    expect(res.text_).toContain('meer dan 24 uur vóór de start van de crisis');
  });
});

describe('written reasons', () => {
  it('refuses an acute justification of one letter or only punctuation', async () => {
    const t = await setup();
    const w = await caseWith(t);
    for (const [justification, error] of [
      ['x', 'case.acute.justificationTooShort'],
      ['  kort  ', 'case.acute.justificationTooShort'],
      ['..........', 'case.acute.justificationRequired'],
    ] as const) {
      const r = authoriseAcute(
        t.db,
        w.actor,
        {
          caseId: w.kase.id,
          version: 1,
          justification,
          deadline: new Date(t.clock.now.getTime() + 30 * MIN),
        },
        t.clock.now,
        t.config.rules,
      );
      expect(r).toMatchObject({ ok: false, error, field: 'justification' });
    }
  });

  it('refuses an override reason of one letter when closing a crisis with open items', async () => {
    const t = await setup();
    const w = await caseWith(t);
    for (const overrideReason of ['x', '!!!!!!!!!!!!']) {
      const r = closeCrisis(
        t.db,
        w.actor,
        { crisisId: w.crisis.id, version: w.crisis.version, overrideReason },
        t.clock.now,
      );
      expect(r).toMatchObject({
        ok: false,
        error: 'crisis.close.overrideTooShort',
        field: 'overrideReason',
      });
    }
    const closed = closeCrisis(
      t.db,
      w.actor,
      {
        crisisId: w.crisis.id,
        version: w.crisis.version,
        overrideReason: 'Kanaal wordt morgen afgehandeld',
      },
      t.clock.now,
    );
    expect(closed.ok).toBe(true);
  });
});

describe('the authorising outcome', () => {
  it('asks for a second tap on the same spot before "reached, agrees" authorises a takeover, without script', async () => {
    const t = await setup();
    const w = await caseWith(t);
    const b = await signedIn(t, w.user.email);
    const url = `/crises/${w.crisis.id}/cases/${w.kase.id}`;
    const page = (await b.get(url)).text_;
    expect(page).toMatch(/<button type="submit" name="outcome" value="reached_owner_agrees">/);
    const tap = { version: '1', ownerId: String(w.owners[0]!.id), means: 'phone' };
    const first = await b.post(`${url}/attempts`, { ...tap, outcome: 'reached_owner_agrees' });
    expect(first.status).toBe(422);
    expect(first.text_).toContain('Tik nog eens op dezelfde plaats');
    expect(first.text_).toContain('Bevestig: bereikt, akkoord met overname');
    expect(first.text_).toContain('name="confirm" value="1"');
    expect(t.db.select().from(contactAttempts).all()).toHaveLength(0);
    const second = await b.post(`${url}/attempts`, {
      ...tap,
      outcome: 'reached_owner_agrees',
      confirm: '1',
    });
    expect(second.status).toBe(303);
    expect(t.db.select().from(contactAttempts).get()!.outcome).toBe('reached_owner_agrees');
  });
});
