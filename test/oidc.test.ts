// Sign-in through the city's identity provider, against a real OpenID Connect provider
// (oidc-provider) on 127.0.0.1: the console's redirects through app.request(), the provider's
// login page through an HTTP client, the ID token verified by openid-client.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { auditEvents, oidcIdentities, sessions, users } from '../db/schema';
import type { OidcSettings } from '../src/domain/auth/oidc';
import { setup, type Browser, type TestContext } from './helpers';
import { startProvider, throughProvider, type TestProvider } from './fixtures/oidc-provider';

let idp: TestProvider;
beforeAll(async () => {
  idp = await startProvider();
});
afterAll(() => idp.close());

let t: TestContext;
async function console_(overrides: Partial<OidcSettings> = {}, passwordSignIn = true) {
  t = await setup({ oidc: idp.settings(overrides), passwordSignIn });
  // The provider signs with the real clock; the console judges tokens by its own.
  t.clock.set(new Date());
  return t;
}

beforeEach(() => {
  idp.accounts.clear();
  // The log lines of refused sign-ins and access.
  for (const stream of ['log', 'warn', 'error'] as const)
    vi.spyOn(console, stream).mockImplementation(() => {});
});

/** Starts a sign-in at the console and walks the provider as `login`: the callback's path. */
async function toCallback(b: Browser, login: string, tamper?: (u: URL) => void) {
  const start = await b.get('/sign-in/oidc');
  expect(start.status).toBe(303);
  const url = new URL(start.headers.get('Location')!);
  expect(url.origin).toBe(idp.issuer);
  tamper?.(url);
  return throughProvider(url.href, login);
}

async function signIn(b: Browser, login: string) {
  const res = await b.get(await toCallback(b, login));
  if (res.status === 303) await b.get('/');
  return res;
}

const events = (action: string) =>
  t.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, action as 'user.signed_in'))
    .all()
    .map((e) => ({ ...e, details: JSON.parse(e.details ?? '{}') as Record<string, unknown> }));
const count = (table: typeof users | typeof sessions | typeof oidcIdentities) =>
  t.db.select().from(table).all().length;

const ann = (groups: string[], amr = ['pwd']) => ({
  email: 'ann.peeters@turnhout.invalid',
  name: 'Ann Peeters',
  groups,
  amr,
});

