import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  adminAccess,
  auditEvents,
  channelOwners,
  channels,
  departments,
  owners,
} from '../db/schema';
import { listChannelsOfOwner } from '../src/domain/registry/channels';
import { setup, type TestContext } from './helpers';
import { channel, department, owner } from './registry-fixtures';

const channelForm = (departmentId: number, extra: Record<string, string> = {}) => ({
  platform: 'instagram',
  name: 'Cultuurhuis',
  handle: '@cultuurhuis',
  departmentId: String(departmentId),
  purpose: 'Programma',
  status: 'active',
  lastPublishedAt: '2026-11-20',
  exemptionReason: '',
  exemptionUntil: '',
  ...extra,
});
const ownerForm = (departmentId: number, extra: Record<string, string> = {}) => ({
  name: 'An Peeters',
  departmentId: String(departmentId),
  phone: '+32 470 11 22 33',
  email: 'an.peeters@test.invalid',
  altContact: '',
  userId: '',
  language: 'nl',
  active: 'on',
  ...extra,
});
const auditCount = (t: TestContext) => t.db.select({ n: count() }).from(auditEvents).get()!.n;

describe('channels', () => {
  it('lets Communicatie create a channel, audited, and shows it in the list', async () => {
    const t = await setup();
    const dep = department(t);
    const b = await t.as(['communicatie']);
    const res = await b.post('/channels', channelForm(dep.id));
    expect(res.status).toBe(303);
    const ch = t.db.select().from(channels).get()!;
    expect(res.headers.get('Location')).toBe(`/channels/${ch.id}/owners`);
    expect(
      t.db.select().from(auditEvents).where(eq(auditEvents.action, 'channel.created')).all(),
    ).toHaveLength(1);
    expect((await b.get('/channels')).text_).toContain('Cultuurhuis');
  });

  it('explains bad input in Dutch, field by field, and writes nothing', async () => {
    const t = await setup();
    const dep = department(t);
    const b = await t.as(['communicatie']);
    const before = auditCount(t);
    const res = await b.post(
      '/channels',
      channelForm(dep.id, {
        name: '',
        platform: 'myspace',
        lastPublishedAt: '31/02/2026',
        exemptionReason: 'Zomercampagne',
      }),
    );
    expect(res.status).toBe(422);
    expect(res.text_).toContain('Dit veld is verplicht.');
    expect(res.text_).toContain('Kies een van de mogelijkheden.');
    expect(res.text_).toContain('Geef een geldige datum.');
    expect(t.db.select().from(channels).all()).toHaveLength(0);
    expect(auditCount(t)).toBe(before);
  });

  it('explains bad input in English to a user who chose English', async () => {
    const t = await setup();
    const dep = department(t);
    const b = await t.as(['communicatie']);
    await b.post('/language', { lang: 'en', back: '/channels' });
    const res = await b.post('/channels', channelForm(dep.id, { exemptionUntil: '2027-01-01' }));
    expect(res.status).toBe(422);
    expect(res.text_).toContain('An exemption needs a campaign and an end date.');
    expect(t.db.select().from(channels).all()).toHaveLength(0);
  });

  it('refuses a second channel with the same handle on the same platform, whatever its case', async () => {
    const t = await setup();
    const dep = department(t);
    const b = await t.as(['communicatie']);
    await b.post('/channels', channelForm(dep.id));
    const res = await b.post(
      '/channels',
      channelForm(dep.id, { handle: '@CultuurHuis', name: 'Kopie' }),
    );
    expect(res.status).toBe(409);
    expect(res.text_).toContain('Er bestaat al een kanaal met deze link');
    expect(t.db.select().from(channels).all()).toHaveLength(1);
  });

  it('refuses an edit made on a version someone else already changed', async () => {
    const t = await setup();
    const c = channel(t, 'Bib');
    const b = await t.as(['communicatie']);
    const form = channelForm(c.departmentId, {
      name: 'Bibliotheek',
      handle: c.handle,
      version: String(c.version),
    });
    expect((await b.post(`/channels/${c.id}`, form)).status).toBe(303);
    const stale = await b.post(`/channels/${c.id}`, { ...form, name: 'Oude versie' });
    expect(stale.status).toBe(409);
    expect(stale.text_).toContain('Iemand anders heeft dit intussen gewijzigd');
    expect(t.db.select().from(channels).get()!.name).toBe('Bibliotheek');
  });

  it('archives a channel as removed, audited, and leaves it out of the default list', async () => {
    const t = await setup();
    const c = channel(t, 'Oud kanaal');
    const b = await t.as(['communicatie']);
    expect((await b.post(`/channels/${c.id}/archive`, { version: String(c.version) })).status).toBe(
      303,
    );
    const row = t.db.select().from(channels).get()!;
    expect(row.status).toBe('removed');
    expect(row.archivedAt).toBe(t.clock.now.toISOString());
    expect(
      t.db.select().from(auditEvents).where(eq(auditEvents.action, 'channel.archived')).all(),
    ).toHaveLength(1);
    expect((await b.get('/channels')).text_).not.toContain('>Oud kanaal</a>');
    expect((await b.get('/channels?status=removed')).text_).toContain('>Oud kanaal</a>');
    const again = await b.post(`/channels/${c.id}/archive`, { version: String(c.version) });
    expect(again.status).toBe(409);
    expect(again.text_).toContain('Dit kanaal is al gearchiveerd.');
  });

  it('keeps owners in the order chosen: the first, then the backups', async () => {
    const t = await setup();
    const c = channel(t, 'Jeugd');
    const first = owner(t, 'Fien Mertens');
    const backup = owner(t, 'Arne Jacobs');
    const b = await t.as(['communicatie']);
    const res = await b.post(`/channels/${c.id}/owners`, {
      owners: [String(first.id), '', String(backup.id)],
    });
    expect(res.status).toBe(303);
    const rows = t.db.select().from(channelOwners).where(eq(channelOwners.channelId, c.id)).all();
    expect(rows.map((r) => [r.ownerId, r.position])).toEqual([
      [first.id, 1],
      [backup.id, 2],
    ]);
    const page = (await b.get(`/channels/${c.id}`)).text_;
    expect(page.indexOf('Fien Mertens')).toBeLessThan(page.indexOf('Arne Jacobs'));
    expect(listChannelsOfOwner(t.db, backup.id).map((x) => [x.name, x.position])).toEqual([
      ['Jeugd', 2],
    ]);
    const twice = await b.post(`/channels/${c.id}/owners`, {
      owners: [String(first.id), String(first.id)],
    });
    expect(twice.status).toBe(422);
    expect(twice.text_).toContain('Dezelfde beheerder staat er twee keer in.');
  });

  it('narrows the list by query string, and answers htmx with the results only', async () => {
    const t = await setup();
    channel(t, 'Museum', { platform: 'facebook_page' });
    channel(t, 'Bibliotheek', { platform: 'instagram' });
    const b = await t.as(['communicatie']);
    const plain = await b.get('/channels?platform=facebook_page');
    expect(plain.text_).toContain('Museum');
    expect(plain.text_).not.toContain('Bibliotheek');
    expect(plain.text_).toContain('hx-trigger="input changed delay:300ms, change, submit"');
    const swap = await b.get('/channels?q=bibl', {
      'HX-Request': 'true',
      'HX-Target': 'channel-results',
    });
    expect(swap.text_).toContain('Bibliotheek');
    expect(swap.text_).not.toContain('Museum');
    expect(swap.text_).not.toContain('<html');
  });
});

