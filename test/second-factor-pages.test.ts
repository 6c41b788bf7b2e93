// The second step of the sign-in through the pages: the gate before it, enrolment at the next
// sign-in, recovery codes, the step-up before a reveal, one's own factors and the reset by
// Communicatie. TOTP codes are computed here from the secret the enrolment page shows.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents, recoveryCodes, secondFactors, sessions } from '../db/schema';
import { makeConfig, secondFactorFrom } from '../src/config';
import { markSecondFactor } from '../src/domain/auth/second-factor';
import { sessionIdOf } from '../src/domain/auth/sessions';
import { totpCode } from '../src/domain/auth/totp';
import { channel, owner } from './registry-fixtures';
import { Browser, PASSWORD, setup, type TestContext } from './helpers';

let t: TestContext;
beforeEach(async () => {
  t = await setup();
});
afterEach(() => t.sqlite.close());

const MIN = 60_000;

/** The password alone: the session then owes its second factor. */
async function passwordOnly(email: string): Promise<Browser> {
  const b = t.browser();
  await b.get('/sign-in');
  expect((await b.post('/sign-in', { email, password: PASSWORD })).status).toBe(303);
  // The session's CSRF token, from the step's page (or the enrolment it leads to).
  const step = await b.get('/second-factor');
  if (step.status === 303) await b.get(step.headers.get('Location')!);
  return b;
}

/** Enrols through the pages; returns the secret shown and the ten recovery codes. */
async function enrol(b: Browser) {
  const page = await b.get('/second-factor/totp/new');
  expect(page.text_).toContain('<svg');
  const secret = /id="totp-secret">([A-Z2-7 ]+)</.exec(page.text_)![1]!.replace(/ /g, '');
  const done = await b.post('/second-factor/totp/confirm', { code: totpCode(secret, t.clock.now) });
  expect(done.status).toBe(200);
  const codes = [...done.text_.matchAll(/<li><code>([a-z0-9-]+)<\/code>/g)].map((m) => m[1]!);
  return { secret, codes };
}

const actions = () =>
  t.db
    .select()
    .from(auditEvents)
    .all()
    .map((e) => e.action);

