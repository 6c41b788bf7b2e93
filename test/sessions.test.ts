// The sessions page: each user sees where they are signed in and can end the other sessions;
// Communicatie ends all sessions of a user from the users admin page. Audited.
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { auditEvents, sessions } from '../db/schema';
import { deviceOf } from '../src/domain/auth/device';
import { Browser, setup, type TestContext } from './helpers';

const FIREFOX_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

let t: TestContext;
beforeEach(async () => {
  t = await setup();
  vi.spyOn(console, 'error').mockImplementation(() => {});
});

/** A browser that sends this User-Agent and address with every request. */
class Device extends Browser {
  constructor(
    t: TestContext,
    private ua: string,
    private ip: string,
  ) {
    super(t.app);
  }
  override request(path: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    headers.set('User-Agent', this.ua);
    headers.set('X-Forwarded-For', this.ip);
    return super.request(path, { ...init, headers });
  }
}

const events = (action: string) =>
  t.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, action as 'session.ended'))
    .all()
    .map((e) => JSON.parse(e.details ?? '{}') as Record<string, unknown>);

async function twoDevices() {
  t = await setup({ trustProxy: true });
  const user = await t.user(['crisis_operator']);
  const laptop = new Device(t, FIREFOX_WINDOWS, '192.0.2.10');
  const phone = new Device(t, SAFARI_IPHONE, '198.51.100.7');
  await laptop.signIn(user.email);
  t.clock.advance(5 * 60_000);
  await phone.signIn(user.email);
  return { user, laptop, phone };
}

describe('sessions page', () => {
  it('names the device from the User-Agent', () => {
    expect(deviceOf(FIREFOX_WINDOWS)).toEqual({ browser: 'Firefox', os: 'Windows' });
    expect(deviceOf(SAFARI_IPHONE)).toEqual({ browser: 'Safari', os: 'iOS' });
    expect(
      deviceOf(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      ),
    ).toEqual({ browser: 'Edge', os: 'Windows' });
    expect(deviceOf(null)).toEqual({ browser: null, os: null });
  });

  it("shows a user's own sessions with device, address, sign-in and last use", async () => {
    const { phone } = await twoDevices();
    const page = await phone.get('/sessions');
    expect(page.status).toBe(200);
    expect(page.text_).toContain('Firefox op Windows');
    expect(page.text_).toContain('192.0.2.10');
    expect(page.text_).toContain('Safari op iOS');
    expect(page.text_).toContain('198.51.100.7');
    expect(page.text_).toContain('Deze sessie');
    // Nobody else's sessions.
    const other = await t.as(['crisis_operator']);
    expect((await other.get('/sessions')).text_).not.toContain('192.0.2.10');
  });

  it('ends another session of the user, audited, and the other device is signed out', async () => {
    const { user, laptop, phone } = await twoDevices();
    const page = await phone.get('/sessions');
    const id = /name="session" value="([0-9a-f]{64})"/.exec(page.text_)![1]!;
    const res = await phone.post('/sessions/end', { session: id });
    expect(res.status).toBe(303);
    expect((await laptop.get('/crises')).headers.get('Location')).toMatch(/^\/sign-in/);
    expect((await phone.get('/crises')).status).toBe(200);
    expect(events('session.ended')).toEqual([
      {
        userId: user.id,
        ended: [
          {
            ip: '192.0.2.10',
            device: { browser: 'Firefox', os: 'Windows' },
            since: '2026-11-25T13:00:00.000Z',
          },
        ],
      },
    ]);
  });

  it("cannot end another user's session, nor its own through this form", async () => {
    const { phone } = await twoDevices();
    const stranger = await t.as(['crisis_operator']);
    const own = t.db.select().from(sessions).all();
    const before = own.length;
    for (const s of own) await stranger.post('/sessions/end', { session: s.id });
    // The stranger's own current session is refused too: signing out is for that.
    expect(t.db.select().from(sessions).all()).toHaveLength(before);
    expect((await phone.get('/crises')).status).toBe(200);
    expect(events('session.ended')).toEqual([]);
  });

  it('ends all other sessions at once', async () => {
    const { user, laptop, phone } = await twoDevices();
    const third = new Device(t, SAFARI_IPHONE, '203.0.113.5');
    await third.signIn(user.email);
    const res = await phone.post('/sessions/end-others');
    expect(res.status).toBe(303);
    expect((await phone.get('/sessions')).text_).toContain('2 sessies beëindigd.');
    expect(t.db.select().from(sessions).all()).toHaveLength(1);
    expect((await laptop.get('/crises')).status).toBe(303);
    expect((await third.get('/crises')).status).toBe(303);
  });

  it('lets Communicatie end all sessions of a user from the users admin page', async () => {
    const { user, laptop, phone } = await twoDevices();
    const admin = await t.as(['communicatie']);
    const edit = await admin.get(`/users/${user.id}`);
    expect(edit.text_).toContain(`href="/users/${user.id}/sessions"`);
    const list = await admin.get(`/users/${user.id}/sessions`);
    expect(list.text_).toContain('Firefox op Windows');
    const res = await admin.post(`/users/${user.id}/sessions/end`);
    expect(res.status).toBe(303);
    expect((await laptop.get('/crises')).status).toBe(303);
    expect((await phone.get('/crises')).status).toBe(303);
    expect((await admin.get('/users')).status).toBe(200);
    expect(events('user.sessions_ended')).toEqual([{ userId: user.id, count: 2 }]);
  });

  it('refuses anyone but Communicatie the sessions of another user', async () => {
    const { user } = await twoDevices();
    const operator = await t.as(['crisis_operator']);
    expect((await operator.get(`/users/${user.id}/sessions`)).status).toBe(403);
    expect((await operator.post(`/users/${user.id}/sessions/end`)).status).toBe(403);
    expect(t.db.select().from(sessions).all().length).toBe(3);
  });
});
