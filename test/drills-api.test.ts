// An access drill on a channel connected to its platform's API asks the platform (the token, and
// the system user's tasks on the page) and records what it said, whatever was ticked; a drill
// finds an admin removed from the page.
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { adminAccess, auditEvents, platformConnections } from '../db/schema';
import { recordAdminAccess } from '../src/domain/registry/access';
import { actorOf, channel } from './crisis-fixtures';
import { connectedSetup, connectFacebook, type Connected } from './fixtures/connected';

let t: Connected;
afterEach(() => t?.sim.stop());

async function connectedPage() {
  t = await connectedSetup();
  const user = await t.user(['communicatie']);
  const actor = { ...actorOf(user), role: 'communicatie' as const };
  const { channel: ch } = channel(t);
  recordAdminAccess(t.db, actor, ch.id, 'Crisisconsole (system user)', t.clock.now);
  const page = connectFacebook(t, actor, ch.id);
  const verified = t.db.select().from(adminAccess).get()!.verifiedAt;
  t.clock.advance(30 * 86_400_000);
  const b = t.browser();
  await b.signIn(user.email);
  return { ch, page, b, verified };
}

const drilled = () =>
  JSON.parse(
    t.db.select().from(auditEvents).where(eq(auditEvents.action, 'access.drilled')).get()!.details,
  ) as { results: Record<string, unknown>[] };

describe('an access drill through the API', () => {
  it('says on the drill page that a connected channel is checked through the API', async () => {
    const { ch, b } = await connectedPage();
    expect((await b.get(`/drills/channels/${ch.id}`)).text_).toContain(
      'Wordt bij het vastleggen via de API gecontroleerd',
    );
  });

  it('records the access as working when the platform says so, without a tick', async () => {
    const { ch, b } = await connectedPage();
    expect((await b.post(`/drills/channels/${ch.id}`, {})).status).toBe(303);
    expect(drilled().results).toEqual([
      expect.objectContaining({ channelId: ch.id, result: 'ok', via: 'api' }),
    ]);
    expect(t.db.select().from(adminAccess).get()!.verifiedAt).toBe(t.clock.now.toISOString());
  });

  it('finds an admin removed from the page, though the form said it worked', async () => {
    const { ch, page, b, verified } = await connectedPage();
    page.users = [];
    const res = await b.post(`/drills/channels/${ch.id}`, { [`result-${ch.id}`]: 'ok' });
    expect(res.status).toBe(303);
    expect(drilled().results).toEqual([
      expect.objectContaining({ result: 'failed', via: 'api', problem: 'platform.roleMissing' }),
    ]);
    expect(t.db.select().from(adminAccess).get()!.verifiedAt).toBe(verified);
    expect(t.db.select().from(platformConnections).get()!.checkProblem).toBe(
      'platform.roleMissing',
    );
  });

  it("keeps the operator's result when the platform does not answer", async () => {
    const { ch, b } = await connectedPage();
    t.sim.failNext(/debug_token/, { status: 503 }, 3);
    await b.post(`/drills/channels/${ch.id}`, { [`result-${ch.id}`]: 'failed' });
    expect(drilled().results).toEqual([
      expect.objectContaining({ result: 'failed', via: 'manual' }),
    ]);
  });
});
