// The Facebook Pages and YouTube connectors, run for real over HTTP against the platform
// simulator (test/fixtures/platforms.ts): listing, holding and restoring, access, the last
// publication, and the platforms' failures as the operator reads them.
import { afterEach, describe, expect, it } from 'vitest';
import { auditEvents, platformConnections } from '../db/schema';
import { translator } from '../src/i18n';
import { actorOf, channel } from './crisis-fixtures';
import {
  connectedSetup,
  connectFacebook,
  connector,
  connectYoutube,
  inMinutes,
  PAGE_TOKEN,
  YT_TOKEN,
  type Connected,
} from './fixtures/connected';

let t: Connected;
afterEach(() => t?.sim.stop());

async function facebookPage() {
  t = await connectedSetup();
  const actor = actorOf(await t.user(['communicatie']));
  const { channel: ch } = channel(t);
  const page = connectFacebook(t, actor, ch.id);
  const at = Math.floor(inMinutes(t, 120).getTime() / 1000);
  page.posts.push(
    {
      id: '1010_1',
      message: 'Zomerfeest in het park vanavond!',
      scheduled_publish_time: at,
      is_published: false,
      is_hidden: false,
      created_time: t.clock.now.toISOString(),
    },
    {
      id: '1010_2',
      message: 'Kom naar de markt',
      is_published: true,
      is_hidden: false,
      created_time: '2026-11-20T08:00:00.000Z',
    },
  );
  return { actor, ch, page, at, fb: connector(t, ch.id) };
}

describe('the Facebook Pages connector', () => {
  it('lists the page’s scheduled posts with their text and time', async () => {
    const { fb, at } = await facebookPage();
    const listed = await fb.listScheduled();
    expect(listed).toEqual({
      ok: true,
      value: [
        {
          id: '1010_1',
          text: 'Zomerfeest in het park vanavond!',
          state: 'scheduled',
          scheduledFor: new Date(at * 1000).toISOString(),
          mediaIds: [],
        },
      ],
    });
    expect(t.sim.requests.at(-1)?.authorization).toBe(`Bearer ${PAGE_TOKEN}`);
  });

  it('holds a scheduled post by moving it 29 days ahead, and restores its own time', async () => {
    const { fb, page, at } = await facebookPage();
    const held = await fb.holdPost('1010_1');
    expect(held.ok && held.value.action).toBe('rescheduled');
    const ahead = page.posts[0]!.scheduled_publish_time! * 1000 - t.clock.now.getTime();
    expect(ahead).toBe(29 * 86_400_000);
    const restored = await fb.restorePost(held.ok ? held.value.copy : (null as never));
    expect(restored.ok).toBe(true);
    expect(page.posts[0]!.scheduled_publish_time).toBe(at);
  });

  it('hides a published post and shows it again', async () => {
    const { fb, page } = await facebookPage();
    const held = await fb.holdPost('1010_2');
    expect(held.ok && held.value.action).toBe('hidden');
    expect(page.posts[1]!.is_hidden).toBe(true);
    await fb.restorePost(held.ok ? held.value.copy : (null as never));
    expect(page.posts[1]!.is_hidden).toBe(false);
  });

  it('refuses to restore a scheduled post whose time has passed', async () => {
    const { fb } = await facebookPage();
    const held = await fb.holdPost('1010_1');
    t.clock.advance(3 * 3_600_000);
    const restored = await fb.restorePost(held.ok ? held.value.copy : (null as never));
    expect(restored).toMatchObject({ ok: false, error: 'platform.restoreTimePassed' });
  });

  it('answers an expired token with the Dutch message, and changes nothing', async () => {
    const { fb, page } = await facebookPage();
    t.sim.facebook.tokens.get(PAGE_TOKEN)!.valid = false;
    const held = await fb.holdPost('1010_1');
    expect(held).toMatchObject({ ok: false, error: 'platform.tokenExpired' });
    expect(translator('nl')(held.ok ? 'platform.down' : held.error)).toContain('verlopen');
    expect(page.posts[0]!.scheduled_publish_time).toBeGreaterThan(0);
  });

  it('retries a 429 after the Retry-After the platform asks for', async () => {
    const { fb } = await facebookPage();
    t.sim.failNext(/scheduled_posts/, {
      status: 429,
      headers: { 'retry-after': '3' },
      body: { error: { code: 4, message: 'Application request limit reached' } },
    });
    const listed = await fb.listScheduled();
    expect(listed.ok).toBe(true);
    expect(t.sleeps).toEqual([3000]);
  });

  it('gives up at once as rate limited when Retry-After asks too long a wait', async () => {
    const { fb } = await facebookPage();
    t.sim.failNext(/scheduled_posts/, { status: 429, headers: { 'retry-after': '600' } });
    expect(await fb.listScheduled()).toMatchObject({ ok: false, error: 'platform.rateLimited' });
    expect(t.sleeps).toEqual([]);
  });

  it('backs off on 500s and says the platform is down when they persist', async () => {
    const { fb } = await facebookPage();
    t.sim.failNext(/scheduled_posts/, { status: 500 }, 3);
    expect(await fb.listScheduled()).toMatchObject({ ok: false, error: 'platform.down' });
    expect(t.sleeps).toEqual([500, 1000]);
  });

  it('treats a platform that never answers as down once the timeout passes', async () => {
    const { ch } = await facebookPage();
    t.config.platforms = { ...t.config.platforms, timeoutMs: 100, maxRetries: 0 };
    t.sim.failNext(/scheduled_posts/, { status: 200, hang: true });
    const listed = await connector(t, ch.id).listScheduled();
    expect(listed).toMatchObject({ ok: false, error: 'platform.down' });
  });

  it('finds that Communicatie’s system user lost its tasks on the page', async () => {
    const { fb, page } = await facebookPage();
    expect(await fb.checkAccess()).toMatchObject({ ok: true, value: { problem: null } });
    page.users = [];
    expect(await fb.checkAccess()).toMatchObject({
      ok: true,
      value: { problem: 'platform.roleMissing', actingAs: '61550000000001' },
    });
  });

  it('reads the last publication', async () => {
    const { fb } = await facebookPage();
    expect(await fb.lastPublishedAt()).toEqual({ ok: true, value: '2026-11-20T08:00:00.000Z' });
  });

  it('keeps the token sealed in the vault, out of the database bytes and the audit', async () => {
    await facebookPage();
    const row = t.db.select().from(platformConnections).get()!;
    expect(row.ciphertext).not.toContain(PAGE_TOKEN);
    const dump = JSON.stringify(t.db.select().from(auditEvents).all());
    expect(dump).not.toContain(PAGE_TOKEN);
    expect(t.sqlite.serialize().includes(Buffer.from(PAGE_TOKEN))).toBe(false);
  });
});

