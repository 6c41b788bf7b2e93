// Pages kept as templates (src/routes/page-cache.tsx) are shared between viewers: these tests ask
// each kept page as users with different names, roles and languages, one after the other, and
// check that nobody gets another viewer's name, token, navigation, language or message.
import { describe, expect, it } from 'vitest';
import { caseWith } from './crisis-fixtures';
import { setup, type Browser, type TestContext } from './helpers';

const tokensIn = (html: string) =>
  new Set([
    ...[...html.matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1]),
    ...[...html.matchAll(/&quot;X-CSRF-Token&quot;:&quot;([^&]+)&quot;/g)].map((m) => m[1]),
  ]);

type Viewer = { name: string; browser: Browser };

async function viewers(t: TestContext): Promise<[Viewer, Viewer, Viewer]> {
  const alice = {
    name: 'Alice Operator',
    browser: await t.as(['crisis_operator'], 'Alice Operator'),
  };
  // A name that must be escaped, roles with more navigation, and English.
  const bobName = 'Bob <b>Communicatie</b> & co';
  const bob = { name: bobName, browser: await t.as(['communicatie', 'crisis_operator'], bobName) };
  await bob.browser.post('/language', { lang: 'en', back: '/' });
  // Alice's roles and language: Carla is served Alice's template, with her own values in it.
  const carla = {
    name: 'Carla Operator',
    browser: await t.as(['crisis_operator'], 'Carla Operator'),
  };
  return [alice, bob, carla];
}

async function crisisPages(t: TestContext) {
  const { crisis, kase } = await caseWith(t, [{ name: 'Sofie Janssens' }]);
  return [`/crises/${crisis.id}`, `/crises/${crisis.id}/cases/${kase.id}`];
}

describe('pages kept for many viewers', () => {
  it('give each viewer their own name, token, navigation and language, and share the rest', async () => {
    const t = await setup();
    const paths = await crisisPages(t);
    const [alice, bob, carla] = await viewers(t);
    for (const path of paths) {
      const pages = new Map<Viewer, string>();
      for (const viewer of [alice, bob, carla, alice]) {
        const res = await viewer.browser.get(path);
        expect(res.status, path).toBe(200);
        const html = res.text_;
        const tokens = tokensIn(html);
        expect(tokens.size, `${path}: one token per page`).toBe(1);
        const [token] = tokens;
        if (pages.has(viewer)) expect(tokensIn(pages.get(viewer)!)).toEqual(tokens);
        pages.set(viewer, html);
        for (const other of [alice, bob, carla].filter((v) => v !== viewer)) {
          expect(html, `${path} as ${viewer.name}`).not.toContain(other.name);
          const theirs = pages.get(other);
          if (theirs) expect(tokensIn(theirs).has(token!)).toBe(false);
        }
      }
      const [a, b, c] = [alice, bob, carla].map((v) => pages.get(v)!) as [string, string, string];
      expect(a).toContain('Aangemeld als Alice Operator');
      expect(b).toContain('Signed in as Bob &lt;b&gt;Communicatie&lt;/b&gt; &amp; co');
      expect(a).toMatch(/<html lang="nl"/);
      expect(b).toMatch(/<html lang="en"/);
      expect(b).toContain('href="/audit"');
      expect(a).not.toContain('href="/audit"');
      // Carla's page is Alice's with Carla's name and token: the rest was shared.
      const [aliceToken] = tokensIn(a);
      const [carlaToken] = tokensIn(c);
      expect(
        c.replaceAll(carlaToken!, aliceToken!).replace('Carla Operator', 'Alice Operator'),
      ).toBe(a);
    }
  });

  it('shows a flash message to the viewer it was meant for, once', async () => {
    const t = await setup();
    const [path] = await crisisPages(t);
    const [alice, , carla] = await viewers(t);
    await carla.browser.get(path!);
    await alice.browser.post(`${path}/join`);
    const after = await alice.browser.get(path!);
    expect(after.text_).toContain('role="status"');
    expect((await carla.browser.get(path!)).text_).not.toContain('role="status"');
    expect((await alice.browser.get(path!)).text_).not.toContain('role="status"');
  });
});
