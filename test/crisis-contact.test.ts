// The crisis's contact (whom owners call: the crisis cell's Communicatie desk) is entered when
// declaring or recording the crisis cell, checked, carried by the API, and named in every notice.
import { describe, expect, it } from 'vitest';
import { auditEvents, crises, notifications } from '../db/schema';
import { authoriseAcute } from '../src/domain/crisis/takeover';
import { actorOf, channel } from './crisis-fixtures';
import { apiAs } from './fixtures/api-client';
import { setup } from './helpers';
import { addChannelsToCrisis } from '../src/domain/crisis/crises';

const declare = {
  title: 'Brand in de Warande',
  startedAt: '2026-11-25T13:40',
  impact: 'major',
  crisisCellLead: 'Burgemeester',
  crisisCellConvenedAt: '2026-11-25T13:50',
};
const contact = { contactName: 'Jan Peeters', contactPhone: '014 44 22 11' };

describe('the crisis contact', () => {
  it('names the contact from the declaration, with its phone, in every owner notice', async () => {
    const t = await setup();
    const b = await t.as(['crisis_operator']);
    expect((await b.post('/crises', { ...declare, ...contact })).status).toBe(303);
    const crisis = t.db.select().from(crises).get()!;
    expect(crisis).toMatchObject({ contactName: 'Jan Peeters', contactPhone: '014 44 22 11' });
    const { channel: ch } = channel(t, [{}]);
    const user = (await t.user(['crisis_operator']))!;
    const added = addChannelsToCrisis(
      t.db,
      actorOf(user),
      { crisisId: crisis.id, channelIds: [ch.id] },
      t.clock.now,
    );
    const kase = added.ok ? added.value.added[0]! : null;
    const taken = authoriseAcute(
      t.db,
      actorOf(user),
      {
        caseId: kase!.id,
        version: kase!.version,
        justification: 'De buurt moet nu horen dat de school dicht is.',
        deadline: new Date(t.clock.now.getTime() + 30 * 60_000),
      },
      t.clock.now,
      t.config.rules,
    );
    expect(taken.ok).toBe(true);
    const notice = t.db.select().from(notifications).get()!;
    expect(notice.body).toContain(
      'Vragen? Neem contact op met Jan Peeters (dienst Communicatie in de crisiscel), tel. 014 44 22 11.',
    );
    const declared = t.db
      .select()
      .from(auditEvents)
      .all()
      .find((e) => e.action === 'crisis.declared')!;
    expect(JSON.parse(declared.details)).toMatchObject(contact);
  });

  it('refuses a phone that is not a phone number, or a name without a phone, and writes nothing', async () => {
    const t = await setup();
    const b = await t.as(['crisis_operator']);
    const bad = await b.post('/crises', {
      ...declare,
      contactName: 'Jan',
      contactPhone: 'bel mij',
    });
    expect(bad.status).toBe(422);
    expect(bad.text_).toContain('id="e-contactPhone"');
    const half = await b.post('/crises', { ...declare, contactName: 'Jan', contactPhone: '' });
    expect(half.status).toBe(422);
    expect(half.text_).toContain('id="e-contactPhone"');
    expect(t.db.select().from(crises).all()).toEqual([]);
  });

  it('is set when the crisis cell is recorded later, and shown on the crisis page', async () => {
    const t = await setup();
    const b = await t.as(['crisis_operator']);
    const { crisisCellLead: _l, crisisCellConvenedAt: _c, ...bare } = declare;
    await b.post('/crises', bare);
    const crisis = t.db.select().from(crises).get()!;
    const res = await b.post(`/crises/${crisis.id}/cell`, {
      version: String(crisis.version),
      impact: 'major',
      crisisCellLead: 'Burgemeester',
      crisisCellConvenedAt: '2026-11-25T13:50',
      ...contact,
    });
    expect(res.status).toBe(303);
    expect(t.db.select().from(crises).get()).toMatchObject(contact);
    const page = await b.get(`/crises/${crisis.id}`);
    expect(page.text_).toContain('Aanspreekpunt voor de beheerders: Jan Peeters, 014 44 22 11.');
  });

  it('is taken and returned by the API', async () => {
    const t = await setup();
    const api = await apiAs(t, ['crisis_operator']);
    const res = await api.post('/api/v1/crises', {
      title: 'Brand',
      startedAt: '2026-11-25T13:40:00+01:00',
      impact: 'major',
      ...contact,
    });
    expect(res.status).toBe(201);
    expect(res.body.crisis).toMatchObject(contact);
    const bad = await api.post('/api/v1/crises', {
      title: 'Brand',
      startedAt: '2026-11-25T13:40:00+01:00',
      impact: 'major',
      contactName: 'Jan',
    });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.fields)).toEqual(['contactPhone']);
  });
});

describe('the declaration form', () => {
  it('proposes the crisis cell convening time like the start, and records no cell when left as proposed without a lead', async () => {
    const t = await setup();
    const b = await t.as(['crisis_operator']);
    const form = await b.get('/crises/new');
    const now = '2026-11-25T14:00'; // the test clock, in Brussels time
    expect(form.text_).toContain(`name="startedAt" type="datetime-local" value="${now}"`);
    expect(form.text_).toContain(
      `name="crisisCellConvenedAt" type="datetime-local" value="${now}"`,
    );
    const base = { title: 'Storm', startedAt: now, impact: 'major' };
    const proposed = { crisisCellConvenedAt: now, crisisCellConvenedAtProposed: now };
    expect((await b.post('/crises', { ...base, ...proposed })).status).toBe(303);
    expect(t.db.select().from(crises).get()!.crisisCellConvenedAt).toBeNull();
    // A time the operator typed is meant: without a lead it is refused, not dropped.
    const typed = { ...base, ...proposed, crisisCellConvenedAt: '2026-11-25T13:55' };
    const res = await b.post('/crises', typed);
    expect(res.status).toBe(422);
    expect(res.text_).toContain('id="e-crisisCellLead"');
    // With a lead, the proposed time is the cell's.
    await b.post('/crises', { ...base, ...proposed, crisisCellLead: 'Burgemeester' });
    expect(t.db.select().from(crises).all()[1]!.crisisCellConvenedAt).toBe(
      '2026-11-25T13:00:00.000Z',
    );
  });
});