describe('the YouTube connector', () => {
  async function youtubeChannel() {
    t = await connectedSetup();
    const actor = actorOf(await t.user(['communicatie']));
    const { channel: ch } = channel(t);
    const yt = connectYoutube(t, actor, ch.id);
    const publishAt = inMinutes(t, 180).toISOString();
    yt.videos.push(
      {
        id: 'vid-scheduled',
        snippet: { title: 'Vuurwerk op de Grote Markt', description: 'Om 22 uur' },
        status: { privacyStatus: 'private', publishAt, embeddable: true },
        publishedAt: null,
      },
      {
        id: 'vid-old',
        snippet: { title: 'Nieuwjaarsreceptie', description: '' },
        status: { privacyStatus: 'public', embeddable: true },
        publishedAt: '2026-10-02T09:00:00Z',
      },
    );
    return { yt, publishAt, api: connector(t, ch.id) };
  }

  it('lists private videos with a publishAt as scheduled, and reads the last public one', async () => {
    const { api, publishAt } = await youtubeChannel();
    expect(await api.listScheduled()).toMatchObject({
      ok: true,
      value: [{ id: 'vid-scheduled', state: 'scheduled', scheduledFor: publishAt }],
    });
    expect(await api.lastPublishedAt()).toEqual({ ok: true, value: '2026-10-02T09:00:00.000Z' });
    expect(t.sim.requests.at(-1)?.authorization).toBe(`Bearer ${YT_TOKEN}`);
  });

  it('holds a scheduled video by clearing publishAt, and restores the same status', async () => {
    const { api, yt, publishAt } = await youtubeChannel();
    const held = await api.holdPost('vid-scheduled');
    expect(held.ok && held.value.action).toBe('made_private');
    expect(yt.videos[0]!.status).toEqual({ privacyStatus: 'private', embeddable: true });
    await api.restorePost(held.ok ? held.value.copy : (null as never));
    expect(yt.videos[0]!.status).toEqual({ privacyStatus: 'private', publishAt, embeddable: true });
  });

  it('makes a public video private and public again', async () => {
    const { api, yt } = await youtubeChannel();
    const held = await api.holdPost('vid-old');
    expect(yt.videos[1]!.status.privacyStatus).toBe('private');
    await api.restorePost(held.ok ? held.value.copy : (null as never));
    expect(yt.videos[1]!.status.privacyStatus).toBe('public');
  });

  it('maps an expired token and an exhausted quota to their messages', async () => {
    const { api } = await youtubeChannel();
    t.sim.failNext(/videos/, {
      status: 403,
      body: { error: { code: 403, errors: [{ reason: 'quotaExceeded' }] } },
    });
    expect(await api.holdPost('vid-old')).toMatchObject({ error: 'platform.rateLimited' });
    t.sim.youtube.tokens.clear();
    expect(await api.checkAccess()).toMatchObject({ error: 'platform.tokenExpired' });
  });
});
