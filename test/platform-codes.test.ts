// A platform account's two-step verification in the vault: its TOTP secret sealed with the login
// details, the codes a reveal shows (RFC 6238's test vectors), readiness's dead end, and copying
// the password without showing it.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, credentials } from '../db/schema';
import { channelsWithProblems } from '../src/domain/report/readiness';
import { openRow } from '../src/domain/vault/credentials';
import { parseTotpSecret, platformCodes } from '../src/domain/vault/platform-codes';
import { setup, type TestContext } from './helpers';
import { channel, owner } from './registry-fixtures';

// RFC 6238 appendix B: the SHA-1 key is the ASCII "12345678901234567890".
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const PASSWORD = 'Zomer!Festival-9431-geheim';
const reason = 'Eigenaar onbereikbaar, stormbericht moet uit';

async function instagram(t: TestContext, extra: Record<string, string> = {}) {
  const o = owner(t, 'Laura Michiels');
  const c = channel(t, 'Zomerfestival', { platform: 'instagram', owners: [o.id] });
  const admin = await t.as(['communicatie'], 'Lotte Communicatie');
  const res = await admin.post(`/channels/${c.id}/credentials`, {
    username: 'zomerfestival.turnhout',
    password: PASSWORD,
    twoFactor: '',
    ...extra,
  });
  return { c, admin, res };
}

const events = (t: TestContext, action: string) =>
  t.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, action as never))
    .all();

const kindsOf = (t: TestContext, id: number) =>
  channelsWithProblems(t.db, t.config.readiness, t.clock.now)
    .find((c) => c.id === id)!
    .problems.map((p) => p.kind);

describe('two-step verification codes', () => {
  it('makes the codes of RFC 6238, each valid to the end of its 30 seconds', () => {
    const vectors: [number, string][] = [
      [59, '287082'],
      [1111111109, '081804'],
      [1111111111, '050471'],
      [1234567890, '005924'],
      [2000000000, '279037'],
      [20000000000, '353130'],
    ];
    for (const [seconds, code] of vectors) {
      const codes = platformCodes(RFC_SECRET, new Date(seconds * 1000));
      expect(codes.current.code).toBe(code);
      expect(Date.parse(codes.current.validUntil) / 1000).toBe(Math.floor(seconds / 30) * 30 + 30);
    }
    // The next code is the one of the next step: T=59 is step 1, so step 2 (60..89 s).
    expect(platformCodes(RFC_SECRET, new Date(59_000)).next).toEqual(
      platformCodes(RFC_SECRET, new Date(60_000)).current,
    );
  });

  it('takes the secret as the key or as the QR code link, and refuses anything else', () => {
    expect(parseTotpSecret('gezd gnbv gy3t qojq gezd gnbv gy3t qojq')).toEqual({
      ok: true,
      value: RFC_SECRET,
    });
    expect(
      parseTotpSecret(
        `otpauth://totp/Instagram:zomerfestival?secret=${RFC_SECRET}&issuer=Instagram`,
      ),
    ).toEqual({ ok: true, value: RFC_SECRET });
    expect(parseTotpSecret('JBSWY3DP')).toMatchObject({ error: 'credentials.totpInvalid' });
    expect(parseTotpSecret('not base32!')).toMatchObject({ error: 'credentials.totpInvalid' });
    expect(parseTotpSecret(`otpauth://totp/X:y?secret=${RFC_SECRET}&digits=8`)).toMatchObject({
      error: 'credentials.totpUnsupported',
    });
  });

  it('seals the secret with the login details and shows the current code on a reveal, audited', async () => {
    const t = await setup();
    t.clock.set('2026-11-25T13:00:10.000Z');
    const { c, admin, res } = await instagram(t, { totp: RFC_SECRET });
    expect(res.status).toBe(303);
    const row = t.db.select().from(credentials).get()!;
    expect(row.twoFactorMethod).toBe('codes_in_vault');
    expect(row.ciphertext).not.toContain(RFC_SECRET);
    expect(openRow(t.config.vault, row)).toMatchObject({ value: { totpSecret: RFC_SECRET } });
    expect(JSON.stringify(events(t, 'credentials.stored'))).not.toContain(RFC_SECRET);

    const page = await admin.post(`/channels/${c.id}/reveal`, { crisisId: '', reason });
    const { current, next } = platformCodes(RFC_SECRET, t.clock.now);
    const grouped = (code: string) => `${code.slice(0, 3)} ${code.slice(3)}`;
    expect(page.text_).toContain(grouped(current.code));
    expect(page.text_).toContain(grouped(next.code));
    // Valid until 14:00:30 Brussels time, readable without JavaScript.
    expect(page.text_).toContain('geldig tot 14:00:30');
    expect(page.text_).toContain(`data-valid-until="${current.validUntil}"`);
    expect(page.text_).not.toContain(RFC_SECRET);
    expect(JSON.parse(events(t, 'credentials.revealed')[0]!.details)).toMatchObject({
      codes: true,
      reason,
    });
  });

  it('refuses a secret that is not one, storing nothing', async () => {
    const t = await setup();
    const { res } = await instagram(t, { totp: 'ABC' });
    expect(res.status).toBe(422);
    expect(res.text_).toContain('geen geldig authenticator-geheim');
    expect(t.db.select().from(credentials).all()).toHaveLength(0);
  });

  it('drops the secret when Communicatie chooses another way past two-step verification', async () => {
    const t = await setup();
    const { c, admin } = await instagram(t, { totp: RFC_SECRET });
    await admin.post(`/channels/${c.id}/credentials`, {
      password: PASSWORD,
      twoFactorMethod: 'communicatie_phone',
    });
    const row = t.db.select().from(credentials).get()!;
    expect(row.twoFactorMethod).toBe('communicatie_phone');
    const opened = openRow(t.config.vault, row);
    expect(opened.ok && opened.value.username).toBe('zomerfestival.turnhout');
    expect(opened.ok && opened.value.totpSecret).toBeUndefined();
  });

  it('lists login details without a way past two-step verification on readiness', async () => {
    const t = await setup();
    const { c, admin } = await instagram(t, { twoFactorMethod: 'owner_phone' });
    expect(kindsOf(t, c.id)).toContain('two_factor_dead_end');
    await admin.post(`/channels/${c.id}/credentials`, { password: PASSWORD, totp: RFC_SECRET });
    expect(kindsOf(t, c.id)).not.toContain('two_factor_dead_end');
    expect((await admin.get('/readiness')).text_).not.toContain('Geen weg langs 2FA');
  });
});

