// The case page leads to the next step: the owner to try now comes with the proposed means
// chosen, the "owner unreachable" button follows the box that says it is available, and an active
// takeover links to the channel on its platform and to the reveal, prefilled.
import { describe, expect, it } from 'vitest';
import { channels } from '../db/schema';
import { eq } from 'drizzle-orm';
import { joinCrisis } from '../src/domain/crisis/crises';
import { authoriseAcute, recordContactAttempt } from '../src/domain/crisis/takeover';
import { storeCredentials } from '../src/domain/vault/credentials';
import { caseWith, openCrisis } from './crisis-fixtures';
import { signedIn } from './fixtures/registry';
import { setup, type TestContext } from './helpers';

const MIN = 60_000;
const page = async (t: TestContext, user: Parameters<typeof signedIn>[1], url: string) =>
  (await (await signedIn(t, user)).get(url)).text_;
/** The <select> of an owner's card, by the owner's id. */
const meansOf = (html: string, ownerId: number) =>
  /<option value="(\w+)" selected/.exec(html.slice(html.indexOf(`id="f-means-${ownerId}"`)))?.[1];

describe('the next step on the case page', () => {
  it('opens the card of the owner to try now with the proposed means chosen', async () => {
    const t = await setup();
    const { user, actor, crisis, kase, owners } = await caseWith(t, [
      { name: 'Anna', email: null },
      { name: 'Bert' },
    ]);
    const url = `/crises/${crisis.id}/cases/${kase.id}`;
    recordContactAttempt(
      t.db,
      actor,
      { caseId: kase.id, version: 1, ownerId: owners[0]!.id, means: 'phone', outcome: 'no_answer' },
      t.clock.now,
    );
    const html = await page(t, user, url);
    expect(html).toContain('Probeer nu Anna via sms.');
    expect(html).toContain(`href="#owner-${owners[0]!.id}"`);
    expect(html).toContain(`class="card owner owner-next" id="owner-${owners[0]!.id}"`);
    expect(meansOf(html, owners[0]!.id)).toBe('sms');
    expect(meansOf(html, owners[1]!.id)).toBe('phone');
  });

  it('puts the "owner unreachable" button right after the box that says it is available', async () => {
    const t = await setup();
    const { user, actor, crisis, kase, owners } = await caseWith(t, [{ name: 'Anna' }]);
    const url = `/crises/${crisis.id}/cases/${kase.id}`;
    const before = await page(t, user, url);
    expect(before.indexOf('id="unreachable"')).toBeGreaterThan(before.indexOf('id="owners"'));
    let version = 1;
    for (const means of ['phone', 'email'] as const) {
      const r = recordContactAttempt(
        t.db,
        actor,
        { caseId: kase.id, version, ownerId: owners[0]!.id, means, outcome: 'no_answer' },
        t.clock.now,
      );
      if (r.ok) version = r.value.case.version;
      t.clock.advance(MIN);
    }
    const html = await page(t, user, url);
    expect(html).toContain('Overnemen: beheerder onbereikbaar');
    const next = html.indexOf('id="next"');
    const button = html.indexOf('id="unreachable"');
    expect(button).toBeGreaterThan(next);
    expect(button).toBeLessThan(html.indexOf('id="owners"'));
    expect(html.match(/id="unreachable"/g)).toHaveLength(1);
  });
});

describe('from the case to the channel', () => {
  async function activeTakeover(t: TestContext, platform: 'instagram' | 'facebook_page') {
    const s = await caseWith(t, [{ name: 'Anna' }]);
    t.db
      .update(channels)
      .set({ platform, handle: '@museumkantenhuis' })
      .where(eq(channels.id, s.channel.id))
      .run();
    const taken = authoriseAcute(
      t.db,
      s.actor,
      {
        caseId: s.kase.id,
        version: 1,
        justification: 'De buurt moet nu horen dat het museum dicht is.',
        deadline: new Date(t.clock.now.getTime() + 30 * MIN),
      },
      t.clock.now,
      t.config.rules,
    );
    expect(taken.ok).toBe(true);
    return s;
  }

  it('links an active takeover to the channel on its platform, and to the reveal only where Communicatie holds login details', async () => {
    const t = await setup();
    const s = await activeTakeover(t, 'instagram');
    const url = `/crises/${s.crisis.id}/cases/${s.kase.id}`;
    const without = await page(t, s.user, url);
    expect(without).toContain('href="https://www.instagram.com/museumkantenhuis"');
    expect(without).toContain('Naar het kanaal: @museumkantenhuis');
    expect(without).not.toContain('/reveal?');
    expect(without).not.toContain('owner-next'); // no one to "try now" once it is taken over
    storeCredentials(
      t.db,
      { userId: s.user.id, role: 'communicatie' },
      s.channel.id,
      { username: 'museum', password: 'pw-museum-1', twoFactor: '' },
      t.config.vault,
      t.clock.now,
    );
    const html = await page(t, s.user, url);
    const reveal = `/channels/${s.channel.id}/reveal?crisis=${s.crisis.id}&amp;basis=acute`;
    expect(html).toContain(`href="${reveal}"`);
    expect(html).toContain('Logingegevens inzien voor deze overname');
  });

  it('opens the reveal with the crisis chosen and a reason from the basis, which stays editable', async () => {
    const t = await setup();
    const s = await activeTakeover(t, 'instagram');
    const html = await page(
      t,
      s.user,
      `/channels/${s.channel.id}/reveal?crisis=${s.crisis.id}&basis=acute`,
    );
    expect(html).toContain(`<option value="${s.crisis.id}" selected`);
    expect(html).toMatch(
      /<textarea id="f-reason" name="reason"[^>]*>Overname in crisis Stormschade centrum op grond van Acuut \(binnen het uur\): het kanaal bedienen in naam van de crisiscel\.<\/textarea>/,
    );
  });

  it('lists only the crises this user joined or that affect the channel, newest first', async () => {
    const t = await setup();
    const s = await activeTakeover(t, 'instagram'); // "Stormschade centrum": affects the channel
    const other = await t.user(['crisis_operator']);
    const otherActor = { userId: other.id, role: 'crisis_operator' as const };
    t.clock.advance(10 * MIN);
    const joined = openCrisis(t, otherActor, { title: 'Stroomuitval' }); // newer
    t.clock.advance(10 * MIN);
    openCrisis(t, otherActor, { title: 'Ander incident' }); // neither joined nor affecting
    expect(joinCrisis(t.db, s.actor, joined.id, t.clock.now).ok).toBe(true);
    const html = await page(t, s.user, `/channels/${s.channel.id}/reveal`);
    const titles = [...html.matchAll(/<option value="\d+"[^>]*>([^<(]+) \(/g)].map((m) => m[1]);
    expect(titles).toEqual(['Stroomuitval', 'Stormschade centrum']);
  });
});
