// API tokens: created by Communicatie for a user, shown once, kept as a hash, acting with that
// user's roles, revocable, audited; and no cookie ever authenticates an API call.
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { apiTokens, auditEvents, crises, users } from '../db/schema';
import { verifyChain } from '../src/domain/audit/trail';
import { formatDateTime } from '../src/i18n/format';
import { ApiClient, apiAs, tokenFor } from './fixtures/api-client';
import { setup, type TestContext } from './helpers';

const crisis = {
  title: 'Brand in de Warande',
  startedAt: '2026-11-25T13:40:00+01:00',
  impact: 'major',
  crisisCellLead: 'Burgemeester',
  crisisCellConvenedAt: '2026-11-25T13:50:00+01:00',
};
const TOKEN = /value="(ctc_[\w-]{43})"/;
const events = (t: TestContext, action: 'api_token.created' | 'api_token.revoked') =>
  t.db.select().from(auditEvents).where(eq(auditEvents.action, action)).all();

describe('API tokens on /api-tokens', () => {
  it('shows a new token once, keeps only its SHA-256, and audits its creation', async () => {
    const t = await setup();
    const admin = await t.as(['communicatie']);
    const operator = await t.user(['crisis_operator'], 'Olga Operator');
    expect((await admin.get('/api-tokens')).text_).toContain('Olga Operator');
    const res = await admin.post('/api-tokens', {
      userId: String(operator.id),
      name: 'Meldpunt crisiscel',
    });
    expect(res.status).toBe(200);
    expect(res.text_).toContain('Kopieer deze sleutel nu.');
    const token = TOKEN.exec(res.text_)![1]!;

    const row = t.db.select().from(apiTokens).get()!;
    expect(row.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(t.sqlite.prepare('select * from api_tokens').all())).not.toContain(
      token.slice(4),
    );
    expect(JSON.stringify(t.sqlite.prepare('select * from audit_events').all())).not.toContain(
      token.slice(4),
    );
    const again = await admin.get('/api-tokens');
    expect(again.text_).toContain('Meldpunt crisiscel');
    expect(again.text_).not.toContain(token);

    const [created] = events(t, 'api_token.created');
    expect(created).toMatchObject({ actorRole: 'communicatie' });
    expect(JSON.parse(created!.details)).toEqual({
      id: row.id,
      name: 'Meldpunt crisiscel',
      userId: operator.id,
      roles: ['crisis_operator'],
    });
    expect((await new ApiClient(t.app, token, operator).get('/api/v1/crises')).status).toBe(200);
  });

  it('explains a missing name or a deactivated user and creates nothing', async () => {
    const t = await setup();
    const admin = await t.as(['communicatie']);
    const operator = await t.user(['crisis_operator']);
    const noName = await admin.post('/api-tokens', { userId: String(operator.id), name: ' ' });
    expect(noName.status).toBe(422);
    expect(noName.text_).toContain('Dit veld is verplicht.');
    t.db.update(users).set({ active: false }).where(eq(users.id, operator.id)).run();
    const inactive = await admin.post('/api-tokens', {
      userId: String(operator.id),
      name: 'Meldpunt',
    });
    expect(inactive.status).toBe(422);
    expect(inactive.text_).toContain('Deze gebruiker is gedeactiveerd');
    expect(t.db.select().from(apiTokens).all()).toHaveLength(0);
  });

  it('is for Communicatie only', async () => {
    const t = await setup();
    const operator = await t.as(['crisis_operator']);
    expect((await operator.get('/api-tokens')).status).toBe(403);
    expect((await operator.post('/api-tokens', { userId: '1', name: 'x' })).status).toBe(403);
    expect(t.db.select().from(apiTokens).all()).toHaveLength(0);
  });

  it('revokes once when two users revoke at once, answering 409 with the token as it stands', async () => {
    const t = await setup();
    const one = await t.as(['communicatie']);
    const two = await t.as(['communicatie']);
    await apiAs(t, ['crisis_operator']);
    const { id, version } = t.db.select().from(apiTokens).get()!;
    const revoke = (b: typeof one) =>
      b.post(`/api-tokens/${id}/revoke`, { version: String(version) });
    const answers = await Promise.all([revoke(one), revoke(two)]);
    expect(answers.map((r) => r.status).sort()).toEqual([303, 409]);
    const stored = t.db.select().from(apiTokens).get()!;
    expect(stored).toMatchObject({ version: version + 1 });
    expect(stored.revokedAt).not.toBeNull();
    const loser = answers.find((r) => r.status === 409)!;
    expect(loser.text_).toContain('al ingetrokken');
    expect(loser.text_).toContain(`ingetrokken ${formatDateTime(stored.revokedAt!, 'nl')}`);
    expect(events(t, 'api_token.revoked')).toHaveLength(1);
  });

  it('refuses to revoke from a version the token no longer has, and writes nothing', async () => {
    const t = await setup();
    const admin = await t.as(['communicatie']);
    await apiAs(t, ['crisis_operator']);
    const { id, version } = t.db.select().from(apiTokens).get()!;
    const stale = await admin.post(`/api-tokens/${id}/revoke`, { version: String(version + 1) });
    expect(stale.status).toBe(409);
    expect(stale.text_).toContain('Iemand anders');
    expect(t.db.select().from(apiTokens).get()!.revokedAt).toBeNull();
    expect(events(t, 'api_token.revoked')).toHaveLength(0);
    const missing = await admin.post(`/api-tokens/${id}/revoke`);
    expect(missing.status).toBe(422);
    expect(t.db.select().from(apiTokens).get()!.revokedAt).toBeNull();
  });

  it('refuses a revoked token with 401 and audits the revocation once', async () => {
    const t = await setup();
    const admin = await t.as(['communicatie']);
    const api = await apiAs(t, ['crisis_operator']);
    expect((await api.get('/api/v1/crises')).status).toBe(200);
    const { id, version } = t.db.select().from(apiTokens).get()!;
    const revoke = { version: String(version) };
    expect((await admin.post(`/api-tokens/${id}/revoke`, revoke)).status).toBe(303);
    expect((await admin.get('/api-tokens')).text_).toContain(
      'API-sleutel &quot;Meldpunt&quot; ingetrokken.',
    );
    expect((await admin.post(`/api-tokens/${id}/revoke`, revoke)).status).toBe(409);
    expect(events(t, 'api_token.revoked')).toHaveLength(1);
    expect(JSON.parse(events(t, 'api_token.revoked')[0]!.details)).toMatchObject({
      id,
      userId: api.user.id,
    });

    const refused = await api.post('/api/v1/crises', crisis);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('WWW-Authenticate')).toContain('invalid_token');
    expect(refused.body.code).toBe('api.auth.invalid');
    expect(t.db.select().from(crises).all()).toHaveLength(0);
    expect(verifyChain(t.db).ok).toBe(true);
  });
});