describe('sign-in with the city identity provider', () => {
  it('offers "Aanmelden met" the provider on the sign-in page', async () => {
    await console_();
    const page = await t.browser().get('/sign-in');
    expect(page.text_).toContain('Aanmelden met Stad Turnhout');
    expect(page.text_).toContain('href="/sign-in/oidc"');
  });

  it('sends the browser to the provider with PKCE (S256), state and nonce', async () => {
    await console_();
    const res = await t.browser().get('/sign-in/oidc?next=/crises');
    const url = new URL(res.headers.get('Location')!);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    for (const p of ['code_challenge', 'state', 'nonce'])
      expect(url.searchParams.get(p)?.length).toBeGreaterThanOrEqual(43);
    expect(url.searchParams.get('redirect_uri')).toBe(
      'http://127.0.0.1:3000/sign-in/oidc/callback',
    );
  });

  it('signs in a person whose group maps to a role, creating and linking their account', async () => {
    await console_();
    idp.accounts.set('ann', ann(['crisiscel-operatoren', 'iedereen']));
    const b = t.browser();
    const start = await b.get('/sign-in/oidc?next=/crises');
    const res = await b.get(await throughProvider(start.headers.get('Location')!, 'ann'));
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/crises');
    // No MFA at the provider (amr pwd): the console's own second factor comes first.
    const gated = await b.get('/crises');
    expect(gated.status).toBe(303);
    expect(gated.headers.get('Location')).toMatch(/^\/second-factor\?/);
    const user = t.db
      .select()
      .from(users)
      .where(eq(users.email, 'ann.peeters@turnhout.invalid'))
      .get()!;
    expect(user.roles).toEqual(['crisis_operator']);
    expect(user.name).toBe('Ann Peeters');
    const identity = t.db.select().from(oidcIdentities).get()!;
    expect(identity).toMatchObject({ issuer: idp.issuer, subject: 'ann', userId: user.id });
    const [signedIn] = events('user.signed_in');
    expect(signedIn!.details).toMatchObject({
      via: 'oidc',
      issuer: idp.issuer,
      secondFactor: null,
    });
    expect(events('user.oidc_linked')).toHaveLength(1);
  });

  it('links the first sign-in to the console user with the same verified e-mail address', async () => {
    await console_();
    const existing = await t.user(['owner']);
    idp.accounts.set('x1', { ...ann(['dienst-communicatie']), email: existing.email });
    const b = t.browser();
    expect((await signIn(b, 'x1')).status).toBe(303);
    expect(count(users)).toBe(1);
    const after = t.db.select().from(users).where(eq(users.id, existing.id)).get()!;
    expect(after.roles).toEqual(['communicatie']);
    // Password sign-in still works for the account that has one.
    expect((await t.browser().signIn(existing.email)).status).toBe(303);
  });

  it('refuses to link an existing account by an e-mail address the provider does not vouch for', async () => {
    await console_();
    const existing = await t.user(['communicatie']);
    idp.accounts.set('x2', {
      ...ann(['dienst-communicatie']),
      email: existing.email,
      emailVerified: false,
    });
    const res = await signIn(t.browser(), 'x2');
    expect(res.status).toBe(403);
    expect(res.text_).toContain('niet aan deze aanmelding gekoppeld');
    expect(count(oidcIdentities)).toBe(0);
    expect(count(sessions)).toBe(0);
  });

  it('refuses a person whose groups map to no role, with a message, writing nothing but the refusal', async () => {
    await console_();
    idp.accounts.set('ann', ann(['iedereen', 'sporthal']));
    const seqBefore = count(users);
    const res = await signIn(t.browser(), 'ann');
    expect(res.status).toBe(403);
    expect(res.text_).toContain('geen van uw groepen geeft toegang tot de crisisconsole');
    expect(count(users)).toBe(seqBefore);
    expect(count(sessions)).toBe(0);
    expect(count(oidcIdentities)).toBe(0);
    const refused = events('user.oidc_refused');
    expect(refused).toHaveLength(1);
    expect(refused[0]!.details).toMatchObject({
      reason: 'no_role',
      subject: 'ann',
      groups: ['iedereen', 'sporthal'],
    });
    expect(
      t.db
        .select()
        .from(auditEvents)
        .all()
        .map((e) => e.action),
    ).toEqual(['user.oidc_refused']);
  });

  it('says so in English for an English browser', async () => {
    await console_();
    idp.accounts.set('ann', ann(['sporthal']));
    const b = t.browser();
    const callback = await toCallback(b, 'ann');
    const res = await b.get(callback, { 'Accept-Language': 'en' });
    expect(res.text_).toContain('none of your groups gives access to the crisis console');
  });

  it('takes away at the next sign-in a role taken away at the provider', async () => {
    await console_();
    // MFA at the provider, so the roles are what the console's gate judges here.
    const mfa = ['pwd', 'mfa'];
    idp.accounts.set('ann', ann(['crisiscel-operatoren', 'dienst-communicatie'], mfa));
    const first = t.browser();
    await signIn(first, 'ann');
    expect((await first.get('/users')).status).toBe(200);
    idp.accounts.set('ann', ann(['crisiscel-operatoren'], mfa));
    const second = t.browser();
    expect((await signIn(second, 'ann')).status).toBe(303);
    expect((await second.get('/users')).status).toBe(403);
    // The roles are the user's, not the session's: the earlier session lost it too.
    expect((await first.get('/users')).status).toBe(403);
    expect((await second.get('/crises')).status).toBe(200);
    const [changed] = events('user.roles_from_provider');
    expect(changed!.details).toMatchObject({
      from: ['communicatie', 'crisis_operator'],
      to: ['crisis_operator'],
    });
  });

  it('counts the provider MFA as the second factor when amr says so', async () => {
    await console_();
    idp.accounts.set('ann', ann(['crisiscel-operatoren'], ['pwd', 'mfa']));
    await signIn(t.browser(), 'ann');
    const session = t.db.select().from(sessions).get()!;
    expect(session.secondFactorHow).toBe('oidc:mfa');
    expect(session.secondFactorAt).toBe(t.clock.now.toISOString());
    expect(events('user.signed_in')[0]!.details).toMatchObject({
      amr: ['pwd', 'mfa'],
      secondFactor: 'oidc:mfa',
    });
  });

  it('leaves the session without a second factor when amr names none that counts', async () => {
    await console_({ mfaAmr: ['mfa'] });
    idp.accounts.set('ann', ann(['crisiscel-operatoren'], ['pwd', 'otp']));
    await signIn(t.browser(), 'ann');
    const session = t.db.select().from(sessions).get()!;
    expect(session.secondFactorAt).toBeNull();
    expect(session.secondFactorHow).toBeNull();
  });

  it('refuses a callback whose state is not the one this browser was sent with', async () => {
    await console_();
    idp.accounts.set('ann', ann(['crisiscel-operatoren']));
    const b = t.browser();
    const callback = new URL(await toCallback(b, 'ann'), 'http://x');
    callback.searchParams.set('state', 'forged-state-forged-state-forged-state-forged');
    const res = await b.get(`${callback.pathname}${callback.search}`);
    expect(res.status).toBe(400);
    expect(res.text_).toContain('niet in deze browser begonnen');
    expect(count(sessions)).toBe(0);
    expect(count(users)).toBe(0);
    expect(events('user.oidc_refused')[0]!.details).toMatchObject({ reason: 'state' });
  });

  it('refuses a callback in a browser that never started a sign-in (login CSRF)', async () => {
    await console_();
    idp.accounts.set('ann', ann(['crisiscel-operatoren']));
    const callback = await toCallback(t.browser(), 'ann');
    const victim = t.browser();
    const res = await victim.get(callback);
    expect(res.status).toBe(400);
    expect(count(sessions)).toBe(0);
  });

  it('refuses an ID token whose nonce is not the one this sign-in was given', async () => {
    await console_();
    idp.accounts.set('ann', ann(['crisiscel-operatoren']));
    const b = t.browser();
    const callback = await toCallback(b, 'ann', (u) =>
      u.searchParams.set('nonce', 'another-nonce-another-nonce-another-nonce-42'),
    );
    const res = await b.get(callback);
    expect(res.status).toBe(400);
    expect(res.text_).toContain('hoort niet bij deze aanmelding');
    expect(count(sessions)).toBe(0);
    expect(events('user.oidc_refused')[0]!.details).toMatchObject({ reason: 'nonce' });
  });

  it('refuses an ID token that has expired by the console clock', async () => {
    await console_();
    idp.accounts.set('ann', ann(['crisiscel-operatoren']));
    const b = t.browser();
    const callback = await toCallback(b, 'ann');
    t.clock.advance(2 * 3_600_000); // the provider's ID tokens live an hour
    const res = await b.get(callback);
    expect(res.status).toBe(400);
    expect(res.text_).toContain('is verlopen');
    expect(count(sessions)).toBe(0);
    expect(events('user.oidc_refused')[0]!.details).toMatchObject({ reason: 'expired' });
  });

  it('records refused callbacks from one address once a minute, not once a request', async () => {
    await console_();
    const b = t.browser();
    for (let i = 0; i < 5; i++) await b.get('/sign-in/oidc/callback?code=x&state=y');
    expect(events('user.oidc_refused')).toHaveLength(1);
    t.clock.advance(60_000);
    await b.get('/sign-in/oidc/callback?code=x&state=y');
    expect(events('user.oidc_refused')).toHaveLength(2);
  });

  it('refuses a deactivated console user although the provider signs them in', async () => {
    await console_();
    idp.accounts.set('ann', ann(['crisiscel-operatoren']));
    await signIn(t.browser(), 'ann');
    t.db.update(users).set({ active: false }).run();
    const res = await signIn(t.browser(), 'ann');
    expect(res.status).toBe(403);
    expect(res.text_).toContain('uitgeschakeld');
  });

  it('creates no account for an unknown person when creating users is off', async () => {
    await console_({ createUsers: false });
    idp.accounts.set('ann', ann(['crisiscel-operatoren']));
    const res = await signIn(t.browser(), 'ann');
    expect(res.status).toBe(403);
    expect(res.text_).toContain('nog geen account');
    expect(count(users)).toBe(0);
  });

  it('refuses password sign-in when it is turned off, and shows only the provider', async () => {
    await console_({}, false);
    const u = await t.user(['communicatie']);
    const b = t.browser();
    const page = await b.get('/sign-in');
    expect(page.text_).toContain('Aanmelden met Stad Turnhout');
    expect(page.text_).not.toContain('name="password"');
    const res = await b.signIn(u.email);
    expect(res.status).toBe(422);
    expect(res.text_).toContain('Aanmelden met een wachtwoord staat uit');
    expect(count(sessions)).toBe(0);
  });

  it('gives an account made by the provider no password to sign in with', async () => {
    await console_();
    idp.accounts.set('ann', ann(['crisiscel-operatoren']));
    await signIn(t.browser(), 'ann');
    const res = await t.browser().signIn('ann.peeters@turnhout.invalid', '');
    expect(res.status).toBe(422);
    const again = await t.browser().signIn('ann.peeters@turnhout.invalid', 'anything at all');
    expect(again.status).toBe(422);
  });
});
