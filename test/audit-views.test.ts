import { describe, expect, it } from 'vitest';
import { crisisWorld } from './fixtures/crisis';
import { setup } from './helpers';

async function withCrisis() {
  const t = await setup();
  const b = await t.as(['communicatie'], 'Cora Communicatie');
  const w = await crisisWorld(t);
  const k = w.kase('jeugd', {
    state: 'active',
    basis: 'acute',
    authorisedAt: w.at(6),
    acuteJustification: 'Evacuatie nu melden',
    acuteDeadline: w.at(50),
    acuteMessageSentAt: w.at(20),
  });
  w.informAll(k);
  return { t, b, w, k };
}

describe('audit list', () => {
  it('lists events newest first, linking each to its crisis, channel and case', async () => {
    const { b, w, k } = await withCrisis();
    const res = await b.get('/audit');
    expect(res.status).toBe(200);
    expect(res.text_).toContain(`href="/crises/${w.crisis.id}"`);
    expect(res.text_).toContain(`href="/channels/${k.channelId}"`);
    expect(res.text_).toContain(`href="/crises/${w.crisis.id}/cases/${k.id}"`);
    expect(res.text_).toContain('Kanaal: jeugd');
    expect(res.text_.indexOf('<code>case.authorised</code>')).toBeLessThan(
      res.text_.indexOf('<code>crisis.declared</code>'),
    );
  });

  it('shows details as readable fields, with times in Brussels time', async () => {
    const { b, w } = await withCrisis();
    w.event(
      'channel.updated',
      w.at(30),
      {},
      {
        changed: { name: { from: 'Jeugd', to: 'Jeugddienst' } },
        lastPublishedAt: '2026-11-20T09:30:00.000Z',
      },
    );
    const res = await b.get('/audit?action=channel.updated');
    expect(res.text_).toContain('<dt>Naam</dt><dd>Jeugd → Jeugddienst</dd>');
    expect(res.text_).toContain('20/11/2026, 10:30');
  });

  it('filters by crisis, kind and time range, and pages back without OFFSET', async () => {
    const { b, w } = await withCrisis();
    for (let i = 0; i < 60; i++) w.event('hold.released', w.at(60 + i), { crisisId: w.crisis.id });
    const first = await b.get(`/audit?crisis=${w.crisis.id}&action=hold.released`);
    const seqs = (html: string) => [...html.matchAll(/<tr id="e(\d+)"/g)].map((m) => Number(m[1]));
    expect(seqs(first.text_)).toHaveLength(50);
    const next = /href="(\/audit\?[^"]*before=(\d+)[^"]*)"/.exec(first.text_)!;
    const older = await b.get(next[1]!.replace(/&amp;/g, '&'));
    expect(seqs(older.text_)).toHaveLength(10);
    expect(Math.max(...seqs(older.text_))).toBeLessThan(Math.min(...seqs(first.text_)));
    // 15:30 to 15:39 in Brussels is 14:30 to 14:39 UTC: minutes 90 to 99 after the 13:00 UTC start.
    const range = await b.get(
      '/audit?action=hold.released&from=2026-11-25T15:30&until=2026-11-25T15:39',
    );
    expect(seqs(range.text_)).toHaveLength(10);
    expect((await b.get('/audit?kind=exercise')).text_).toContain(
      'Geen gebeurtenissen voor deze filters.',
    );
  });

  it('swaps only the results for htmx', async () => {
    const { b, w } = await withCrisis();
    const res = await b.get(`/audit?crisis=${w.crisis.id}`, { 'HX-Request': 'true' });
    expect(res.text_.startsWith('<div id="audit-results">')).toBe(true);
    expect(res.text_).not.toContain('<html');
  });

  it('explains a bad filter in Dutch and lists nothing', async () => {
    const { b } = await withCrisis();
    const res = await b.get('/audit?from=2026-11-25T15:00&until=2026-11-25T14:00&crisis=x');
    expect(res.status).toBe(422);
    expect(res.text_).toContain('Geef een geldig getal.');
    expect(res.text_).not.toContain('<tr id="e');
  });

  it('is for Communicatie only', async () => {
    const { t, w } = await withCrisis();
    const other = await t.as(['crisis_operator', 'owner']);
    for (const path of ['/audit', '/reports', `/reports/crises/${w.crisis.id}`]) {
      expect((await other.get(path)).status).toBe(403);
    }
    expect((await other.post('/audit/verify')).status).toBe(403);
  });
});

