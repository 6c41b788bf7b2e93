// Rotation after a reveal: the mark set by a real reveal (never by an exercise's masked one), the
// owner's notice that asks for it, and the "password changed" record by the owner or Communicatie.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvents, credentials, notifications, owners } from '../db/schema';
import { storeCredentials } from '../src/domain/vault/credentials';
import { channelsWithProblems, readiness } from '../src/domain/report/readiness';
import { revealCredentials } from '../src/domain/vault/reveal';
import { recordRotation } from '../src/domain/vault/rotation';
import { setup, type TestContext } from './helpers';
import { channel, crisis, owner, unwrap } from './registry-fixtures';

async function revealed(t: TestContext, opts: { exercise?: boolean } = {}) {
  const admin = await t.user(['communicatie'], 'Com Beheer');
  const actor = { userId: admin.id, role: 'communicatie' as const };
  const ownerUser = await t.user(['owner'], 'Eigenaar Een');
  const o = owner(t, 'Eigenaar Een');
  t.db.update(owners).set({ userId: ownerUser.id }).where(eq(owners.id, o.id)).run();
  const c = channel(t, 'Jeugd Insta', { owners: [o.id] });
  unwrap(
    storeCredentials(
      t.db,
      actor,
      c.id,
      { username: 'jeugd', password: 'geheim-123', twoFactor: '' },
      t.config.vault,
      t.clock.now,
    ),
  );
  const cr = crisis(t, admin.id, { isExercise: opts.exercise ?? false });
  unwrap(
    revealCredentials(
      t.db,
      { actor, roles: ['communicatie'], name: 'Com Beheer' },
      { channelId: c.id, crisisId: cr.id, reason: 'Bericht over de storm plaatsen' },
      t.config.vault,
      t.clock.now,
    ),
  );
  return { admin, actor, ownerUser, owner: o, channel: c, crisis: cr };
}

const cred = (t: TestContext, channelId: number) =>
  t.db.select().from(credentials).where(eq(credentials.channelId, channelId)).get()!;

describe('rotation after a reveal', () => {
  it('marks revealed details to rotate, lists them on readiness and tells the owner to change the password', async () => {
    const t = await setup();
    const w = await revealed(t);
    expect(cred(t, w.channel.id).mustRotate).toBe(true);
    const problems = readiness(t.db, t.config.readiness, t.clock.now)
      .departments.flatMap((d) => d.items)
      .flatMap((i) => i.problems);
    expect(problems.map((p) => p.kind)).toContain('must_rotate');
    const notice = t.db
      .select()
      .from(notifications)
      .where(eq(notifications.event, 'credentials_revealed'))
      .get()!;
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
    const event = t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'credentials.rotated'))
      .get()!;
    expect(event).toMatchObject({ channelId: w.channel.id, actorUserId: w.ownerUser.id });
    expect(JSON.parse(event.details)).toMatchObject({ by: 'owner', ownerId: w.owner.id });
    const after = (await b.get('/mine')).text_;
    expect(after).not.toContain('Wachtwoorden te wijzigen');
    expect(after).toContain(
      'De console bewaart nog het oude: bezorg het nieuwe aan Communicatie, die het bewaart.',
    );
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
    expect((await com.get(`/channels/${w.channel.id}/access`)).text_).toContain(
      'Wachtwoord op het platform gewijzigd',
    );
    expect(
      (await com.post(`/channels/${w.channel.id}/credentials/rotated`, { version })).status,
    ).toBe(303);
    expect(cred(t, w.channel.id).mustRotate).toBe(false);
    await com.post(`/channels/${w.channel.id}/credentials/rotated`, {
      version: String(cred(t, w.channel.id).version),
    });
    expect(
      t.db.select().from(auditEvents).where(eq(auditEvents.action, 'credentials.rotated')).all(),
    ).toHaveLength(1);
  });

  it('asks no rotation after a masked reveal in an exercise', async () => {
    const t = await setup();
    const w = await revealed(t, { exercise: true });
    expect(cred(t, w.channel.id).mustRotate).toBe(false);
    const notice = t.db
      .select()
      .from(notifications)
      .where(eq(notifications.event, 'credentials_revealed'))
      .get()!;
    expect(notice.isExercise).toBe(true);
    expect(notice.subject).toContain('[OEFENING]');
    // Nothing was shown: the owner is told so, not asked to change a password.
    expect(notice.body).toContain('enkel bevestigd dat de logingegevens bestaan');
    expect(notice.body).not.toContain('Wijzig het wachtwoord');
  });
});

const problemsOf = (t: TestContext, channelId: number) =>
  channelsWithProblems(t.db, t.config.readiness, t.clock.now).find((c) => c.id === channelId)!
    .problems;
const kindsOf = (t: TestContext, channelId: number) => problemsOf(t, channelId).map((p) => p.kind);
const rotate = (t: TestContext, w: Awaited<ReturnType<typeof revealed>>) =>
  unwrap(
    recordRotation(
      t.db,
      w.actor,
      { channelId: w.channel.id, version: cred(t, w.channel.id).version, asOwner: false },
      t.clock.now,
    ),
  );
