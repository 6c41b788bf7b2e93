// A password stored at other scrypt parameters (before the cost changed) is re-hashed at the
// current ones by the next successful sign-in, in the sign-in's own transaction.
import { randomBytes, scryptSync } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, users } from '../db/schema';
import { signIn } from '../src/domain/auth/sign-in';
import { verifyChain } from '../src/domain/audit/trail';
import { hashPassword, verifyPassword } from '../src/domain/auth/password';
import { PASSWORD, setup, TEST_SCRYPT_N, type TestContext } from './helpers';

// The stored format at N=2^11, r=8, p=1, made with Node's scrypt directly (the old layout used p=1).
const oldHash = (password: string) => {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 32, { N: 2048, r: 8, p: 1 });
  return ['scrypt', 2048, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
};

async function userWithOldHash(t: TestContext) {
  const user = await t.user(['communicatie']);
  const stored = oldHash(PASSWORD);
  t.db.update(users).set({ passwordHash: stored }).where(eq(users.id, user.id)).run();
  return { user, stored };
}

const hashOf = (t: TestContext, id: number) =>
  t.db.select().from(users).where(eq(users.id, id)).get()!.passwordHash;
/** What each user.signed_in event says about re-hashing (undefined: nothing was re-hashed). */
const rehashedOnSignIn = (t: TestContext) =>
  t.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, 'user.signed_in'))
    .all()
    .map((e) => JSON.parse(e.details).rehashed);
const input = (t: TestContext, email: string, password = PASSWORD) => ({
  email,
  password,
  ip: '127.0.0.1',
  now: t.clock.now,
  policy: t.config.session,
  scryptN: t.config.scryptN,
});

describe('re-hashing at sign-in', () => {
  it('signs in with a hash at older parameters, then stores the password at the current ones and says so in the audit trail', async () => {
    const t = await setup();
    const { user } = await userWithOldHash(t);
    expect((await t.browser().signIn(user.email)).status).toBe(303);
    const now = hashOf(t, user.id);
    expect(now).toMatch(new RegExp(`^scrypt\\$${TEST_SCRYPT_N}\\$8\\$5\\$`));
    expect(await verifyPassword(PASSWORD, now)).toBe(true);
    expect(rehashedOnSignIn(t)).toEqual([
      { from: 'N=2048 r=8 p=1', to: `N=${TEST_SCRYPT_N} r=8 p=5` },
    ]);
    expect(verifyChain(t.db).ok).toBe(true);
    // The next sign-in finds the current parameters and leaves the hash alone.
    expect((await t.browser().signIn(user.email)).status).toBe(303);
    expect(hashOf(t, user.id)).toBe(now);
    expect(rehashedOnSignIn(t)).toEqual([expect.anything(), undefined]);
  });

  it("leaves the hash and the user's version alone when the password is wrong", async () => {
    const t = await setup();
    const { user, stored } = await userWithOldHash(t);
    expect((await t.browser().signIn(user.email, 'wrong password')).status).toBe(422);
    expect(hashOf(t, user.id)).toBe(stored);
    expect(t.db.select().from(users).where(eq(users.id, user.id)).get()!.version).toBe(
      user.version,
    );
  });

  it("writes the new hash only with the sign-in's audit event: when that fails, the old hash stays", async () => {
    const t = await setup();
    const { user, stored } = await userWithOldHash(t);
    t.sqlite.exec(`CREATE TEMP TRIGGER no_sign_in BEFORE INSERT ON audit_events
      WHEN NEW.action = 'user.signed_in' BEGIN SELECT RAISE(ABORT, 'audit trail unavailable'); END`);
    await expect(signIn(t.db, input(t, user.email))).rejects.toThrow(/audit trail unavailable/);
    expect(hashOf(t, user.id)).toBe(stored);
  });

  it('does not overwrite a password changed while the sign-in was verifying the old one', async () => {
    const t = await setup();
    const { user } = await userWithOldHash(t);
    const pending = signIn(t.db, input(t, user.email));
    // signIn has read the old hash and is deriving: an administrator sets a new password meanwhile.
    const changed = await hashPassword('a brand new password', TEST_SCRYPT_N);
    t.db.update(users).set({ passwordHash: changed }).where(eq(users.id, user.id)).run();
    expect((await pending).ok).toBe(true);
    expect(hashOf(t, user.id)).toBe(changed);
    expect(rehashedOnSignIn(t)).toEqual([undefined]);
  });
});
