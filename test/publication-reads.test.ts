// Article 1 on schedule: the connected channels' last publication read from their platforms
// once a day (readDuePublications, run hourly by src/node/publication-timer.ts), shown on
// readiness with its source, and a failed read kept for readiness, audited once per problem.
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditEvents, channels, platformConnections } from '../db/schema';
import { channelsWithProblems } from '../src/domain/report/readiness';
import { readDuePublications } from '../src/domain/vault/publication-reads';
import { publicationReadInterval } from '../src/node/publication-timer';
import { actorOf, channel } from './crisis-fixtures';
import { connectedSetup, connectFacebook, PAGE_TOKEN, type Connected } from './fixtures/connected';

let t: Connected;
afterEach(() => t?.sim.stop());

async function connectedPage() {
  t = await connectedSetup();
  const actor = actorOf(await t.user(['communicatie']));
  const { channel: ch } = channel(t);
  const page = connectFacebook(t, actor, ch.id);
  page.posts.push({
    id: '1010_9',
    message: 'Zomerprogramma',
    is_published: true,
    is_hidden: false,
    created_time: '2026-09-01T07:30:00.000Z',
  });
  return { ch, page };
}

const channelRow = (id: number) => t.db.select().from(channels).where(eq(channels.id, id)).get()!;
const problemsOf = (id: number) =>
  channelsWithProblems(t.db, t.config.readiness, t.clock.now).find((c) => c.id === id)!.problems;
const reads = () =>
  t.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, 'channel.last_published_read'))
    .all();

describe('the daily read of the last publication', () => {
  it('reads every connected channel once a day, and readiness says it was Facebook', async () => {
    const { ch, page } = await connectedPage();
    expect(await readDuePublications(t.db, t.config)).toEqual({ read: 1, failed: 0 });
    expect(channelRow(ch.id)).toMatchObject({
      lastPublishedAt: '2026-09-01',
      lastPublishedSource: 'platform',
      lastPublishedReadAt: t.clock.now.toISOString(),
    });
    expect(problemsOf(ch.id).find((p) => p.kind === 'dormant')).toMatchObject({
      source: { platform: 'facebook_page', readAt: t.clock.now.toISOString() },
    });
    const b = await t.as(['communicatie']);
    expect((await b.get('/readiness')).text_).toContain('volgens Facebookpagina, gelezen');

    // Not due again within the day; after it, a newer post is found.
    t.clock.advance(3600_000);
    expect(await readDuePublications(t.db, t.config)).toEqual({ read: 0, failed: 0 });
    page.posts.push({
      id: '1010_10',
      message: 'Nieuw',
      is_published: true,
      is_hidden: false,
      created_time: t.clock.now.toISOString(),
    });
    t.clock.advance(23 * 3600_000);
    expect(await readDuePublications(t.db, t.config)).toEqual({ read: 1, failed: 0 });
    expect(channelRow(ch.id).lastPublishedAt).toBe('2026-11-25');
    expect(problemsOf(ch.id).map((p) => p.kind)).not.toContain('dormant');
    expect(reads()).toHaveLength(2);
  });

  it('keeps a failed read for readiness, audits it once, and clears it when a read works', async () => {
    const { ch } = await connectedPage();
    t.sim.facebook.tokens.get(PAGE_TOKEN)!.valid = false;
    expect(await readDuePublications(t.db, t.config)).toEqual({ read: 0, failed: 1 });
    t.clock.advance(3600_000);
    await readDuePublications(t.db, t.config);
    const row = t.db.select().from(platformConnections).get()!;
    expect(row.lastReadProblem).toBe('platform.tokenExpired');
    expect(problemsOf(ch.id).map((p) => p.kind)).toContain('last_read_failed');
    expect(reads().map((e) => JSON.parse(e.details).result)).toEqual(['failed']);
    expect(channelRow(ch.id).lastPublishedSource).toBeNull();

    t.sim.facebook.tokens.get(PAGE_TOKEN)!.valid = true;
    expect(await readDuePublications(t.db, t.config)).toEqual({ read: 1, failed: 0 });
    expect(t.db.select().from(platformConnections).get()!.lastReadProblem).toBeNull();
    expect(problemsOf(ch.id).map((p) => p.kind)).not.toContain('last_read_failed');
  });

  it('takes its interval from PLATFORM_READ_INTERVAL_MINUTES, 0 for none', () => {
    expect(publicationReadInterval(undefined)).toBe(3600_000);
    expect(publicationReadInterval('0')).toBe(0);
    expect(() => publicationReadInterval('soms')).toThrow(/PLATFORM_READ_INTERVAL_MINUTES/);
  });
});