const store = (t: TestContext, w: Awaited<ReturnType<typeof revealed>>, password: string) =>
  unwrap(
    storeCredentials(
      t.db,
      w.actor,
      w.channel.id,
      { username: 'jeugd', password, twoFactor: '' },
      t.config.vault,
      t.clock.now,
    ),
  );

describe('login details outdated after a recorded change', () => {
  it('lists the channel once the change is recorded, not while still to rotate, and no longer once the new password is stored', async () => {
    const t = await setup();
    // Stored and revealed in the same millisecond: the audit order, not the clock, tells them apart.
    const w = await revealed(t);
    expect(kindsOf(t, w.channel.id)).toContain('must_rotate');
    expect(kindsOf(t, w.channel.id)).not.toContain('login_outdated');
    t.clock.set(new Date('2026-11-27T09:00:00.000Z'));
    rotate(t, w);
    expect(
      problemsOf(t, w.channel.id).filter(
        (p) => p.kind === 'must_rotate' || p.kind === 'login_outdated',
      ),
    ).toEqual([
      {
        kind: 'login_outdated',
        href: `/channels/${w.channel.id}/access`,
        since: '2026-11-27T09:00:00.000Z',
      },
    ]);
    store(t, w, 'nieuw-geheim-456');
    expect(kindsOf(t, w.channel.id)).not.toContain('login_outdated');
    expect(readiness(t.db, t.config.readiness, t.clock.now).overall.counts.login_outdated).toBe(0);
  });

  it('does not list details stored anew after a reveal, whether or not a change was recorded first', async () => {
    const t = await setup();
    const w = await revealed(t);
    // In the same millisecond as the reveal, which the dates alone could not order.
    store(t, w, 'nieuw-geheim-456');
    expect(kindsOf(t, w.channel.id)).not.toContain('login_outdated');
    expect(cred(t, w.channel.id).mustRotate).toBe(false);

    const u = await setup();
    const v = await revealed(u);
    u.clock.advance(60_000);
    rotate(u, v);
    u.clock.advance(60_000);
    store(u, v, 'nieuw-geheim-456');
    expect(kindsOf(u, v.channel.id)).not.toContain('login_outdated');
  });

  it('asks for a change again when the old details are revealed after a recorded change, dated by the latest change', async () => {
    const t = await setup();
    const w = await revealed(t);
    t.clock.advance(60_000);
    rotate(t, w);
    t.clock.advance(60_000);
    unwrap(
      revealCredentials(
        t.db,
        { actor: w.actor, roles: ['communicatie'], name: 'Com Beheer' },
        {
          channelId: w.channel.id,
          crisisId: w.crisis.id,
          reason: 'Nog eens nakijken voor de storm',
        },
        t.config.vault,
        t.clock.now,
      ),
    );
    expect(kindsOf(t, w.channel.id)).toContain('must_rotate');
    expect(kindsOf(t, w.channel.id)).not.toContain('login_outdated');
    t.clock.advance(60_000);
    rotate(t, w);
    expect(problemsOf(t, w.channel.id).find((p) => p.kind === 'login_outdated')?.since).toBe(
      t.clock.now.toISOString(),
    );
  });

  it('tells Communicatie to store the new password, and says so on the readiness page in Dutch and in English, in Brussels time', async () => {
    const t = await setup();
    const w = await revealed(t);
    // 23:30 UTC is already the next day in Brussels.
    t.clock.set(new Date('2026-11-25T23:30:00.000Z'));
    const b = t.browser();
    await b.signIn(w.admin.email);
    const res = await b.post(`/channels/${w.channel.id}/credentials/rotated`, {
      version: String(cred(t, w.channel.id).version),
    });
    expect(res.headers.get('location')).toBe(`/channels/${w.channel.id}/access`);
    expect((await b.get(`/channels/${w.channel.id}/access`)).text_).toContain(
      'De console bewaart nog het oude: bewaar hieronder het nieuwe.',
    );
    // Not only in the flash right after the change: the access page says so on every visit until the new one is stored.
    expect((await b.get(`/channels/${w.channel.id}/access`)).text_).toContain(
      '<p class="alert alert-warn">Logingegevens verouderd: het wachtwoord werd op 26/11/2026 op het platform gewijzigd; bewaar het nieuwe</p>',
    );
    const nl = (await b.get('/readiness')).text_;
    expect(nl).toContain(
      `<a href="/channels/${w.channel.id}/access">Logingegevens verouderd: het wachtwoord werd op 26/11/2026 op het platform gewijzigd; bewaar het nieuwe</a>`,
    );
    await b.post('/language', { lang: 'en', back: '/readiness' });
    const en = (await b.get('/readiness')).text_;
    expect(en).toContain(
      `<a href="/channels/${w.channel.id}/access">Login details outdated: the password was changed on the platform on 26/11/2026; store the new one</a>`,
    );
    expect((await b.get(`/channels/${w.channel.id}/access`)).text_).toContain(
      'Login details outdated: the password was changed on the platform on 26/11/2026; store the new one',
    );
    store(t, w, 'nieuw-geheim-456');
    expect((await b.get(`/channels/${w.channel.id}/access`)).text_).not.toContain(
      'Login details outdated',
    );
  });
});