describe('copying a password without showing it', () => {
  it('answers the password as text only, audited as credentials.copied and marked for rotation', async () => {
    const t = await setup();
    const { c, admin } = await instagram(t);
    const form = await admin.get(`/channels/${c.id}/reveal`);
    expect(form.text_).toContain(`data-copy-password="/channels/${c.id}/reveal/copy"`);
    expect(form.text_).not.toContain(PASSWORD);

    const res = await admin.post(`/channels/${c.id}/reveal/copy`, { crisisId: '', reason });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.headers.get('cache-control')).toContain('no-store');
    expect(res.text_).toBe(PASSWORD);
    const [copied] = events(t, 'credentials.copied');
    expect(JSON.parse(copied!.details)).toMatchObject({ purpose: 'verification', reason });
    expect(copied!.details).not.toContain(PASSWORD);
    expect(events(t, 'credentials.revealed')).toHaveLength(0);
    expect(t.db.select().from(credentials).get()!.mustRotate).toBe(true);
  });

  it('refuses without a reason or to an owner, as JSON that can never be taken for a password', async () => {
    const t = await setup();
    const { c, admin } = await instagram(t);
    const short = await admin.post(`/channels/${c.id}/reveal/copy`, {
      crisisId: '',
      reason: 'kort',
    });
    expect(short.status).toBe(422);
    expect(await JSON.parse(short.text_)).toEqual({ error: expect.stringContaining('10 tekens') });
    const owner = await t.as(['owner']);
    const refused = await owner.post(`/channels/${c.id}/reveal/copy`, { crisisId: '', reason });
    expect(refused.status).toBe(403);
    expect(refused.text_).not.toContain(PASSWORD);
    expect(events(t, 'credentials.copied')).toHaveLength(0);
  });
});
