// Pages kept as templates (src/routes/page-cache.tsx) are shared between viewers: these tests ask
// each kept page as users with different names, roles and languages, one after the other, and
// check that nobody gets another viewer's name, token, navigation, language or message.
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Role } from '../db/schema';
import { createApp, type App } from '../src/app';
import { loadAssets } from '../src/node/assets';
import { nodeDeflater } from '../src/node/deflate';
import { caseWith } from './crisis-fixtures';
import { Browser, registerApp, setup, type TestContext } from './helpers';

const tokensIn = (html: string) =>
  new Set([
    ...[...html.matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1]),
    ...[...html.matchAll(/&quot;X-CSRF-Token&quot;:&quot;([^&]+)&quot;/g)].map((m) => m[1]),
  ]);

type Viewer = { name: string; browser: Browser };

/** The app as src/node.ts builds it: gzip with the kept pieces' compression reused. */
function nodeApp(t: TestContext) {
  const app = createApp({
    db: t.db,
    config: t.config,
    assets: loadAssets(),
    deflater: nodeDeflater,
  });
  registerApp(app, t.config.now);
  return app;
}

async function viewer(t: TestContext, app: App, roles: Role[], name: string): Promise<Viewer> {
  const browser = new Browser(app);
  await browser.signIn((await t.user(roles, name)).email);
  return { name, browser };
}

async function viewers(t: TestContext, app: App): Promise<[Viewer, Viewer, Viewer]> {
  const alice = await viewer(t, app, ['crisis_operator'], 'Alice Operator');
  // A name that must be escaped, roles with more navigation, and English.
  const bob = await viewer(t, app, ['communicatie', 'crisis_operator'], 'Bob <b>Com</b> & co');
  await bob.browser.post('/language', { lang: 'en', back: '/' });
  // Alice's roles and language: Carla is served Alice's template, with her own values in it.
  const carla = await viewer(t, app, ['crisis_operator'], 'Carla Operator');
  return [alice, bob, carla];
}

/** The page as a browser that takes gzip gets it, unpacked. */
async function gunzipped(app: App, v: Viewer, path: string) {
  const cookie = [...v.browser.cookies].map(([k, val]) => `${k}=${val}`).join('; ');
  const res = await app.request(path, { headers: { Cookie: cookie, 'Accept-Encoding': 'gzip' } });
  expect(res.headers.get('Content-Encoding')).toBe('gzip');
  return gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8');
}

async function crisisPages(t: TestContext) {
  const { crisis, kase } = await caseWith(t, [{ name: 'Sofie Janssens' }]);
  return [`/crises/${crisis.id}`, `/crises/${crisis.id}/cases/${kase.id}`];
}

describe('pages kept for many viewers', () => {
  it('give each viewer their own name, token, navigation and language, and share the rest', async () => {
    const t = await setup();
    const app = nodeApp(t);
    const paths = await crisisPages(t);
    const [alice, bob, carla] = await viewers(t, app);
    for (const path of paths) {
      const pages = new Map<Viewer, string>();
      for (const viewer of [alice, bob, carla, alice]) {
        const res = await viewer.browser.get(path);
        expect(res.status, path).toBe(200);
        const html = res.text_;
        expect(await gunzipped(app, viewer, path), `${path} gzipped`).toBe(html);
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
      expect(b).toContain('Signed in as Bob &lt;b&gt;Com&lt;/b&gt; &amp; co');
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
    const [alice, , carla] = await viewers(t, nodeApp(t));
    await carla.browser.get(path!);
    await alice.browser.post(`${path}/join`);
    const after = await alice.browser.get(path!);
    expect(after.text_).toContain('role="status"');
    expect((await carla.browser.get(path!)).text_).not.toContain('role="status"');
    expect((await alice.browser.get(path!)).text_).not.toContain('role="status"');
  });
});
