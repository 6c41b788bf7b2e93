// A channel's API connection on its page: the token stored in the vault and never shown, the
// access check through the API (debug_token and the page's tasks) that dates "last verified",
// and the last publication read from the platform for Article 1.
import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { adminAccess, auditEvents, channels, platformConnections } from '../db/schema';
import { recordAdminAccess } from '../src/domain/registry/access';
import { channelsWithProblems } from '../src/domain/report/readiness';
import { actorOf, channel } from './crisis-fixtures';
import { connectedSetup, connectFacebook, PAGE_TOKEN, type Connected } from './fixtures/connected';

let t: Connected;
afterEach(() => t?.sim.stop());

async function connectedPage() {
  t = await connectedSetup();
  const user = await t.user(['communicatie']);
  const actor = { ...actorOf(user), role: 'communicatie' as const };
  const { channel: ch } = channel(t);
  recordAdminAccess(t.db, actor, ch.id, 'Crisisconsole (system user)', t.clock.now);
  const page = connectFacebook(t, actor, ch.id);
  t.clock.advance(86_400_000);
  const b = await t.as(['communicatie']);
  return { ch, page, b, base: `/channels/${ch.id}/platform` };
}

const kindsOf = (id: number) =>
  channelsWithProblems(t.db, t.config.readiness, t.clock.now)
    .find((c) => c.id === id)!
    .problems.map((p) => p.kind);

const events = (action: string) =>
  t.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, action as never))
    .all();

describe('a channel connected to its platform', () => {
  it('stores a new token through the form, sealed, and never shows it again', async () => {
    const { b, base } = await connectedPage();
    const res = await b.post(base, { accountId: '1010', businessId: '2020', token: 'EAAG-new' });
    expect(res.status).toBe(303);
    const page = await b.get(base);
    expect(page.text_).toContain('Gekoppeld aan 1010');
    expect(page.text_).not.toContain('EAAG-new');
    expect(page.text_).not.toContain(PAGE_TOKEN);
    expect(JSON.stringify(events('platform.connected'))).not.toContain('EAAG-new');
    expect(t.db.select().from(platformConnections).get()!.ciphertext).not.toContain('EAAG');
  });

  it('checks the access through the API and dates the admin role as verified', async () => {
    const { ch, b, base } = await connectedPage();
    const res = await b.post(`${base}/check`, {});
    expect(res.status).toBe(303);
    expect(t.db.select().from(adminAccess).get()!.verifiedAt).toBe(t.clock.now.toISOString());
    expect(JSON.parse(events('platform.access_checked')[0]!.details)).toMatchObject({
      result: 'ok',
      actingAs: '61550000000001',
    });
    expect(t.db.select().from(platformConnections).get()).toMatchObject({
      checkedAt: t.clock.now.toISOString(),
      checkProblem: null,
    });
    expect(ch.id).toBeGreaterThan(0);
  });

  it('finds an admin removed from the page and keeps the old verified date', async () => {
    const { page, b, base } = await connectedPage();
    const verified = t.db.select().from(adminAccess).get()!.verifiedAt;
    page.users = [];
    await b.post(`${base}/check`, {});
    expect(t.db.select().from(adminAccess).get()!.verifiedAt).toBe(verified);
    expect(t.db.select().from(platformConnections).get()!.checkProblem).toBe(
      'platform.roleMissing',
    );
    expect((await b.get(base)).text_).toContain('niet (meer) de nodige rol');
    expect(kindsOf(t.db.select().from(platformConnections).get()!.channelId)).toContain(
      'api_check_failed',
    );
  });

  it('shows on readiness a token that expires within two weeks', async () => {
    const { ch, b, base } = await connectedPage();
    t.sim.facebook.tokens.get(PAGE_TOKEN)!.expiresAt =
      Math.floor(t.clock.now.getTime() / 1000) + 5 * 86_400;
    await b.post(`${base}/check`, {});
    expect(kindsOf(ch.id)).toContain('token_expiring');
    expect((await b.get(base)).text_).toContain('Token verloopt op');
  });

  it('writes nothing when the platform is down', async () => {
    const { b, base } = await connectedPage();
    t.sim.failNext(/debug_token/, { status: 503 }, 3);
    const res = await b.post(`${base}/check`, {});
    expect(res.status).toBe(422);
    expect(res.text_).toContain('Het platform antwoordt niet');
    expect(events('platform.access_checked')).toHaveLength(0);
    expect(t.db.select().from(platformConnections).get()!.checkedAt).toBeNull();
  });

  it('reads the last publication from Facebook for Article 1, with its source', async () => {
    const { ch, page, b, base } = await connectedPage();
    page.posts.push({
      id: '1010_3',
      message: 'Oude aankondiging',
      is_published: true,
      is_hidden: false,
      created_time: '2026-09-01T07:30:00.000Z',
    });
    expect((await b.post(`${base}/last-published`, {})).status).toBe(303);
    expect(t.db.select().from(channels).where(eq(channels.id, ch.id)).get()).toMatchObject({
      lastPublishedAt: '2026-09-01',
      lastPublishedSource: 'platform',
    });
    const dormant = channelsWithProblems(t.db, t.config.readiness, t.clock.now)
      .find((c) => c.id === ch.id)!
      .problems.find((p) => p.kind === 'dormant');
    expect(dormant).toBeDefined();
    expect((await b.get(`/channels/${ch.id}`)).text_).toContain('volgens Facebookpagina');
    expect(JSON.parse(events('channel.last_published_read')[0]!.details)).toMatchObject({
      lastPublishedAt: '2026-09-01',
      previous: null,
    });
  });
});
