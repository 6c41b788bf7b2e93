// Access drills: a Communicatie user checks a channel or a whole department on the platform and
// records the result by hand; working access gets a fresh "last verified" date, the department
// its "last drilled" date, and one access.drilled event keeps every result.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { adminAccess, auditEvents, credentials, departments } from '../db/schema';
import { recordAdminAccess } from '../src/domain/registry/access';
import { storeCredentials } from '../src/domain/vault/credentials';
import { recordDrill } from '../src/domain/vault/drills';
import { setup, type TestContext } from './helpers';
import { channel, department, unwrap } from './registry-fixtures';

async function world(t: TestContext) {
  const user = await t.user(['communicatie']);
  const actor = { userId: user.id, role: 'communicatie' as const };
  const fb = channel(t, 'Cultuur Facebook', { platform: 'facebook_page' });
  const insta = channel(t, 'Cultuur Insta', { platform: 'instagram' });
  const bare = channel(t, 'Cultuur TikTok', { platform: 'tiktok' });
  unwrap(recordAdminAccess(t.db, actor, fb.id, 'communicatie.turnhout', t.clock.now));
  unwrap(
    storeCredentials(
      t.db,
      actor,
      insta.id,
      { username: 'cultuur', password: 'pw-cultuur-1', twoFactor: '' },
      t.config.vault,
      t.clock.now,
    ),
  );
  t.clock.advance(100 * 86_400_000);
  return { user, actor, fb, insta, bare, dep: department(t) };
}

describe('access drills', () => {
  it('refreshes "last verified" for what works, keeps it for what failed, and dates the department', async () => {
    const t = await setup();
    const w = await world(t);
    const before = t.db
      .select()
      .from(credentials)
      .where(eq(credentials.channelId, w.insta.id))
      .get()!.verifiedAt;
    const b = t.browser();
    await b.signIn(w.user.email);
    const page = await b.get(`/drills/departments/${w.dep.id}`);
    expect(page.text_).toContain('Nog nooit een toegangscontrole.');
    const res = await b.post(`/drills/departments/${w.dep.id}`, {
      [`result-${w.fb.id}`]: 'ok',
      [`result-${w.insta.id}`]: 'failed',
    });
    expect(res.status).toBe(303);
    expect(
      t.db.select().from(adminAccess).where(eq(adminAccess.channelId, w.fb.id)).get()!.verifiedAt,
    ).toBe(t.clock.now.toISOString());
    expect(
      t.db.select().from(credentials).where(eq(credentials.channelId, w.insta.id)).get()!
        .verifiedAt,
    ).toBe(before);
    expect(
      t.db.select().from(departments).where(eq(departments.id, w.dep.id)).get()!.lastDrilledAt,
    ).toBe(t.clock.now.toISOString());
    const event = t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'access.drilled'))
      .get()!;
    expect(event.departmentId).toBe(w.dep.id);
    expect(JSON.parse(event.details)).toMatchObject({
      scope: 'department',
      results: [
        { channelId: w.fb.id, result: 'ok', kind: 'admin' },
        { channelId: w.insta.id, result: 'failed', kind: 'login' },
      ],
    });
    expect((await b.get('/readiness')).text_).toContain('Laatste toegangscontrole: ');
  });

  it('checks one channel: working login details get a fresh date, the department is not dated', async () => {
    const t = await setup();
    const w = await world(t);
    const result = recordDrill(
      t.db,
      w.actor,
      { scope: { channelId: w.insta.id }, results: { [w.insta.id]: 'ok' } },
      t.config.vault,
      t.clock.now,
    );
    expect(result).toEqual({ ok: true, value: { ok: 1, failed: 0 } });
    expect(
      t.db.select().from(credentials).where(eq(credentials.channelId, w.insta.id)).get()!
        .verifiedAt,
    ).toBe(t.clock.now.toISOString());
    expect(
      t.db.select().from(departments).where(eq(departments.id, w.dep.id)).get()!.lastDrilledAt,
    ).toBeNull();
    expect(
      t.db.select().from(auditEvents).where(eq(auditEvents.action, 'access.drilled')).get()!
        .channelId,
    ).toBe(w.insta.id);
  });

  it('refuses a drill with no result (422, nothing written), "works" for details the vault cannot open, and other roles', async () => {
    const t = await setup();
    const w = await world(t);
    const b = t.browser();
    await b.signIn(w.user.email);
    const empty = await b.post(`/drills/departments/${w.dep.id}`, {
      [`result-${w.bare.id}`]: 'ok',
    });
    expect(empty.status).toBe(422);
    expect(empty.text_).toContain('Kies voor minstens één kanaal een resultaat.');
    const wrongKey = recordDrill(
      t.db,
      w.actor,
      { scope: { channelId: w.insta.id }, results: { [w.insta.id]: 'ok' } },
      { currentKeyId: 'k9', keys: { k9: Buffer.alloc(32, 7).toString('base64') } },
      t.clock.now,
    );
    expect(wrongKey.ok).toBe(false);
    expect(
      t.db.select().from(auditEvents).where(eq(auditEvents.action, 'access.drilled')).all(),
    ).toHaveLength(0);
    const operator = await t.as(['crisis_operator']);
    expect((await operator.get(`/drills/departments/${w.dep.id}`)).status).toBe(403);
    expect((await b.get('/drills/departments/999')).status).toBe(404);
  });
});
