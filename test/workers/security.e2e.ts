// Sessions, CSRF, security headers, access rules and static files behave on Workers as on Node:
// each check runs against wrangler dev over HTTP and, where it compares, against the Node app.
import { describe, expect, it } from 'vitest';
import { loadAssets } from '../../src/node/assets';
import { setup } from '../helpers';
import { demoSignIn, httpBrowser, workersUrl } from './http';

const SECURITY_HEADERS = [
  'content-security-policy',
  'x-frame-options',
  'x-content-type-options',
  'referrer-policy',
  'permissions-policy',
  'strict-transport-security',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'cache-control',
  'content-type',
];

const pick = (h: Headers) => Object.fromEntries(SECURITY_HEADERS.map((n) => [n, h.get(n)]));
// A cookie's attributes without its random value.
const cookieShape = (h: Headers) =>
  h
    .getSetCookie()
    .map((c) => c.replace(/=[^;]*/, '=…'))
    .sort();

describe('the console on Workers', () => {
  it('sends the same security headers and cookie attributes as the Node target', async () => {
    const node = await (await setup()).browser().get('/sign-in');
    const worker = await httpBrowser().get('/sign-in');
    expect(worker.status).toBe(200);
    expect(pick(worker.headers)).toEqual(pick(node.headers));
    expect(pick(worker.headers)['content-security-policy']).toContain("script-src 'self'");
    expect(cookieShape(worker.headers)).toEqual(cookieShape(node.headers));
  });

  it('signs in a demo account with a new HttpOnly session cookie and refuses a wrong password', async () => {
    const wrong = httpBrowser();
    await wrong.get('/sign-in');
    const refused = await wrong.post('/sign-in', {
      email: 'communicatie@demo.invalid',
      password: 'not the password',
    });
    expect(refused.status).toBe(422);
    expect(wrong.cookies.has('session')).toBe(false);

    const b = httpBrowser();
    await b.get('/sign-in');
    const res = await b.post('/sign-in', {
      email: 'communicatie@demo.invalid',
      password: 'demo-crisis-2026',
    });
    expect(res.status).toBe(303);
    expect(res.headers.getSetCookie().find((c) => c.startsWith('session='))).toMatch(
      /HttpOnly; SameSite=Lax/,
    );
    // The password alone opens nothing but the second step; with the code, the pages.
    const step = await b.get('/users');
    expect(step.headers.get('Location')).toBe('/second-factor?next=%2Fusers');
    await b.secondStep('communicatie@demo.invalid', step.headers.get('Location')!);
    const users = await b.get('/users');
    expect(users.status).toBe(200);
    expect(users.text_).toContain('eigenaar@demo.invalid');
  });

  it('applies the access rules: anonymous visitors go to sign-in, an owner may not manage users', async () => {
    const anonymous = await httpBrowser().get('/users');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('Location')).toBe('/sign-in?next=%2Fusers');
    const owner = await demoSignIn('eigenaar@demo.invalid');
    expect((await owner.get('/users')).status).toBe(403);
  });

  it("refuses a POST without the session's CSRF token or from another site, and keeps the session", async () => {
    const b = await demoSignIn('communicatie@demo.invalid');
    const token = b.csrf;
    b.csrf = 'not-the-token-not-the-token-not-the-token-x';
    expect((await b.post('/sign-out')).status).toBe(403);
    b.csrf = token;
    expect((await b.post('/sign-out', {}, { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await b.get('/users')).status).toBe(200);

    expect((await b.post('/sign-out')).status).toBe(303);
    expect((await b.get('/users')).status).toBe(303);
  });

  it('serves htmx and our CSS and script byte for byte, with nosniff', async () => {
    for (const [name, file] of loadAssets()) {
      const res = await fetch(`${workersUrl()}/static/${name}`);
      expect(res.status, name).toBe(200);
      expect(res.headers.get('content-type'), name).toMatch(/^text\/(javascript|css)/);
      expect(res.headers.get('x-content-type-options'), name).toBe('nosniff');
      expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(file.body)), name).toBe(true);
    }
  });
});
