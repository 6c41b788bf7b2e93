// Registry truth on the readiness page: a channel Communicatie holds in an open crisis is listed
// as "overgenomen in crisis X", never as a channel without a problem, and counted as such.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { channels } from '../db/schema';
import { addChannelsToCrisis, closeCrisis, getCrisis } from '../src/domain/crisis/crises';
import { authoriseAcute } from '../src/domain/crisis/takeover';
import { recordAdminAccess } from '../src/domain/registry/access';
import { channelsWithProblems } from '../src/domain/report/readiness';
import { openCrisis } from './crisis-fixtures';
import { channelWithOwners } from './fixtures/registry';
import { unwrap } from './registry-fixtures';
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

    // Through the domain, as the console does it: the kept readiness page changes with the trail.
    const crisis = openCrisis(t, actor, { title: 'Wateroverlast' });
    const added = unwrap(
      addChannelsToCrisis(t.db, actor, { crisisId: crisis.id, channelIds: [ch.id] }, t.clock.now),
    );
    const kase = added.added[0]!;
    const deadline = new Date(t.clock.now.getTime() + 30 * 60_000);
    const justification = 'Evacuatieroute moet nu online, de brug is dicht';
    unwrap(
      authoriseAcute(
        t.db,
        actor,
        { caseId: kase.id, version: kase.version, justification, deadline },
        t.clock.now,
        t.config.rules,
      ),
    );
    const page = (await b.get('/readiness')).text_;
    expect(page).toContain('Museum Het Kantenhuis');
    expect(page).toContain(`href="/crises/${crisis.id}">Overgenomen in crisis Wateroverlast</a>`);
    expect(page).toContain('1 kanaal is nu overgenomen in een lopende crisis.');

    const close = { crisisId: crisis.id, version: getCrisis(t.db, crisis.id)!.version };
    const overrideReason = 'Oefening afgerond, kanaal al teruggegeven per telefoon';
    unwrap(closeCrisis(t.db, actor, { ...close, overrideReason }, t.clock.now));
    expect((await b.get('/readiness')).text_).not.toContain('Overgenomen in crisis');
  });
});