describe('who may use the registry', () => {
  it("lets a crisis operator read channels and owners' phone numbers, but not change them", async () => {
    const t = await setup();
    const o = owner(t, 'Jonas Wouters', { phone: '+32 475 14 25 36' });
    const c = channel(t, 'Sportdienst', { owners: [o.id] });
    const b = await t.as(['crisis_operator']);
    expect((await b.get('/channels')).status).toBe(200);
    const detail = await b.get(`/channels/${c.id}`);
    expect(detail.status).toBe(200);
    expect(detail.text_).toContain('+32 475 14 25 36');
    expect(detail.text_).not.toContain(`/channels/${c.id}/edit`);
    expect((await b.get('/channels/new')).status).toBe(403);
    expect((await b.post('/channels', channelForm(c.departmentId, { handle: '@x' }))).status).toBe(
      403,
    );
    expect((await b.get(`/channels/${c.id}/access`)).status).toBe(403);
    expect((await b.get('/owners')).status).toBe(403);
  });

  it('refuses the registry pages to an owner', async () => {
    const t = await setup();
    const c = channel(t, 'Cultuur');
    const b = await t.as(['owner']);
    for (const path of [
      '/channels',
      `/channels/${c.id}`,
      '/readiness',
      '/registry/export.csv',
      '/owners',
    ]) {
      expect((await b.get(path)).status, path).toBe(403);
    }
  });
});

