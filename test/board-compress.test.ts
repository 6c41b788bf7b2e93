// The crisis board gzipped as Node serves it: the full page is each user's own head and tail
// around the shared board, whose compression is kept and reused; what it decompresses to must be
// exactly the page a client without gzip gets, with that user's token and name and nobody else's.
import { gunzipSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '../db/schema';
import { createApp, type App } from '../src/app';
import type { Deflater } from '../src/middleware/compress-gzip';
import { loadAssets } from '../src/node/assets';
import { nodeDeflater } from '../src/node/deflate';
import { addChannelsToCrisis } from '../src/domain/crisis/crises';
import { caseWith, channel } from './crisis-fixtures';
import { Browser, registerApp, setup, type TestContext } from './helpers';

/** The app as src/node.ts builds it, with a deflater that remembers how much it compressed. */
function nodeApp(t: TestContext) {
  const deflated: number[] = [];
  const deflater: Deflater = {
    ...nodeDeflater,
    deflateRaw: (bytes, dictionary) => (
      deflated.push(bytes.length),
      nodeDeflater.deflateRaw(bytes, dictionary)
    ),
  };
  const app = createApp({ db: t.db, config: t.config, assets: loadAssets(), deflater });
  registerApp(app, t.config.now);
  return { app, deflated };
}

async function signedIn(t: TestContext, app: App, name: string) {
  const user = await t.user(['crisis_operator'], name);
  const b = new Browser(app);
  await b.signIn(user.email);
  return b;
}

async function fetchAs(app: App, b: Browser, path: string, headers: Record<string, string> = {}) {
  const res = await app.request(path, {
    headers: { Cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...headers },
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  return {
    res,
    html:
      res.headers.get('Content-Encoding') === 'gzip'
        ? gunzipSync(bytes).toString()
        : bytes.toString(),
  };
}
const gzip = { 'Accept-Encoding': 'gzip, deflate, br' };
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

describe('the crisis board, gzipped', () => {
  it('sends the full page gzipped that decompresses to exactly the page without gzip, board included', async () => {
    const t = await setup();
    const { crisis } = await caseWith(t, [{ name: 'Sofie Janssens' }]);
    const { app } = nodeApp(t);
    const b = await signedIn(t, app, 'Jef Peeters');
    const plain = await fetchAs(app, b, `/crises/${crisis.id}`);
    const zipped = await fetchAs(app, b, `/crises/${crisis.id}`, gzip);
    expect(plain.res.headers.get('Content-Encoding')).toBeNull();
    expect(zipped.res.headers.get('Content-Encoding')).toBe('gzip');
    expect(zipped.res.headers.get('Vary')).toContain('Accept-Encoding');
    expect(zipped.res.headers.get('Content-Security-Policy')).toContain("script-src 'self'");
    expect(zipped.html).toBe(plain.html);
    expect(zipped.html).toMatch(/^<!DOCTYPE html>/);
    expect(zipped.html).toContain('<div id="board"');
    expect(zipped.html).toContain('Sofie Janssens');
    expect(zipped.html).not.toContain('live-board');
  });

  it('gives each operator their own CSRF token and name around one shared board, compressed once', async () => {
    const t = await setup();
    const { crisis, actor } = await caseWith(t);
    const more = Array.from({ length: 20 }, () => channel(t, [{}, {}]).channel.id);
    expect(
      addChannelsToCrisis(t.db, actor, { crisisId: crisis.id, channelIds: more }, t.clock.now).ok,
    ).toBe(true);
    const { app, deflated } = nodeApp(t);
    const jef = await signedIn(t, app, 'Jef Peeters');
    const ahmed = await signedIn(t, app, 'Ahmed El Amrani');
    const one = await fetchAs(app, jef, `/crises/${crisis.id}`, gzip);
    const two = await fetchAs(app, ahmed, `/crises/${crisis.id}`, gzip);
    expect(csrfOf(one.html)).toBe(jef.csrf);
    expect(csrfOf(two.html)).toBe(ahmed.csrf);
    expect(jef.csrf).not.toBe(ahmed.csrf);
    expect(one.html).toContain('Jef Peeters');
    expect(one.html).not.toContain('Ahmed El Amrani');
    expect(two.html).toContain('Ahmed El Amrani');
    expect(two.html).not.toContain('Jef Peeters');
    expect((await fetchAs(app, jef, `/crises/${crisis.id}`, gzip)).html).toBe(one.html);
    expect((await fetchAs(app, ahmed, `/crises/${crisis.id}`)).html).toBe(two.html);
    const board = (await fetchAs(app, jef, `/crises/${crisis.id}/board`, { 'HX-Request': 'true' }))
      .html;
    expect(one.html).toContain(board);
    expect(two.html).toContain(board);
    // Deflated for the first page, copied into the second: nothing else compressed is as large.
    const boardBytes = Buffer.byteLength(board);
    expect(boardBytes).toBeGreaterThan(10_000);
    expect(deflated.filter((n) => n >= boardBytes)).toEqual([boardBytes]);
  });

  it('shows a change on the board in the next full page and in the live partial', async () => {
    const t = await setup();
    const { crisis, kase, owners } = await caseWith(t, [{ name: 'Sofie Janssens' }]);
    const { app } = nodeApp(t);
    const b = await signedIn(t, app, 'Jef Peeters');
    const before = await fetchAs(app, b, `/crises/${crisis.id}`, gzip);
    expect(before.html).toContain('Nog geen contactpoging');
    const posted = await b.post(`/crises/${crisis.id}/cases/${kase.id}/attempts`, {
      version: '1',
      ownerId: String(owners[0]!.id),
      means: 'phone',
      outcome: 'voicemail',
    });
    expect(posted.status).toBe(303);
    const after = await fetchAs(app, b, `/crises/${crisis.id}`, gzip);
    expect(after.html).toContain('Laatste poging: Sofie Janssens, telefoon, Voicemail ingesproken');
    const live = await fetchAs(app, b, `/crises/${crisis.id}/board`, {
      ...gzip,
      'HX-Request': 'true',
    });
    expect(live.res.headers.get('Content-Encoding')).toBe('gzip');
    expect(live.html).toMatch(/^<div id="board"/);
    expect(after.html).toContain(live.html);
  });

  it('re-renders a refused crisis cell form in the page with its status and messages, board included', async () => {
    const t = await setup();
    const { crisis } = await caseWith(t, [{ name: 'Sofie Janssens' }], { cell: false });
    const { app } = nodeApp(t);
    const b = await signedIn(t, app, 'Jef Peeters');
    await b.get(`/crises/${crisis.id}`);
    const res = await b.post(`/crises/${crisis.id}/cell`, {
      version: String(crisis.version),
      impact: 'major',
      crisisCellLead: '',
      crisisCellConvenedAt: '2026-11-25T13:55',
    });
    expect(res.status).toBe(422);
    expect(res.text_).toContain('Dit veld is verplicht.');
    expect(res.text_).toContain('Sofie Janssens');
  });

  it('shows a flash message once, in the gzipped page of the user it was meant for', async () => {
    const t = await setup();
    const { crisis } = await caseWith(t);
    const { app } = nodeApp(t);
    const b = await signedIn(t, app, 'Jef Peeters');
    const other = await signedIn(t, app, 'Ahmed El Amrani');
    expect((await b.post(`/crises/${crisis.id}/join`)).status).toBe(303);
    const page = await fetchAs(app, b, `/crises/${crisis.id}`, gzip);
    expect(page.html).toContain(
      '<div class="alert alert-ok" role="status">U neemt deel aan deze crisis.</div>',
    );
    expect(page.res.headers.getSetCookie().some((c) => /^flash=;/.test(c))).toBe(true);
    expect((await fetchAs(app, other, `/crises/${crisis.id}`, gzip)).html).not.toContain(
      'U neemt deel aan deze crisis.',
    );
    b.cookies.delete('flash'); // as the browser does on that Set-Cookie
    expect((await fetchAs(app, b, `/crises/${crisis.id}`, gzip)).html).not.toContain(
      'U neemt deel aan deze crisis.',
    );
  });

  it("shows an operator's new name in the next page, even while the board is unchanged", async () => {
    const t = await setup();
    const { crisis } = await caseWith(t);
    const { app } = nodeApp(t);
    const b = await signedIn(t, app, 'Jef Peeters');
    expect((await fetchAs(app, b, `/crises/${crisis.id}`, gzip)).html).toContain(
      'Aangemeld als Jef Peeters',
    );
    t.db
      .update(users)
      .set({ name: 'Jef Peeters-Claes' })
      .where(eq(users.name, 'Jef Peeters'))
      .run();
    expect((await fetchAs(app, b, `/crises/${crisis.id}`, gzip)).html).toContain(
      'Aangemeld als Jef Peeters-Claes',
    );
  });
});
