import { describe, expect, it } from 'vitest';
import { users } from '../db/schema';
import { setup } from './helpers';

describe('access rules', () => {
  it('refuses a route that declares no access rule, without running its handler', async () => {
    const t = await setup();
    let ran = false;
    t.app.get('/forgotten', (c) => {
      ran = true;
      return c.text('secret');
    });
    const b = await t.as(['communicatie']);
    const res = await b.get('/forgotten');
    expect(res.status).toBe(403);
    expect(ran).toBe(false);
  });

  it('sends an anonymous visitor to sign-in, and back afterwards', async () => {
    const t = await setup();
    const res = await t.browser().get('/users');
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/sign-in?next=%2Fusers');
  });

  it("refuses a user whose roles do not include the route's", async () => {
    const t = await setup();
    const b = await t.as(['owner', 'crisis_operator']);
    const res = await b.get('/users');
    expect(res.status).toBe(403);
    expect(res.text_).toContain('Geen toegang');
  });

  it('serves a 404 page without a stack trace', async () => {
    const t = await setup();
    const res = await t.browser().get('/no/such/page');
    expect(res.status).toBe(404);
    expect(res.text_).toContain('Pagina niet gevonden');
  });

  it('answers a server fault with an error page that names a reference, not the stack', async () => {
    const t = await setup();
    const { publicRoute } = await import('../src/middleware/access');
    t.app.get('/boom', publicRoute(), () => {
      throw new Error('internal detail');
    });
    const res = await t.browser().get('/boom');
    expect(res.status).toBe(500);
    expect(res.text_).toMatch(/referentie [0-9a-f]{8}/);
    expect(res.text_).not.toContain('internal detail');
  });
});

describe('CSRF', () => {
  const form = {
    name: 'Nieuw',
    email: 'nieuw@test.invalid',
    password: 'long enough password',
    roles: 'owner',
    language: 'nl',
  };

  it('refuses a state-changing POST without the token and writes nothing', async () => {
    const t = await setup();
    const b = await t.as(['communicatie']);
    const before = t.db.select().from(users).all().length;
    b.csrf = 'not-the-token-not-the-token-not-the-token-x';
    const res = await b.post('/users', form);
    expect(res.status).toBe(403);
    expect(res.text_).toContain('Het formulier is verlopen');
    expect(t.db.select().from(users).all()).toHaveLength(before);
  });

  it('refuses a POST sent from another site even with a token', async () => {
    const t = await setup();
    const b = await t.as(['communicatie']);
    const res = await b.post('/users', form, { 'Sec-Fetch-Site': 'cross-site' });
    expect(res.status).toBe(403);
  });

  it('accepts the token in the X-CSRF-Token header, as htmx sends it', async () => {
    const t = await setup();
    const b = await t.as(['communicatie']);
    const body = new URLSearchParams({ ...form });
    const res = await b.request('/users', {
      method: 'POST',
      body,
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-CSRF-Token': b.csrf,
        'HX-Request': 'true',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('HX-Location')).toContain('/users');
  });

  it('takes the token sent twice when both agree, and refuses two different ones, writing nothing', async () => {
    const t = await setup();
    const b = await t.as(['communicatie']);
    const before = t.db.select().from(users).all().length;
    expect((await b.post('/users', { ...form, _csrf: b.csrf })).status).toBe(303);
    const twoTokens = await b.post('/users', {
      ...form,
      email: 'ander@test.invalid',
      _csrf: 'forged-forged-forged-forged-forged-forged-x',
    });
    expect(twoTokens.status).toBe(403);
    expect(t.db.select().from(users).all()).toHaveLength(before + 1);
  });

  it('protects the sign-in form too', async () => {
    const t = await setup();
    const user = await t.user(['owner']);
    const b = t.browser();
    b.csrf = 'forged-forged-forged-forged-forged-forged-x';
    const res = await b.post('/sign-in', { email: user.email, password: 'x' });
    expect(res.status).toBe(403);
  });
});

describe('security headers', () => {
  it('sends a strict Content-Security-Policy without unsafe-inline on every response', async () => {
    const t = await setup();
    for (const path of ['/sign-in', '/nope', '/static/htmx.min.js', '/healthz']) {
      const res = await t.browser().get(path);
      const csp = res.headers.get('Content-Security-Policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('X-Frame-Options')).toBe('DENY');
      expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    }
  });
});

describe('the health check', () => {
  it('answers ok without a session, a cookie or a look at the database', async () => {
    const t = await setup();
    t.sqlite.close(); // a probe must not need the database
    const res = await t.app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
    expect(res.headers.getSetCookie()).toEqual([]);
  });
});
