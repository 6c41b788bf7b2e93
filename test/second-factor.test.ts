// The second factor's domain: TOTP by RFC 6238's own vectors, enrolment, replay, throttle,
// recovery codes and the reset by Communicatie.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents, secondFactors, sessions } from '../db/schema';
import { newRecoveryCodes, useRecoveryCode } from '../src/domain/auth/recovery-codes';
import { secondFactorState, recentSecondFactor } from '../src/domain/auth/second-factor';
import { resetSecondFactor } from '../src/domain/auth/second-factor-reset';
import { createSession } from '../src/domain/auth/sessions';
import { beginTotp, totpCode, verifyTotp } from '../src/domain/auth/totp';
import { transaction } from '../src/domain/lib/db';
import { SYSTEM } from '../src/domain/audit/trail';
import { reencryptAll } from '../src/domain/vault/credentials';
import { setup, type TestContext } from './helpers';

// RFC 6238 Appendix B, SHA-1: the seed "12345678901234567890"; our six digits are the last six.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const RFC_VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

let t: TestContext;
beforeEach(async () => {
  t = await setup();
});
afterEach(() => t.sqlite.close());

async function enrolled(roles: Parameters<TestContext['user']>[0] = ['communicatie']) {
  const user = await t.user(roles);
  const { token, session } = createSession(t.db, user.id, t.clock.now, t.config.session);
  const { secret } = beginTotp(t.db, user, t.config.vault, t.clock.now);
  return { user, token, session, secret };
}

const check = (e: Awaited<ReturnType<typeof enrolled>>, code: string, ip = '192.0.2.1') =>
  verifyTotp(t.db, e.user, t.config.vault, {
    userId: e.user.id,
    code,
    ip,
    now: t.clock.now,
    sessionId: e.session.id,
  });

const sessionOf = (id: string) => t.db.select().from(sessions).where(eq(sessions.id, id)).get()!;
const actions = () =>
  t.db
    .select()
    .from(auditEvents)
    .all()
    .map((e) => e.action);

describe('TOTP', () => {
  it.each(RFC_VECTORS)('gives RFC 6238 code %s s → %s (last six digits)', (seconds, code) => {
    expect(totpCode(RFC_SECRET, new Date(seconds * 1000))).toBe(code.slice(-6));
  });

  it('confirms an enrolment with a right code and marks the session, audited without the secret', async () => {
    const e = await enrolled();
    expect(secondFactorState(t.db, e.user, e.session, { requiredFor: 'staff' })).toBe('enrol');
    const result = await check(e, totpCode(e.secret, t.clock.now));
    expect(result).toEqual({ ok: true, value: { enrolled: true } });
    expect(sessionOf(e.session.id)).toMatchObject({
      secondFactorAt: t.clock.now.toISOString(),
      secondFactorHow: 'totp',
    });
    expect(actions()).toEqual(
      expect.arrayContaining(['second_factor.enrolled', 'second_factor.used']),
    );
    const trail = JSON.stringify(t.db.select().from(auditEvents).all());
    expect(trail).not.toContain(e.secret);
    const row = t.db.select().from(secondFactors).get()!;
    expect(JSON.stringify(row)).not.toContain(e.secret);
  });

  it('refuses a code replayed within its window, and takes the next step’s code', async () => {
    const e = await enrolled();
    const code = totpCode(e.secret, t.clock.now);
    expect((await check(e, code)).ok).toBe(true);
    expect(await check(e, code)).toMatchObject({ ok: false, error: 'secondFactor.failed' });
    t.clock.advance(30_000);
    expect((await check(e, totpCode(e.secret, t.clock.now))).ok).toBe(true);
  });

  it('refuses a wrong code and locks after repeated failures, even for the right code then', async () => {
    const e = await enrolled();
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await check(e, '000000'));
    expect(results.at(-1)).toMatchObject({ ok: false, error: 'signIn.locked', status: 429 });
    expect(await check(e, totpCode(e.secret, t.clock.now))).toMatchObject({
      error: 'signIn.locked',
    });
    expect(sessionOf(e.session.id).secondFactorAt).toBeNull();
    expect(actions().filter((a) => a === 'second_factor.failed')).toHaveLength(3); // the third locks; the rest are refused unchecked
  });

  it('asks an owner without a factor for nothing, and for the factor once enrolled', async () => {
    const owner = await enrolled(['owner']);
    const bare = await t.user(['owner']);
    const { session } = createSession(t.db, bare.id, t.clock.now, t.config.session);
    expect(secondFactorState(t.db, bare, session, { requiredFor: 'staff' })).toBe('satisfied');
    expect(secondFactorState(t.db, bare, session, { requiredFor: 'all' })).toBe('enrol');
    await check(owner, totpCode(owner.secret, t.clock.now));
    const next = createSession(t.db, owner.user.id, t.clock.now, t.config.session).session;
    expect(secondFactorState(t.db, owner.user, next, { requiredFor: 'staff' })).toBe('verify');
  });

  it('counts a second factor as recent for a step-up for fifteen minutes', async () => {
    const e = await enrolled();
    await check(e, totpCode(e.secret, t.clock.now));
    t.clock.advance(14 * 60_000);
    expect(recentSecondFactor(sessionOf(e.session.id), t.clock.now)).toBe(true);
    t.clock.advance(60_000);
    expect(recentSecondFactor(sessionOf(e.session.id), t.clock.now)).toBe(false);
  });
});

