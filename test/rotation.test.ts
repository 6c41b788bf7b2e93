// Rotation after a reveal: the mark set by a real reveal (never by an exercise's masked one), the
// owner's notice that asks for it, and the "password changed" record by the owner or Communicatie.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvents, credentials, notifications, owners } from '../db/schema';
import { storeCredentials } from '../src/domain/credentials';
import { readiness } from '../src/domain/readiness';
import { revealCredentials } from '../src/domain/reveal';
import { setup, type TestContext } from './helpers';
import { channel, crisis, owner, unwrap } from './registry-fixtures';

async function revealed(t: TestContext, opts: { exercise?: boolean } = {}) {
  const admin = await t.user(['communicatie'], 'Com Beheer');
  const actor = { userId: admin.id, role: 'communicatie' as const };
  const ownerUser = await t.user(['owner'], 'Eigenaar Een');
  const o = owner(t, 'Eigenaar Een');
  t.db.update(owners).set({ userId: ownerUser.id }).where(eq(owners.id, o.id)).run();
  const c = channel(t, 'Jeugd Insta', { owners: [o.id] });
  unwrap(storeCredentials(t.db, actor, c.id, { username: 'jeugd', password: 'geheim-123', twoFactor: '' }, t.config.vault, t.clock.now));
  const cr = crisis(t, admin.id, { isExercise: opts.exercise ?? false });
  unwrap(revealCredentials(t.db, { actor, roles: ['communicatie'], name: 'Com Beheer' }, { channelId: c.id, crisisId: cr.id, reason: 'Bericht over de storm plaatsen' }, t.config.vault, t.clock.now));
  return { admin, actor, ownerUser, owner: o, channel: c, crisis: cr };
}

const cred = (t: TestContext, channelId: number) => t.db.select().from(credentials).where(eq(credentials.channelId, channelId)).get()!;

describe('rotation after a reveal', () => {
  it('marks revealed details to rotate, lists them on readiness and tells the owner to change the password', async () => {
    const t = await setup();
    const w = await revealed(t);
    expect(cred(t, w.channel.id).mustRotate).toBe(true);
    const problems = readiness(t.db, t.config.readiness, t.clock.now).departments.flatMap((d) => d.items).flatMap((i) => i.problems);
    expect(problems.map((p) => p.kind)).toContain('must_rotate');
    const notice = t.db.select().from(notifications).where(eq(notifications.event, 'credentials_revealed')).get()!;
    expect(notice.body).toContain('Wijzig het wachtwoord op het platform');
    expect(notice.body).not.toContain('geheim-123');
  });

  it('lets the owner record the change from /mine, clearing the mark and auditing credentials.rotated', async () => {
    const t = await setup();
    const w = await revealed(t);
    const b = t.browser();
    await b.signIn(w.ownerUser.email);
    const mine = await b.get('/mine');
    expect(mine.text_).toContain('Wachtwoorden te wijzigen');
    const version = String(cred(t, w.channel.id).version);
    const res = await b.post(`/mine/channels/${w.channel.id}/rotated`, { version });
    expect(res.status).toBe(303);
    expect(cred(t, w.channel.id).mustRotate).toBe(false);
    const event = t.db.select().from(auditEvents).where(eq(auditEvents.action, 'credentials.rotated')).get()!;
    expect(event).toMatchObject({ channelId: w.channel.id, actorUserId: w.ownerUser.id });
    expect(JSON.parse(event.details)).toMatchObject({ by: 'owner', ownerId: w.owner.id });
    expect((await b.get('/mine')).text_).not.toContain('Wachtwoorden te wijzigen');
  });

  it('refuses an owner of another channel (not found) and a second record (nothing to rotate)', async () => {
    const t = await setup();
    const w = await revealed(t);
    const strangerUser = await t.user(['owner']);
    const stranger = owner(t, 'Iemand Anders');
    t.db.update(owners).set({ userId: strangerUser.id }).where(eq(owners.id, stranger.id)).run();
    const b = t.browser();
    await b.signIn(strangerUser.email);
    const version = String(cred(t, w.channel.id).version);
    expect((await b.post(`/mine/channels/${w.channel.id}/rotated`, { version })).status).toBe(404);
    expect(cred(t, w.channel.id).mustRotate).toBe(true);
    const com = t.browser();
    await com.signIn(w.admin.email);
    expect((await com.get(`/channels/${w.channel.id}/access`)).text_).toContain('Wachtwoord op het platform gewijzigd');
    expect((await com.post(`/channels/${w.channel.id}/credentials/rotated`, { version })).status).toBe(303);
    expect(cred(t, w.channel.id).mustRotate).toBe(false);
    await com.post(`/channels/${w.channel.id}/credentials/rotated`, { version: String(cred(t, w.channel.id).version) });
    expect(t.db.select().from(auditEvents).where(eq(auditEvents.action, 'credentials.rotated')).all()).toHaveLength(1);
  });

  it('asks no rotation after a masked reveal in an exercise', async () => {
    const t = await setup();
    const w = await revealed(t, { exercise: true });
    expect(cred(t, w.channel.id).mustRotate).toBe(false);
    const notice = t.db.select().from(notifications).where(eq(notifications.event, 'credentials_revealed')).get()!;
    expect(notice.isExercise).toBe(true);
    expect(notice.subject).toContain('[OEFENING]');
  });
});
