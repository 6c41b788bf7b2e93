// Registry truth on the readiness page: a channel Communicatie holds in an open crisis is listed
// as "overgenomen in crisis X", never as a channel without a problem, and counted as such.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { channels, crises } from '../db/schema';
import { recordAdminAccess } from '../src/domain/registry/access';
import { channelsWithProblems } from '../src/domain/report/readiness';
import { createCase, createCrisis } from './fixtures/cases';
import { channelWithOwners } from './fixtures/registry';
import { setup } from './helpers';

describe('readiness and takeovers', () => {
  it('shows a channel taken over in an open crisis as taken over, not in order', async () => {
    const t = await setup();
    const b = await t.as(['communicatie']);
    const admin = await t.user(['communicatie']);
    const { channel: ch } = await channelWithOwners(t, {
      channel: { name: 'Museum Het Kantenhuis', platform: 'facebook_page', handle: 'fb.com/kant' },
      owners: [{ name: 'Emma Maes' }],
    });
    const actor = { userId: admin.id, role: 'communicatie' as const };
    recordAdminAccess(t.db, actor, ch.id, 'communicatie.turnhout', t.clock.now);
    const published = t.clock.now.toISOString();
    t.db.update(channels).set({ lastPublishedAt: published }).where(eq(channels.id, ch.id)).run();
    const problems = channelsWithProblems(t.db, t.config.readiness, t.clock.now);
    expect(problems.find((c) => c.id === ch.id)!.problems).toEqual([]);
    const quiet = (await b.get('/readiness')).text_;
    expect(quiet).not.toContain('Museum Het Kantenhuis');

    const crisis = createCrisis(t.db, admin.id, t.clock.now, { title: 'Wateroverlast' });
    const at = { crisisId: crisis.id, channelId: ch.id, addedBy: admin.id, now: t.clock.now };
    createCase(t.db, at, { basis: 'acute' });
    const page = (await b.get('/readiness')).text_;
    expect(page).toContain('Museum Het Kantenhuis');
    expect(page).toContain(`href="/crises/${crisis.id}">Overgenomen in crisis Wateroverlast</a>`);
    expect(page).toContain('1 kanaal is nu overgenomen in een lopende crisis.');

    t.db.update(crises).set({ status: 'closed' }).where(eq(crises.id, crisis.id)).run();
    expect((await b.get('/readiness')).text_).not.toContain('Overgenomen in crisis');
  });
});