describe('vault key rotation', () => {
  it('moves the TOTP secrets to the new key with the login details', async () => {
    const e = await enrolled();
    const v2 = { currentKeyId: 'k2', keys: { k2: Buffer.alloc(32, 7).toString('base64') } };
    reencryptAll(t.db, SYSTEM, t.config.vault!, v2, t.clock.now);
    expect(t.db.select().from(secondFactors).get()!.keyId).toBe('k2');
    const result = await verifyTotp(t.db, e.user, v2, {
      userId: e.user.id,
      code: totpCode(e.secret, t.clock.now),
      ip: '192.0.2.1',
      now: t.clock.now,
      sessionId: e.session.id,
    });
    expect(result.ok).toBe(true);
  });
});

describe('recovery codes', () => {
  it('takes each of ten codes once in place of the factor', async () => {
    const e = await enrolled();
    const codes = transaction(t.db, (tx) => newRecoveryCodes(tx, e.user.id, t.clock.now));
    expect(new Set(codes).size).toBe(10);
    const use = (code: string) =>
      useRecoveryCode(t.db, e.user, {
        code,
        ip: '192.0.2.1',
        now: t.clock.now,
        sessionId: e.session.id,
      });
    expect(await use(codes[3]!.toUpperCase())).toEqual({ ok: true, value: { remaining: 9 } });
    expect(sessionOf(e.session.id).secondFactorHow).toBe('recovery');
    expect(await use(codes[3]!)).toMatchObject({ ok: false, error: 'secondFactor.failed' });
    expect(actions()).toContain('second_factor.recovery_used');
  });
});

describe('reset by Communicatie', () => {
  it('removes the factors and sessions with a reason, never by the user alone', async () => {
    const e = await enrolled(['crisis_operator']);
    await check(e, totpCode(e.secret, t.clock.now));
    const comm = await t.user(['communicatie']);
    const actor = { userId: comm.id, role: 'communicatie' as const };
    const self = { userId: e.user.id, role: 'crisis_operator' as const };
    expect(
      resetSecondFactor(t.db, self, e.user.id, 'lost my phone on the train', t.clock.now),
    ).toMatchObject({ ok: false, error: 'secondFactor.reset.notOwn' });
    expect(resetSecondFactor(t.db, actor, e.user.id, 'lost', t.clock.now)).toMatchObject({
      ok: false,
      field: 'reason',
    });
    expect(
      resetSecondFactor(t.db, actor, e.user.id, 'phone lost, checked by call', t.clock.now),
    ).toEqual({ ok: true, value: { factors: 1 } });
    expect(t.db.select().from(secondFactors).all()).toEqual([]);
    expect(t.db.select().from(sessions).where(eq(sessions.userId, e.user.id)).all()).toEqual([]);
    expect(actions()).toContain('second_factor.reset');
  });
});