describe('chain verification panel', () => {
  it('reports the chain verified through the last event', async () => {
    const { t, b } = await withCrisis();
    const res = await b.post('/audit/verify', {}, { 'HX-Request': 'true' });
    const last = t.sqlite.prepare('SELECT max(seq) AS n FROM audit_events').get() as { n: number };
    expect(res.text_).toContain(`Keten geverifieerd tot en met gebeurtenis ${last.n} (25/11/2026`);
  });

  it("names the first broken link after an event was changed behind the triggers' back", async () => {
    const { t, b } = await withCrisis();
    t.sqlite.exec('DROP TRIGGER audit_events_no_update');
    t.sqlite.exec(`UPDATE audit_events SET details = '{"title":"Andere titel"}' WHERE seq = 3`);
    const res = await b.post('/audit/verify');
    expect(res.status).toBe(200);
    expect(res.text_).toContain('Keten gebroken bij gebeurtenis 3: de inhoud werd gewijzigd');
    expect(res.text_).toContain('href="/audit?before=4#e3"');
  });
});

describe('incident report', () => {
  it('shows the crisis cell, the basis with its justification, the timeline and a print button', async () => {
    const { b, w } = await withCrisis();
    const res = await b.get(`/reports/crises/${w.crisis.id}`);
    expect(res.status).toBe(200);
    expect(res.text_).toContain('Incidentrapport: Brand in de Warande');
    expect(res.text_).toContain('Burgemeester');
    expect(res.text_).toContain('Acuut (binnen het uur)');
    expect(res.text_).toContain('Evacuatie nu melden');
    expect(res.text_).toContain('Beheerder bevestigde');
    expect(res.text_).toContain('data-print');
    expect(res.text_).toContain('Geen bevindingen');
    expect(res.text_).not.toContain('OEFENING');
  });

  it('heads an exercise report EXERCISE and lists findings with links to their events', async () => {
    const t = await setup();
    const b = await t.as(['communicatie']);
    const w = await crisisWorld(t, { isExercise: true, title: 'Oefening overstroming' });
    w.kase('sport', { state: 'active', authorisedAt: w.at(6) });
    const res = await b.get(`/reports/crises/${w.crisis.id}`);
    expect(res.text_).toContain('OEFENING');
    expect(res.text_).toContain('Overname zonder vastgelegde grond.');
    expect(res.text_).toMatch(/href="\/audit\?before=\d+#e\d+"/);
  });

  it('answers an unknown crisis with 404', async () => {
    const t = await setup();
    const b = await t.as(['communicatie']);
    expect((await b.get('/reports/crises/999')).status).toBe(404);
  });
});

describe('reports overview', () => {
  it('counts interventions by basis and keeps exercises apart', async () => {
    const { t, b } = await withCrisis();
    const drill = await crisisWorld(t, { isExercise: true, title: 'Oefening overstroming' });
    drill.kase('sport', { state: 'active', basis: 'owner_unreachable', authorisedAt: drill.at(6) });
    const real = await b.get('/reports');
    expect(real.text_).toContain('Brand in de Warande');
    expect(real.text_).not.toContain('Oefening overstroming');
    expect(real.text_).toContain('Mediane tijden');
    const drills = await b.get('/reports?kind=exercise');
    expect(drills.text_).toContain('Oefening overstroming');
    expect(drills.text_).not.toContain('Brand in de Warande');
  });
});
