// Pages kept as templates (src/routes/page-cache.tsx) are shared between viewers: these tests ask
// each kept page as users with different names, roles and languages, one after the other, and
// check that nobody gets another viewer's name, token, navigation, language or message.
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Role } from '../db/schema';
import { createApp, type App } from '../src/app';
import { loadAssets } from '../src/node/assets';
import { nodeDeflater } from '../src/node/deflate';
import { newestPerDb } from '../src/routes/page-cache';
import { caseWith } from './crisis-fixtures';
import { ownerScene } from './fixtures/owner-scene';
import { Browser, registerApp, setup, type TestContext } from './helpers';

const tokensIn = (html: string) =>
  new Set([
    ...[...html.matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1]),
    ...[...html.matchAll(/&quot;X-CSRF-Token&quot;:&quot;([^&]+)&quot;/g)].map((m) => m[1]),
  ]);

type Viewer = { name: string; browser: Browser };

const escaped = (name: string) =>
  name.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

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

/**
 * Three viewers of the same pages: Alice; Bob with one more role (one more link in the
 * navigation), a name to escape, in English; and Carla, whom Alice's template serves.
 */
async function viewers(
  t: TestContext,
  app: App,
  roles: Role[],
  extra: Role,
): Promise<[Viewer, Viewer, Viewer]> {
  const alice = await viewer(t, app, roles, 'Alice Viewer');
  const bob = await viewer(t, app, [...roles, extra], 'Bob <b>Com</b> & co');
  await bob.browser.post('/language', { lang: 'en', back: '/' });
  const carla = await viewer(t, app, roles, 'Carla Viewer');
  return [alice, bob, carla];
}

/** The page as a browser that takes gzip gets it, unpacked. */
async function gunzipped(app: App, v: Viewer, path: string) {
  const cookie = [...v.browser.cookies].map(([k, val]) => `${k}=${val}`).join('; ');
  const res = await app.request(path, { headers: { Cookie: cookie, 'Accept-Encoding': 'gzip' } });
  expect(res.headers.get('Content-Encoding')).toBe('gzip');
  return gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8');
}

/** Every kept page, with who may see it and a role that adds a link to the navigation. */
async function keptPages(t: TestContext) {
  const { crisis, kase } = await caseWith(t, [{ name: 'Sofie Janssens' }]);
  return [
    {
      roles: ['crisis_operator'] as Role[],
      extra: 'communicatie' as Role,
      link: 'href="/audit"',
      paths: [
        `/crises/${crisis.id}`,
        `/crises/${crisis.id}/cases/${kase.id}`,
        '/channels?q=sofie&status=active',
      ],
    },
    {
      roles: ['communicatie'] as Role[],
      extra: 'owner' as Role,
      link: 'href="/mine"',
      paths: ['/readiness', '/audit', '/audit?before=3', `/reports/crises/${crisis.id}`],
    },
  ];
}

describe('pages kept for many viewers', () => {
  it('give each viewer their own name, token, navigation and language, and share the rest', async () => {
    const t = await setup();
    const app = nodeApp(t);
    for (const { roles, extra, link, paths } of await keptPages(t)) {
      const [alice, bob, carla] = await viewers(t, app, roles, extra);
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
            // The audit trail names users as data; the header names the viewer alone.
            for (const signedIn of [`als ${escaped(other.name)}<`, `as ${escaped(other.name)}<`])
              expect(html, `${path} as ${viewer.name}`).not.toContain(signedIn);
            const theirs = pages.get(other);
            if (theirs) expect(tokensIn(theirs).has(token!)).toBe(false);
          }
        }
        const [a, b, c] = [alice, bob, carla].map((v) => pages.get(v)!) as [string, string, string];
        expect(a).toContain('Aangemeld als Alice Viewer<');
        expect(b).toContain('Signed in as Bob &lt;b&gt;Com&lt;/b&gt; &amp; co<');
        expect(a).toMatch(/<html lang="nl"/);
        expect(b).toMatch(/<html lang="en"/);
        expect(b, path).toContain(link);
        expect(a, path).not.toContain(link);
        // Carla's page is Alice's with Carla's name and token: the rest was shared.
        const [aliceToken] = tokensIn(a);
        const [carlaToken] = tokensIn(c);
        const asAlice = c.replaceAll(carlaToken!, aliceToken!).replace('Carla', 'Alice');
        expect(asAlice, path).toBe(a);
      }
    }
  });

  it("keeps an owner's page for that owner alone", async () => {
    const t = await setup();
    const s = await ownerScene(t);
    s.notify();
    const app = nodeApp(t);
    const sofie = new Browser(app);
    const tom = new Browser(app);
    await sofie.signIn(s.sofie.user!.email);
    await tom.signIn(s.tom.user!.email);
    const first = await sofie.get('/mine');
    const second = await tom.get('/mine');
    expect(first.text_).toContain('Sofie Janssens');
    expect(second.text_).toContain('Tom Baker');
    expect(second.text_).not.toContain('Sofie Janssens');
    expect((await sofie.get('/mine')).text_).toBe(first.text_);
  });

  it('shows a flash message to the viewer it was meant for, once', async () => {
    const t = await setup();
    const { roles, extra, paths } = (await keptPages(t))[0]!;
    const path = paths[0]!;
    const [alice, , carla] = await viewers(t, nodeApp(t), roles, extra);
    await carla.browser.get(path);
    await alice.browser.post(`${path}/join`);
    const after = await alice.browser.get(path);
    expect(after.text_).toContain('role="status"');
    expect((await carla.browser.get(path)).text_).not.toContain('role="status"');
    expect((await alice.browser.get(path)).text_).not.toContain('role="status"');
  });

  it('let go of the oldest pages once the kept text passes its limit, never the page just kept', async () => {
    const t = await setup();
    const kept = newestPerDb<string>(10, 100);
    for (const key of ['a', 'b', 'c']) {
      kept.set(t.db, key, key);
      kept.weigh(t.db, key, 45);
    }
    expect(['a', 'b', 'c'].map((k) => kept.get(t.db, k))).toEqual([undefined, 'b', 'c']);
    kept.set(t.db, 'huge', 'huge');
    kept.weigh(t.db, 'huge', 500);
    expect(['b', 'c', 'huge'].map((k) => kept.get(t.db, k))).toEqual([
      undefined,
      undefined,
      'huge',
    ]);
  });
});