describe('the second step', () => {
  it('leads a user who must have a factor through enrolment, and lets them do nothing else first', async () => {
    const user = await t.user(['crisis_operator']);
    const b = await passwordOnly(user.email);
    const crises = await b.get('/crises');
    expect(crises.status).toBe(303);
    expect(crises.headers.get('Location')).toBe('/second-factor?next=%2Fcrises');
    const step = await b.get('/second-factor?next=%2Fcrises');
    expect(step.headers.get('Location')).toBe('/second-factor/totp/new?next=%2Fcrises');
    expect((await b.post('/crises', { title: 'x' })).headers.get('Location')).toBe(
      '/second-factor?next=%2F',
    );
    // The page shows the QR code and the same secret as text; a wrong code changes neither.
    const page = await b.get('/second-factor/totp/new?next=%2Fcrises');
    expect(page.text_).toContain('Voor uw rol is een tweede factor verplicht');
    const secret = /id="totp-secret">([A-Z2-7 ]+)</.exec(page.text_)![1]!;
    const wrong = await b.post('/second-factor/totp/confirm', { code: '000000', next: '/crises' });
    expect(wrong.status).toBe(422);
    expect(wrong.text_).toContain('Die code is niet juist of al gebruikt.');
    expect(wrong.text_).toContain(secret);
    const plain = secret.replace(/ /g, '');
    const done = await b.post('/second-factor/totp/confirm', {
      code: totpCode(plain, t.clock.now),
      next: '/crises',
    });
    const codes = [...done.text_.matchAll(/<li><code>([a-z0-9-]+)<\/code>/g)].map((m) => m[1]!);
    expect(codes).toHaveLength(10);
    expect(done.text_).toContain('href="/crises"');
    expect((await b.get('/crises')).status).toBe(200);
    // The codes and the secret are kept only sealed or hashed, and never in the audit.
    const stored = JSON.stringify([
      t.db.select().from(recoveryCodes).all(),
      t.db.select().from(secondFactors).all(),
      t.db.select().from(auditEvents).all(),
    ]);
    for (const kept of [plain, ...codes]) expect(stored).not.toContain(kept);
    expect(actions()).toEqual(
      expect.arrayContaining([
        'second_factor.enrolled',
        'second_factor.used',
        'second_factor.codes_made',
      ]),
    );
  });

  it('sends a password-only session to the step on every page, 401 on the API, and lets it sign out', async () => {
    const user = await t.user(['communicatie']);
    await enrol(await passwordOnly(user.email));
    t.clock.advance(MIN);
    const b = await passwordOnly(user.email);
    for (const path of ['/', '/users', '/audit', '/channels/new', '/second-factor/settings'])
      expect((await b.get(path)).headers.get('Location'), path).toMatch(/^\/second-factor\?next=/);
    // A factor exists: a password alone may not enrol another.
    expect((await b.get('/second-factor/totp/new')).headers.get('Location')).toMatch(
      /^\/second-factor\?/,
    );
    expect((await b.get('/api/v1/crises')).status).toBe(401);
    const htmx = await b.get('/users', { 'HX-Request': 'true' });
    expect(htmx.headers.get('HX-Redirect')).toBe('/second-factor?next=%2Fusers');
    const step = await b.get('/second-factor');
    expect(step.status).toBe(200);
    expect(step.text_).toContain('Code uit uw authenticator-app');
    expect(step.text_).not.toContain('href="/users"'); // no navigation before the step
    expect((await b.post('/sign-out')).headers.get('Location')).toBe('/sign-in');
  });

  it('signs in with a code once, refusing it replayed, and with each recovery code once', async () => {
    const user = await t.user(['communicatie']);
    const { secret, codes } = await enrol(await passwordOnly(user.email));
    t.clock.advance(MIN);
    const code = totpCode(secret, t.clock.now);
    const first = await passwordOnly(user.email);
    expect((await first.post('/second-factor/totp', { code })).headers.get('Location')).toBe('/');
    const replay = await passwordOnly(user.email);
    const refused = await replay.post('/second-factor/totp', { code });
    expect(refused.status).toBe(422);
    expect(refused.text_).toContain('Die code is niet juist of al gebruikt.');
    const used = await replay.post('/second-factor/recovery', { recoveryCode: codes[0]! });
    expect(used.headers.get('Location')).toBe('/');
    expect((await replay.get('/users')).status).toBe(200);
    const again = await passwordOnly(user.email);
    expect((await again.post('/second-factor/recovery', { recoveryCode: codes[0]! })).status).toBe(
      422,
    );
    expect(actions()).toContain('second_factor.recovery_used');
    expect(actions()).toContain('second_factor.failed');
  });

  it('asks nothing of an owner without a factor, unless configured for every role', async () => {
    const user = await t.user(['owner']);
    expect((await (await passwordOnly(user.email)).get('/mine')).status).toBe(200);
    const all = await setup({ secondFactor: { requiredFor: 'all' } });
    const owner = await all.user(['owner']);
    const b = all.browser();
    await b.get('/sign-in');
    await b.post('/sign-in', { email: owner.email, password: PASSWORD });
    expect((await b.get('/mine')).headers.get('Location')).toBe('/second-factor?next=%2Fmine');
    all.sqlite.close();
  });

  it('takes a session marked by an identity provider whose MFA counts as the second factor', async () => {
    const user = await t.user(['crisis_operator']);
    const b = await passwordOnly(user.email);
    expect((await b.get('/crises')).status).toBe(303);
    markSecondFactor(t.db, sessionIdOf(b.cookies.get('session')!), t.clock.now, 'oidc:mfa');
    expect((await b.get('/crises')).status).toBe(200);
  });

  it('reads who must have a factor from SECOND_FACTOR_REQUIRED_FOR', () => {
    expect(makeConfig().secondFactor).toEqual({ requiredFor: 'staff' });
    expect(secondFactorFrom({ SECOND_FACTOR_REQUIRED_FOR: 'all' })).toEqual({
      secondFactor: { requiredFor: 'all' },
    });
    expect(() => secondFactorFrom({ SECOND_FACTOR_REQUIRED_FOR: 'owners' })).toThrow(/staff/);
  });
});

describe('step-up before a reveal', () => {
  it('sends a reveal after 15 minutes to re-authentication and back, and refuses an owner as before', async () => {
    const o = owner(t, 'Laura Michiels');
    const c = channel(t, 'Zomerfestival', { platform: 'instagram', owners: [o.id] });
    const comm = await t.user(['communicatie']);
    const b = await passwordOnly(comm.email);
    const { secret } = await enrol(b);
    const reveal = `/channels/${c.id}/reveal`;
    expect((await b.get(reveal)).status).toBe(200);
    t.clock.advance(16 * MIN);
    await b.get('/'); // still signed in (30 minutes idle)
    t.clock.advance(MIN);
    const detour = await b.post(reveal, { reason: 'Controle na overdracht van het team' });
    expect(detour.headers.get('Location')).toBe(
      `/second-factor?next=${encodeURIComponent(reveal)}&step-up=1`,
    );
    const ask = await b.get(detour.headers.get('Location')!);
    expect(ask.text_).toContain('Bevestig dat u het bent');
    const back = await b.post('/second-factor/totp', {
      code: totpCode(secret, t.clock.now),
      next: reveal,
    });
    expect(back.headers.get('Location')).toBe(reveal);
    expect((await b.get(reveal)).status).toBe(200);
    const ownerBrowser = await t.as(['owner']);
    expect((await ownerBrowser.get(reveal)).status).toBe(403);
  });
});

