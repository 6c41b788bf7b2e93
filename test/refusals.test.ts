// Refusals on the record: every 403 of the access rules and every CSRF refusal is a log line,
// and for a signed-in user an `access.refused` audit event, one per user, route and minute.
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { auditEvents } from '../db/schema';
import { setup } from './helpers';

const refusals = (t: Awaited<ReturnType<typeof setup>>) =>
  t.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, 'access.refused'))
    .all()
    .map((e) => ({ userId: e.actorUserId, ...JSON.parse(e.details) }));

const logLines = (spy: { mock: { calls: unknown[][] } }) =>
  spy.mock.calls
    .map((call) => JSON.parse(String(call[0])))
    .filter((line) => line.message === 'refused');

afterEach(() => vi.restoreAllMocks());

describe('refusals on the record', () => {
  it('audits a role refusal once per user, route and minute, and logs every one', async () => {
    const t = await setup();
    const owner = await t.user(['owner']);
    const b = t.browser();
    await b.signIn(owner.email);
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => {});
    for (let i = 0; i < 5; i++) expect((await b.get('/users')).status).toBe(403);
    expect((await b.get('/users/1')).status).toBe(403);
    expect((await b.get('/users/2')).status).toBe(403); // the same route
    t.clock.advance(60_000);
    expect((await b.get('/users')).status).toBe(403);
    expect(refusals(t)).toEqual([
      { userId: owner.id, route: 'GET /users', path: '/users', why: 'role' },
      { userId: owner.id, route: 'GET /users/:id{[0-9]+}', path: '/users/1', why: 'role' },
      { userId: owner.id, route: 'GET /users', path: '/users', why: 'role' },
    ]);
    expect(logLines(stderr)).toHaveLength(8);
    expect(logLines(stderr)[0]).toMatchObject({
      method: 'GET',
      route: '/users',
      userId: owner.id,
      why: 'role',
    });
  });

  it('audits a CSRF refusal of a signed-in user, and only logs an anonymous one', async () => {
    const t = await setup();
    const user = await t.user(['communicatie']);
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => {});
    const stranger = t.browser();
    await stranger.get('/sign-in');
    stranger.csrf = 'forged-forged-forged-forged-forged-forged-x';
    expect((await stranger.post('/language', { lang: 'en' })).status).toBe(403);
    expect(refusals(t)).toEqual([]);
    const b = t.browser();
    await b.signIn(user.email);
    const crossSite = await b.post('/sign-out', {}, { 'Sec-Fetch-Site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect(refusals(t)).toEqual([
      { userId: user.id, route: 'POST /sign-out', path: '/sign-out', why: 'cross_site' },
    ]);
    expect(logLines(stderr).map((l) => [l.userId, l.why])).toEqual([
      [null, 'csrf'],
      [user.id, 'cross_site'],
    ]);
  });

  it('lets Communicatie filter the audit list to the refusals', async () => {
    const t = await setup();
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const owner = await t.as(['owner'], 'Olga Owner');
    await owner.get('/audit');
    const b = await t.as(['communicatie']);
    const res = await b.get('/audit?action=access.refused');
    expect(res.status).toBe(200);
    expect(res.text_).toContain('<code>access.refused</code>');
    expect(res.text_).toContain('GET /audit');
    expect(res.text_).not.toContain('<code>user.signed_in</code>');
  });
});