describe('authentication on /api/v1', () => {
  it('refuses a missing, malformed or unknown token with 401 JSON', async () => {
    const t = await setup();
    const none = await t.app.request('/api/v1/crises');
    expect(none.status).toBe(401);
    expect(none.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(((await none.json()) as { code: string }).code).toBe('api.auth.missing');
    expect(none.headers.get('Set-Cookie')).toBeNull();
    const user = await t.user(['crisis_operator']);
    for (const token of ['not-a-token', `ctc_${'A'.repeat(43)}`]) {
      const res = await new ApiClient(t.app, token, user).get('/api/v1/crises');
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('api.auth.invalid');
    }
  });

  it("acts with its user's roles as they are now: an owner cannot declare, an operator can, a deactivated user cannot", async () => {
    const t = await setup();
    const api = await apiAs(t, ['owner']);
    const refused = await api.post('/api/v1/crises', crisis);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('Uw rol geeft geen toegang tot deze pagina of handeling.');
    expect(t.db.select().from(crises).all()).toHaveLength(0);

    t.db
      .update(users)
      .set({ roles: ['owner', 'crisis_operator'] })
      .where(eq(users.id, api.user.id))
      .run();
    const declared = await api.post('/api/v1/crises', crisis);
    expect(declared.status).toBe(201);
    const event = t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'crisis.declared'))
      .get()!;
    expect(event).toMatchObject({ actorUserId: api.user.id, actorRole: 'crisis_operator' });

    t.db.update(users).set({ active: false }).where(eq(users.id, api.user.id)).run();
    expect((await api.get('/api/v1/crises')).status).toBe(401);
  });

  it('never lets a browser session call the API, with or without its CSRF token', async () => {
    const t = await setup();
    const browser = await t.as(['crisis_operator']);
    const body = JSON.stringify(crisis);
    const post = await browser.request('/api/v1/crises', {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': browser.csrf },
    });
    expect(post.status).toBe(401);
    expect(JSON.parse(post.text_).code).toBe('api.auth.missing');
    const get = await browser.get('/api/v1/crises');
    expect(get.status).toBe(401);
    expect(get.headers.get('Set-Cookie')).toBeNull();
    // A cookie next to an owner's token does not lend the owner the operator's roles.
    const owner = await t.user(['owner']);
    const mixed = await browser.request('/api/v1/crises', {
      method: 'POST',
      body,
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${await tokenFor(t, owner)}`,
      },
    });
    expect(mixed.status).toBe(403);
    expect(t.db.select().from(crises).all()).toHaveLength(0);
  });

  it('notes when a token was last used, at most once a minute', async () => {
    const t = await setup();
    const api = await apiAs(t, ['crisis_operator']);
    const lastUsed = () => t.db.select().from(apiTokens).get()!.lastUsedAt;
    expect(lastUsed()).toBeNull();
    await api.get('/api/v1/crises');
    expect(lastUsed()).toBe('2026-11-25T13:00:00.000Z');
    t.clock.advance(30_000);
    await api.get('/api/v1/crises');
    expect(lastUsed()).toBe('2026-11-25T13:00:00.000Z');
    t.clock.advance(60_000);
    await api.post('/api/v1/crises', crisis);
    expect(lastUsed()).toBe('2026-11-25T13:01:30.000Z');
  });
});