describe("one's own factors", () => {
  it('needs a recent factor to make new recovery codes, which void the old ones', async () => {
    const user = await t.user(['crisis_operator']);
    const b = await passwordOnly(user.email);
    const { codes } = await enrol(b);
    expect((await b.get('/second-factor/settings')).text_).toContain('Nog 10 codes over.');
    const fresh = await b.post('/second-factor/recovery-codes');
    const made = [...fresh.text_.matchAll(/<li><code>([a-z0-9-]+)<\/code>/g)].map((m) => m[1]!);
    expect(made).toHaveLength(10);
    const next = await passwordOnly(user.email);
    expect((await next.post('/second-factor/recovery', { recoveryCode: codes[1]! })).status).toBe(
      422,
    );
    t.clock.advance(16 * MIN);
    await b.get('/');
    expect((await b.post('/second-factor/recovery-codes')).headers.get('Location')).toMatch(
      /step-up=1$/,
    );
  });

  it('replaces the authenticator app on re-enrolment', async () => {
    const user = await t.user(['crisis_operator']);
    const b = await passwordOnly(user.email);
    const old = await enrol(b);
    const page = await b.get('/second-factor/totp/new');
    const secret = /id="totp-secret">([A-Z2-7 ]+)</.exec(page.text_)![1]!.replace(/ /g, '');
    expect(secret).not.toBe(old.secret);
    t.clock.advance(30_000);
    const done = await b.post('/second-factor/totp/confirm', {
      code: totpCode(secret, t.clock.now),
    });
    expect(done.headers.get('Location')).toBe('/second-factor/settings');
    const totps = t.db.select().from(secondFactors).where(eq(secondFactors.userId, user.id)).all();
    expect(totps).toHaveLength(1);
    t.clock.advance(30_000);
    const next = await passwordOnly(user.email);
    const refused = await next.post('/second-factor/totp', {
      code: totpCode(old.secret, t.clock.now),
    });
    expect(refused.status).toBe(422);
  });
});

describe('the reset by Communicatie', () => {
  it('resets a lost factor with a reason: sessions end, and the next sign-in enrols again', async () => {
    const operator = await t.user(['crisis_operator'], 'Jef Peeters');
    const lost = await passwordOnly(operator.email);
    await enrol(lost);
    const comm = await t.as(['communicatie']);
    expect((await comm.get(`/users/${operator.id}/second-factor`)).text_).toContain(
      'Tweede factor herstellen: Jef Peeters',
    );
    const short = await comm.post(`/users/${operator.id}/second-factor`, { reason: 'kwijt' });
    expect(short.status).toBe(422);
    expect(
      t.db.select().from(secondFactors).where(eq(secondFactors.userId, operator.id)).all(),
    ).toHaveLength(1);
    const done = await comm.post(`/users/${operator.id}/second-factor`, {
      reason: 'Telefoon verloren, teruggebeld op gekend nummer',
    });
    expect(done.headers.get('Location')).toBe(`/users/${operator.id}`);
    expect(t.db.select().from(sessions).where(eq(sessions.userId, operator.id)).all()).toEqual([]);
    expect((await lost.get('/crises')).headers.get('Location')).toMatch(/^\/sign-in/);
    const again = await passwordOnly(operator.email);
    expect((await again.get('/second-factor')).headers.get('Location')).toMatch(
      /^\/second-factor\/totp\/new/,
    );
    const event = t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'second_factor.reset'))
      .get()!;
    expect(JSON.parse(event.details)).toMatchObject({
      userId: operator.id,
      reason: 'Telefoon verloren, teruggebeld op gekend nummer',
      kinds: ['totp'],
    });
  });

  it('is for Communicatie only', async () => {
    const operator = await t.user(['crisis_operator']);
    const other = await t.as(['crisis_operator']);
    expect((await other.get(`/users/${operator.id}/second-factor`)).status).toBe(403);
  });
});
