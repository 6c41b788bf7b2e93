// A YouTube connection that renews its own access tokens: the OAuth client and refresh token
// sealed in the vault, exchanged at Google's token endpoint (the simulator's /token) when the
// stored access token has run out or YouTube refuses it, and a refused refresh on readiness.
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditEvents, channels, platformConnections } from '../db/schema';
import { SYSTEM } from '../src/domain/audit/trail';
import { channelsWithProblems } from '../src/domain/report/readiness';
import { reencryptAll } from '../src/domain/vault/credentials';
import { newKey, singleKey } from '../src/domain/vault/vault';
import { actorOf, channel } from './crisis-fixtures';
import {
  connectedSetup,
  connector,
  connectYoutubeRefreshing,
  OAUTH_CLIENT,
  type Connected,
} from './fixtures/connected';

let t: Connected;
afterEach(() => t?.sim.stop());

async function refreshingChannel() {
  t = await connectedSetup();
  const actor = actorOf(await t.user(['communicatie']));
  const { channel: ch } = channel(t);
  connectYoutubeRefreshing(t, actor, ch.id);
  return ch;
}

const row = () => t.db.select().from(platformConnections).get()!;
const events = (action: string) =>
  t.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, action as never))
    .all();
const tokenRequests = () => t.sim.requests.filter((r) => r.path === '/token');

describe('a YouTube connection with a refresh token', () => {
  it('gets an access token from the refresh token, seals it and uses it until it runs out', async () => {
    const ch = await refreshingChannel();
    expect(row().oauthCiphertext).not.toContain(OAUTH_CLIENT.refreshToken);
    expect(await connector(t, ch.id).checkAccess()).toMatchObject({ ok: true });
    expect(tokenRequests()).toHaveLength(1);
    expect(t.sim.requests.at(-1)!.authorization).toBe('Bearer ya29.simulated-1');
    expect(row().ciphertext).not.toContain('ya29');
    expect(row().accessExpiresAt).toBe(new Date(t.clock.now.getTime() + 3599_000).toISOString());
    expect(JSON.parse(events('platform.token_refreshed')[0]!.details)).toEqual({
      account: 'UCturnhout',
      expiresAt: row().accessExpiresAt,
    });

    // Within the hour a new connector uses the stored token; after it, it renews first.
    await connector(t, ch.id).lastPublishedAt();
    expect(tokenRequests()).toHaveLength(1);
    t.clock.advance(3600_000);
    await connector(t, ch.id).lastPublishedAt();
    expect(tokenRequests()).toHaveLength(2);
    expect(t.sim.requests.at(-1)!.authorization).toBe('Bearer ya29.simulated-2');
  });

  it('renews the token when YouTube refuses it (401) and tries the request again', async () => {
    const ch = await refreshingChannel();
    await connector(t, ch.id).checkAccess();
    t.sim.youtube.tokens.clear(); // revoked on Google's side before its hour was up
    expect(await connector(t, ch.id).listScheduled()).toEqual({ ok: true, value: [] });
    expect(tokenRequests()).toHaveLength(2);
    expect(events('platform.token_refreshed')).toHaveLength(2);
  });

  it('keeps a refused refresh token for readiness, with the Dutch message', async () => {
    const ch = await refreshingChannel();
    t.sim.google.refreshTokens.clear(); // the owner revoked the console's access
    const asked = await connector(t, ch.id).checkAccess();
    expect(asked).toMatchObject({ ok: false, error: 'platform.refreshRefused' });
    expect(row().refreshProblem).toBe('platform.refreshRefused');
    expect(events('platform.token_refresh_failed')).toHaveLength(1);
    const problems = channelsWithProblems(t.db, t.config.readiness, t.clock.now).find(
      (c) => c.id === ch.id,
    )!.problems;
    expect(problems.map((p) => p.kind)).toContain('token_refresh_failed');
    const b = await t.as(['communicatie']);
    expect((await b.get(`/channels/${ch.id}/platform`)).text_).toContain(
      'Google weigerde het vernieuwingstoken',
    );
  });

  it('writes nothing when the token endpoint does not answer', async () => {
    const ch = await refreshingChannel();
    const before = row();
    t.sim.failNext(/POST \/token/, { status: 503 }, 3);
    expect(await connector(t, ch.id).checkAccess()).toMatchObject({ error: 'platform.down' });
    expect(row()).toEqual(before);
    expect(events('platform.token_refresh_failed')).toHaveLength(0);
  });

  it('moves its tokens to a new vault key with the login details', async () => {
    const ch = await refreshingChannel();
    const next = singleKey(newKey());
    reencryptAll(t.db, SYSTEM, t.config.vault!, next, t.clock.now);
    expect(row().keyId).toBe(next.currentKeyId);
    expect(row().oauthKeyId).toBe(next.currentKeyId);
    t.config.vault = next; // the old key is gone
    expect(await connector(t, ch.id).checkAccess()).toMatchObject({ ok: true });
  });

  it('takes the client and refresh token through the form, all three or none', async () => {
    t = await connectedSetup();
    const { channel: ch } = channel(t);
    const b = await t.as(['communicatie']);
    t.db.update(channels).set({ platform: 'youtube' }).where(eq(channels.id, ch.id)).run();
    const base = { accountId: 'UCturnhout', businessId: '', token: '' };
    const half = await b.post(`/channels/${ch.id}/platform`, {
      ...base,
      clientId: OAUTH_CLIENT.clientId,
      clientSecret: '',
      refreshToken: OAUTH_CLIENT.refreshToken,
    });
    expect(half.status).toBe(422);
    expect(half.text_).toContain('client-id, clientgeheim en vernieuwingstoken samen');
    expect(t.db.select().from(platformConnections).all()).toHaveLength(0);
    const whole = await b.post(`/channels/${ch.id}/platform`, { ...base, ...OAUTH_CLIENT });
    expect(whole.status).toBe(303);
    const page = await b.get(`/channels/${ch.id}/platform`);
    expect(page.text_).toContain('vernieuwd met het vernieuwingstoken');
    expect(page.text_).not.toContain(OAUTH_CLIENT.clientSecret);
    expect(page.text_).not.toContain(OAUTH_CLIENT.refreshToken);
  });
});
