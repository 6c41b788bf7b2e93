// Passkeys through their JSON endpoints: the relying party comes from BASE_URL, registration needs
// a recent second factor, and an answer that does not answer the session's challenge is refused
// and audited. The whole ceremony with a real authenticator is in test/e2e/second-factor.e2e.ts.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents, webauthnChallenges } from '../db/schema';
import { setup, type TestContext } from './helpers';

let t: TestContext;
beforeEach(async () => {
  t = await setup({ baseUrl: 'https://crisis.turnhout.invalid' });
});
afterEach(() => t.sqlite.close());

const json = (b: Awaited<ReturnType<TestContext['as']>>, path: string, body: unknown) =>
  b.request(path, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': b.csrf },
  });

describe('passkeys', () => {
  it("offers a registration for BASE_URL's host, once the second factor is recent", async () => {
    const b = await t.as(['crisis_operator'], 'Jef Peeters');
    const res = await json(b, '/second-factor/passkey/register/options', {});
    const options = JSON.parse(res.text_) as { rp: { id: string }; user: { name: string } };
    expect(options.rp.id).toBe('crisis.turnhout.invalid');
    expect(options.user.name).toMatch(/@test\.invalid$/);
    expect(t.db.select().from(webauthnChallenges).all()).toHaveLength(1);
    t.clock.advance(16 * 60_000);
    await b.get('/');
    const late = await json(b, '/second-factor/passkey/register/options', {});
    expect(late.status).toBe(401);
    expect(JSON.parse(late.text_).redirect).toMatch(/step-up=1$/);
  });

  it('refuses an answer to no challenge of this session, audited, and a forged one', async () => {
    const b = await t.as(['communicatie']);
    const forged = { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: {} };
    const none = await json(b, '/second-factor/passkey', { response: forged });
    expect(none.status).toBe(422);
    expect(JSON.parse(none.text_).error).toBe('De passkey-vraag is verlopen. Probeer opnieuw.');
    await json(b, '/second-factor/passkey/options', {});
    const wrong = await json(b, '/second-factor/passkey', { response: forged, next: '/' });
    expect(JSON.parse(wrong.text_).error).toBe('Die passkey werd niet aanvaard.');
    const failed = t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'second_factor.failed'))
      .all();
    expect(failed.map((e) => JSON.parse(e.details).kind)).toEqual(['passkey', 'passkey']);
    // The challenge served one answer: it is gone.
    expect(t.db.select().from(webauthnChallenges).all()).toEqual([]);
    const register = await json(b, '/second-factor/passkey/register', { response: forged });
    expect(register.status).toBe(422);
  });
});
