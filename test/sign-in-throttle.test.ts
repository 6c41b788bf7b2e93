// The sign-in throttle as an attacker tries it: many guesses sent at once, a flood of attempts
// while locked, and hostile text in the e-mail field.
import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { auditEvents, sessions } from '../db/schema';
import { PASSWORD, setup } from './helpers';

// Counts the real password checks (scrypt derivations), without changing what they answer.
const checks = vi.hoisted(() => ({ count: 0 }));
vi.mock('../src/domain/auth/password', async (original) => {
  const real = await original<typeof import('../src/domain/auth/password')>();
  return {
    ...real,
    verifyPassword: (password: string, stored: string) => {
      checks.count += 1;
      return real.verifyPassword(password, stored);
    },
  };
});

const eventsOf = (t: Awaited<ReturnType<typeof setup>>, action: string) =>
  t.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, action as 'user.signed_in'))
    .all()
    .map((e) => JSON.parse(e.details) as Record<string, unknown>);

describe('the sign-in throttle under attack', () => {
  it.each([15, 30])(
    'opens no session for a burst of 30 wrong guesses and the right one (at %i), and checks no more passwords than one by one',
    async (rightAt) => {
      const t = await setup();
      const user = await t.user(['communicatie']);
      const b = t.browser();
      await b.get('/sign-in');
      checks.count = 0;
      const guesses = Array.from({ length: 31 }, (_, i) =>
        i === rightAt ? PASSWORD : `guess ${i}`,
      );
      const answers = await Promise.all(
        guesses.map((password) => b.post('/sign-in', { email: user.email, password })),
      );
      expect(answers.filter((r) => r.status === 303)).toHaveLength(0);
      expect(t.db.select().from(sessions).all()).toHaveLength(0);
      // One by one, the third failure locks the account: three password checks at most.
      expect(checks.count).toBeLessThanOrEqual(3);
      expect(answers.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(28);
    },
  );

  it('still signs the user in after two wrong passwords, one at a time', async () => {
    const t = await setup();
    const user = await t.user(['owner']);
    const b = t.browser();
    for (let i = 0; i < 2; i++) expect((await b.signIn(user.email, 'nope')).status).toBe(422);
    expect((await b.signIn(user.email)).status).toBe(303);
  });

  it('signs in twenty colleagues behind one address at once: the guesses wait, they are not refused', async () => {
    const t = await setup();
    const people = [];
    for (let i = 0; i < 20; i++) people.push(await t.user(['owner']));
    const answers = await Promise.all(people.map((p) => t.browser().signIn(p.email)));
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(303));
    expect(t.db.select().from(sessions).all()).toHaveLength(20);
  });

  it('audits the attempts refused during a lock as one event with their count, not one each', async () => {
    const t = await setup();
    const user = await t.user(['owner']);
    const b = t.browser();
    for (let i = 0; i < 3; i++) await b.signIn(user.email, 'nope'); // the third locks for 30 s
    const before = t.db.select().from(auditEvents).all().length;
    for (let i = 0; i < 50; i++) expect((await b.signIn(user.email, 'nope')).status).toBe(429);
    expect(t.db.select().from(auditEvents).all().length).toBe(before);
    t.clock.advance(31_000);
    expect((await b.signIn(user.email)).status).toBe(303);
    expect(eventsOf(t, 'user.sign_in_refused')).toEqual([
      {
        email: user.email,
        refused: 50,
        since: '2026-11-25T13:00:00.000Z',
        lockedUntil: '2026-11-25T13:00:30.000Z',
      },
    ]);
  });

  it.each([
    ['a line break', 'user1@test.invalid\r\nuser.signed_in'],
    ['a right-to-left override', 'user1@test.invalid\u202Egpj.exe'],
  ])(
    'refuses an e-mail with %s, as every other field does, and audits nothing',
    async (_, email) => {
      const t = await setup();
      await t.user(['owner']);
      const before = t.db.select().from(auditEvents).all().length;
      const res = await t.browser().signIn(email);
      expect(res.status).toBe(422);
      expect(res.text_).toContain('Bevat onzichtbare of ongeldige tekens.');
      expect(t.db.select().from(auditEvents).all().length).toBe(before);
    },
  );
});
