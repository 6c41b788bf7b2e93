// The audit list speaks the reader's language: every action and every details field by its label
// in Dutch and English, values formatted (Brussels time, closed lists by label, ids as linked
// names), the stored JSON one click away, sign-ins hidden until asked for.
import { describe, expect, it } from 'vitest';
import { auditEvents } from '../db/schema';
import { AUDIT_ACTIONS } from '../src/domain/audit/trail';
import { translator, type MessageKey } from '../src/i18n';
import { seedDemo } from '../src/seed/demo';
import { crisisWorld } from './fixtures/crisis';
import { setup, TEST_SCRYPT_N } from './helpers';

const nl = translator('nl');
const en = translator('en');
const labelled = (key: string) => nl(key as MessageKey) !== key && en(key as MessageKey) !== key;

/** Every key at any depth of an event's details. */
function keysOf(v: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => keysOf(x, into));
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) keysOf(x, into.add(k));
  return into;
}

describe('audit labels', () => {
  it('has a Dutch and an English label for every action the code can write', () => {
    const missing = AUDIT_ACTIONS.filter((a) => !labelled(`audit.action.${a}`));
    expect(missing).toEqual([]);
    expect(nl('audit.action.case.authorised')).toBe('Overname toegestaan');
    expect(en('audit.action.case.authorised')).toBe('Takeover authorised');
  });

  it('has both labels for every details field of the demo trail and of a sign-in', async () => {
    const t = await setup();
    await seedDemo(t.db, t.clock.now, TEST_SCRYPT_N, t.config.vault);
    const b = await t.as(['communicatie']);
    await b.post('/audit/export.json');
    await b.post('/sign-out');
    const keys = new Set<string>();
    for (const e of t.db.select().from(auditEvents).all()) keysOf(JSON.parse(e.details), keys);
    expect(keys.size).toBeGreaterThan(60);
    expect([...keys].filter((k) => !labelled(`audit.field.${k}`))).toEqual([]);
  });
});

describe('the audit list in words', () => {
  async function listed() {
    const t = await setup();
    const b = await t.as(['communicatie'], 'Cora Communicatie');
    const w = await crisisWorld(t);
    const k = w.kase('jeugd', { state: 'active', basis: 'acute', authorisedAt: w.at(6) });
    w.event(
      'case.contact_attempt',
      w.at(4),
      { crisisId: w.crisis.id, caseId: k.id },
      {
        ownerId: w.anna.id,
        means: 'sms',
        outcome: 'no_answer',
        attemptedAt: w.at(4),
      },
    );
    return { t, b, w, k };
  }

  it('names the action, labels each field and formats its value, with the JSON one click away', async () => {
    const { b, w } = await listed();
    const html = (await b.get(`/audit?crisis=${w.crisis.id}`)).text_;
    expect(html).toContain('<td data-label="Handeling">Overname toegestaan</td>');
    expect(html).toContain('<dt>Grond</dt><dd>Acuut');
    expect(html).toContain(`<dt>Beheerder</dt><dd><a href="/owners/${w.anna.id}">Anna Eerst</a>`);
    expect(html).toContain('<dt>Hoe</dt><dd>sms</dd>');
    expect(html).toContain('<dt>Tijdstip van de poging</dt><dd><time datetime=');
    expect(html).toContain('25/11/2026, 14:04');
    expect(html).toMatch(
      /<details class="technical"><summary>Technische details<\/summary><p><code>case.contact_attempt<\/code><\/p><pre>\{\n {2}&quot;attemptedAt&quot;/,
    );
  });

  it('speaks English to a reader who chose English', async () => {
    const { b, w } = await listed();
    await b.post('/language', { lang: 'en' });
    const html = (await b.get(`/audit?crisis=${w.crisis.id}`)).text_;
    expect(html).toContain('<td data-label="Action">Takeover authorised</td>');
    expect(html).toContain('<dt>Means</dt><dd>SMS</dd>');
    expect(html).toContain('<summary>Technical details</summary>');
  });

  it('hides sign-in events until one click asks for them', async () => {
    const { b } = await listed();
    const hidden = (await b.get('/audit')).text_;
    expect(hidden).toContain('name="signins" value="1"');
    expect(hidden).not.toContain('>Aangemeld</td>');
    const shown = (await b.get('/audit?signins=1')).text_;
    expect(shown).toContain('>Aangemeld</td>');
    expect(shown).toMatch(/name="signins" value="1" checked/);
    // Naming the action shows it whatever the box says.
    expect((await b.get('/audit?action=user.signed_in')).text_).toContain('>Aangemeld</td>');
  });

  it('keeps sign-ins in the export, so it still verifies as a whole chain', async () => {
    const { b, t } = await listed();
    const { events } = JSON.parse((await b.post('/audit/export.json')).text_) as {
      events: { action: string }[];
    };
    expect(events.map((e) => e.action)).toContain('user.signed_in');
    expect(events).toHaveLength(t.db.select().from(auditEvents).all().length);
  });

  it('filters the refusals of the access rules', async () => {
    const { t, b } = await listed();
    const operator = await t.as(['crisis_operator'], 'Otto Operator');
    expect((await operator.get('/audit')).status).toBe(403);
    const html = (await b.get('/audit?action=access.refused')).text_;
    expect(html).toContain('<option value="access.refused" selected="">Toegang geweigerd</option>');
    expect(html).toContain('<td data-label="Handeling">Toegang geweigerd</td>');
    expect(html).toContain('Otto Operator');
  });
});
