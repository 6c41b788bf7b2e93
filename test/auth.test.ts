import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, sessions, users } from '../db/schema';
import { signIn } from '../src/domain/auth/sign-in';
import { PASSWORD, setup } from './helpers';

const sessionCookie = (b: { cookies: Map<string, string> }) => b.cookies.get('session');

describe('sign-in', () => {
  it('gives no session to an account deactivated while its password was being checked', async () => {
    const t = await setup();
    const user = await t.user(['crisis_operator']);
    const signingIn = signIn(t.db, {
      email: user.email,
      password: PASSWORD,
      ip: '127.0.0.1',
      now: t.clock.now,
      policy: t.config.session,
      scryptN: t.config.scryptN,
    });
    // signIn has read the account and is now awaiting the password hash.
    t.db.update(users).set({ active: false }).where(eq(users.id, user.id)).run();
    expect(await signingIn).toMatchObject({ ok: false, error: 'signIn.failed' });
    expect(t.db.select().from(sessions).all()).toHaveLength(0);
  });

  it('signs a user in with the right password and records the sign-in', async () => {
    const t = await setup();
    const user = await t.user(['communicatie']);
    const b = t.browser();
    const res = await b.signIn(user.email);
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/');
    expect(res.headers.get('Set-Cookie')).toMatch(
      /session=[\w-]+; Path=\/; HttpOnly; SameSite=Lax/,
    );
    expect((await b.get('/')).text_).toContain(user.name);
    const actions = t.db
      .select()
      .from(auditEvents)
      .all()
      .map((e) => e.action);
    expect(actions).toContain('user.signed_in');
  });

  it('refuses a wrong password with a clear message in Dutch, and records the failure', async () => {
    const t = await setup();
    const user = await t.user(['owner']);
    const res = await t.browser().signIn(user.email, 'wrong password');
    expect(res.status).toBe(422);
    expect(res.text_).toContain('E-mailadres of wachtwoord is niet juist.');
    expect(t.db.select().from(sessions).all()).toHaveLength(0);
    expect(
      t.db.select().from(auditEvents).where(eq(auditEvents.action, 'user.sign_in_failed')).all(),
    ).toHaveLength(1);
  });

  it('says the same for an unknown account, so accounts cannot be discovered', async () => {
    const t = await setup();
    const res = await t.browser().signIn('nobody@test.invalid');
    expect(res.status).toBe(422);
    expect(res.text_).toContain('E-mailadres of wachtwoord is niet juist.');
  });

  it('slows repeated failures down, then locks the account, and says until when', async () => {
    const t = await setup();
    const user = await t.user(['owner']);
    const b = t.browser();
    for (let i = 0; i < 2; i++) expect((await b.signIn(user.email, 'nope')).status).toBe(422);
    const third = await b.signIn(user.email, 'nope');
    expect(third.status).toBe(429);
    expect(third.text_).toContain('Te veel mislukte pogingen. Probeer opnieuw na 14:00.');
    // Even the right password is refused while locked.
    expect((await b.signIn(user.email)).status).toBe(429);
    t.clock.advance(31_000);
    expect((await b.signIn(user.email, 'nope')).status).toBe(429); // 4th failure: 60 s
    t.clock.advance(61_000);
    expect((await b.signIn(user.email, 'nope')).text_).toMatch(/Probeer opnieuw na 14:16/); // 5th: 15 min
    t.clock.advance(15 * 60_000 + 1000);
    expect((await b.signIn(user.email)).status).toBe(303);
    const locks = t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'user.locked_out'))
      .all();
    expect(locks.length).toBe(3);
    // The attempt with the right password during the first lock is on the record too: counted
    // in one event for that lock, written by the next attempt after it.
    const refused = t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'user.sign_in_refused'))
      .all()
      .map((e) => JSON.parse(e.details));
    expect(refused).toEqual([
      expect.objectContaining({
        email: user.email,
        refused: 1,
        lockedUntil: '2026-11-25T13:00:30.000Z',
      }),
    ]);
  });

  it('gives the session a new id at sign-in, so a planted id is never promoted', async () => {
    const t = await setup();
    const user = await t.user(['owner']);
    const b = t.browser();
    b.cookies.set('session', 'planted-by-an-attacker');
    await b.signIn(user.email);
    expect(sessionCookie(b)).not.toBe('planted-by-an-attacker');
    expect((await b.get('/')).status).toBe(200);
  });

  it('ends the session on the server at sign-out: the old cookie no longer works', async () => {
    const t = await setup();
    const b = await t.as(['communicatie']);
    const stolen = sessionCookie(b)!;
    const res = await b.post('/sign-out');
    expect(res.status).toBe(303);
    expect(t.db.select().from(sessions).all()).toHaveLength(0);
    const thief = t.browser();
    thief.cookies.set('session', stolen);
    const after = await thief.get('/users');
    expect(after.status).toBe(303);
    expect(after.headers.get('Location')).toBe('/sign-in?next=%2Fusers');
  });

  it('expires a session after 30 idle minutes', async () => {
    const t = await setup();
    const b = await t.as(['communicatie']);
    t.clock.advance(29 * 60_000);
    expect((await b.get('/users')).status).toBe(200);
    t.clock.advance(29 * 60_000); // activity above slid the idle window
    expect((await b.get('/users')).status).toBe(200);
    t.clock.advance(31 * 60_000);
    const res = await b.get('/users');
    expect(res.status).toBe(303);
    expect(t.db.select().from(sessions).all()).toHaveLength(0);
  });

  it('expires a session after 12 hours even when it is used all the time', async () => {
    const t = await setup();
    const b = await t.as(['communicatie']);
    for (let i = 0; i < 12 * 3; i++) {
      t.clock.advance(20 * 60_000);
      const res = await b.get('/');
      if (res.status !== 200) {
        expect(i).toBe(35); // the request at 12:00 is the first refused
        return;
      }
    }
    expect((await b.get('/')).status).toBe(303);
  });

  it('marks the cookie Secure with the __Host- prefix when served over HTTPS', async () => {
    const t = await setup({ baseUrl: 'https://crisis.example', secureCookies: true });
    const user = await t.user(['owner']);
    const res = await t.browser().signIn(user.email, PASSWORD);
    expect(res.headers.get('Set-Cookie')).toMatch(
      /__Host-session=[\w-]+; Path=\/; HttpOnly; Secure; SameSite=Lax/,
    );
  });
});