describe('owners and departments', () => {
  it('creates an owner, and refuses a phone number that is not one', async () => {
    const t = await setup();
    const dep = department(t);
    const b = await t.as(['communicatie']);
    const bad = await b.post('/owners', ownerForm(dep.id, { phone: 'bel me', email: 'nope' }));
    expect(bad.status).toBe(422);
    expect(bad.text_).toContain('Geef een geldig telefoonnummer');
    expect(bad.text_).toContain('Geef een geldig e-mailadres.');
    expect(t.db.select().from(owners).all()).toHaveLength(0);
    expect((await b.post('/owners', ownerForm(dep.id))).status).toBe(303);
    expect(t.db.select().from(owners).get()!.phone).toBe('+32 470 11 22 33');
  });

  it('links an owner only to a user with the owner role', async () => {
    const t = await setup();
    const dep = department(t);
    const ownerUser = await t.user(['owner'], 'Sofie Janssens');
    const operator = await t.user(['crisis_operator']);
    const b = await t.as(['communicatie']);
    const res = await b.post('/owners', ownerForm(dep.id, { userId: String(operator.id) }));
    expect(res.status).toBe(422);
    expect(res.text_).toContain('Kies een gebruiker met de rol Beheerder.');
    expect(
      (await b.post('/owners', ownerForm(dep.id, { userId: String(ownerUser.id) }))).status,
    ).toBe(303);
  });

  it('adds and renames a department, and refuses a name already taken', async () => {
    const t = await setup();
    const b = await t.as(['communicatie']);
    expect((await b.post('/departments', { name: 'Sport' })).status).toBe(303);
    expect((await b.post('/departments', { name: 'Jeugd' })).status).toBe(303);
    const sport = t.db.select().from(departments).where(eq(departments.name, 'Sport')).get()!;
    const taken = await b.post(`/departments/${sport.id}`, {
      name: 'Jeugd',
      version: String(sport.version),
    });
    expect(taken.status).toBe(409);
    expect(taken.text_).toContain('Er bestaat al een dienst met deze naam.');
    expect(
      (
        await b.post(`/departments/${sport.id}`, {
          name: 'Sport en bewegen',
          version: String(sport.version),
        })
      ).status,
    ).toBe(303);
    expect(t.db.select().from(departments).where(eq(departments.id, sport.id)).get()!.name).toBe(
      'Sport en bewegen',
    );
  });
});

describe('Communicatie access', () => {
  it('records and verifies the admin role on a Facebook page, audited', async () => {
    const t = await setup();
    const c = channel(t, 'Stad', { platform: 'facebook_page' });
    const b = await t.as(['communicatie']);
    expect(
      (await b.post(`/channels/${c.id}/access/admin`, { account: 'Meta Business Communicatie' }))
        .status,
    ).toBe(303);
    t.clock.advance(60_000);
    const row = t.db.select().from(adminAccess).get()!;
    expect(
      (await b.post(`/channels/${c.id}/access/verify`, { version: String(row.version) })).status,
    ).toBe(303);
    expect(t.db.select().from(adminAccess).get()!.verifiedAt).toBe(t.clock.now.toISOString());
    const actions = t.db
      .select()
      .from(auditEvents)
      .all()
      .map((e) => e.action);
    expect(actions).toContain('access.admin_recorded');
    expect(actions).toContain('access.admin_verified');
  });

  it('refuses an admin role on Instagram, where Communicatie holds login details instead', async () => {
    const t = await setup();
    const c = channel(t, 'Insta', { platform: 'instagram' });
    const b = await t.as(['communicatie']);
    const res = await b.post(`/channels/${c.id}/access/admin`, { account: 'Meta' });
    expect(res.status).toBe(422);
    expect(res.text_).toContain('Een adminrol geldt alleen voor Facebookpagina’s en -groepen.');
    expect(t.db.select().from(adminAccess).all()).toHaveLength(0);
  });
});
