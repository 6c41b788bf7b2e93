// The sweep of a connected Facebook page through the console: the platform's own list, a hold
// that really moves the post on the platform and a restore that puts it back, each audited with
// its local record; a platform failure records nothing; platforms without an API stay manual.
import { afterEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, channels, holds, sweepItems } from '../db/schema';
import { verifyChain } from '../src/domain/audit/trail';
import { caseWith } from './crisis-fixtures';
import {
  connectedSetup,
  connectFacebook,
  inMinutes,
  PAGE_TOKEN,
  type Connected,
} from './fixtures/connected';

let t: Connected;
afterEach(() => t?.sim.stop());

async function sweepScene() {
  t = await connectedSetup();
  const scene = await caseWith(t);
  const page = connectFacebook(t, scene.actor, scene.channel.id);
  const at = Math.floor(inMinutes(t, 90).getTime() / 1000);
  page.posts.push({
    id: '1010_7',
    message: 'Vanavond vuurwerk in het Stadspark',
    scheduled_publish_time: at,
    is_published: false,
    is_hidden: false,
    created_time: t.clock.now.toISOString(),
  });
  const item = t.db
    .select()
    .from(sweepItems)
    .where(
      and(eq(sweepItems.crisisId, scene.crisis.id), eq(sweepItems.channelId, scene.channel.id)),
    )
    .get()!;
  const b = await t.as(['crisis_operator'], 'Operator Sweep');
  return { ...scene, page, at, item, b, base: `/crises/${scene.crisis.id}/sweep` };
}

const events = (action: string) =>
  t.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, action as never))
    .all();

describe('the sweep through the platform’s API', () => {
  it('lists a connected page’s scheduled posts from Facebook with their text', async () => {
    const { b, base } = await sweepScene();
    const page = await b.get(base);
    expect(page.text_).toContain('Ingepland volgens Facebookpagina');
    expect(page.text_).toContain('Vanavond vuurwerk in het Stadspark');
  });

  it('holds the post on Facebook as the conflicting-information takeover, and restores its time', async () => {
    const { b, base, item, kase, page, at } = await sweepScene();
    const held = await b.post(`${base}/api/${item.id}/hold`, {
      caseId: String(kase.id),
      version: String(kase.version),
      postId: '1010_7',
      conflict: 'Vuurwerk terwijl het park afgesloten is',
    });
    expect(held.status).toBe(303);
    expect(page.posts[0]!.scheduled_publish_time).toBe(
      Math.floor(t.clock.now.getTime() / 1000) + 29 * 86_400,
    );
    const hold = t.db.select().from(holds).get()!;
    expect(hold).toMatchObject({
      via: 'api',
      platformPostId: '1010_7',
      platformAction: 'rescheduled',
    });
    const placed = JSON.parse(events('hold.placed')[0]!.details);
    expect(placed).toMatchObject({ via: 'api', copySha256: hold.platformCopySha256 });
    expect(events('case.authorised')).toHaveLength(1);

    const sweep = await b.get(base);
    expect(sweep.text_).toContain('Geblokkeerd via de API');
    const restored = await b.post(`${base}/api/holds/${hold.id}/restore`, {
      version: String(hold.version),
      note: 'Teruggezet via de API zoals het was.',
    });
    expect(restored.status).toBe(303);
    expect(page.posts[0]!.scheduled_publish_time).toBe(at);
    const after = t.db.select().from(holds).get()!;
    expect(after).toMatchObject({ restoredVia: 'api', releaseOutcome: 'republished' });
    expect(JSON.parse(events('hold.released')[0]!.details)).toMatchObject({ restoredVia: 'api' });
    expect(verifyChain(t.db).ok).toBe(true);
  });

  it('records nothing and says so in Dutch when the token has expired', async () => {
    const { b, base, item, kase, page, at } = await sweepScene();
    t.sim.facebook.tokens.get(PAGE_TOKEN)!.valid = false;
    const before = t.db.select().from(auditEvents).all().length;
    const res = await b.post(`${base}/api/${item.id}/hold`, {
      caseId: String(kase.id),
      version: String(kase.version),
      postId: '1010_7',
      conflict: 'Vuurwerk terwijl het park afgesloten is',
    });
    expect(res.status).toBe(422);
    expect(res.text_).toContain('Het toegangstoken is verlopen');
    expect(res.text_).toContain('Er is niets vastgelegd');
    expect(t.db.select().from(holds).all()).toHaveLength(0);
    expect(t.db.select().from(auditEvents).all()).toHaveLength(before);
    expect(page.posts[0]!.scheduled_publish_time).toBe(at);
  });

  it('keeps the manual results when Facebook cannot list the posts, and says why', async () => {
    const { b, base } = await sweepScene();
    t.sim.facebook.tokens.get(PAGE_TOKEN)!.valid = false;
    const page = await b.get(base);
    expect(page.text_).toContain('Het toegangstoken is verlopen');
    expect(page.text_).toContain('value="none_conflicting"');
  });

  it('records "no scheduled posts" only when Facebook lists none, noting the API', async () => {
    const { b, base, item, page } = await sweepScene();
    const refused = await b.post(`${base}/api/${item.id}/record`, {
      version: String(item.version),
      result: 'no_scheduled_posts',
    });
    expect(refused.status).toBe(409);
    page.posts.length = 0;
    const ok = await b.post(`${base}/api/${item.id}/record`, {
      version: String(item.version),
      result: 'no_scheduled_posts',
    });
    expect(ok.status).toBe(303);
    expect(t.db.select().from(sweepItems).where(eq(sweepItems.id, item.id)).get()).toMatchObject({
      result: 'no_scheduled_posts',
      checkedVia: 'api',
    });
    expect(JSON.parse(events('sweep.checked').at(-1)!.details)).toMatchObject({
      via: 'api',
      listedPosts: [],
    });
  });

  it('tells the operator that Instagram stays manual, and keeps the manual results', async () => {
    t = await connectedSetup();
    const { crisis, channel: ch } = await caseWith(t);
    t.db.update(channels).set({ platform: 'instagram' }).where(eq(channels.id, ch.id)).run();
    const b = await t.as(['crisis_operator']);
    const page = await b.get(`/crises/${crisis.id}/sweep`);
    expect(page.text_).toContain('blijven ingeplande berichten en blokkeringen manueel');
    const item = t.db.select().from(sweepItems).get()!;
    const res = await b.post(`/crises/${crisis.id}/sweep/${item.id}`, {
      version: '1',
      result: 'no_scheduled_posts',
    });
    expect(res.status).toBe(303);
    expect(t.db.select().from(sweepItems).get()).toMatchObject({ checkedVia: null });
  });
});
