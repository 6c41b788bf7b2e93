import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { adminAccess, channels, credentials, owners, users } from '../db/schema';
import { addMonths, dormantSince } from '../src/domain/registry/article1';
import { SYSTEM } from '../src/domain/audit/trail';
import { recordAdminAccess } from '../src/domain/registry/access';
import { seal } from '../src/domain/vault/vault';
import { channelsWithProblems, readiness } from '../src/domain/report/readiness';
import { DEMO_DEPARTMENTS, seedDemo } from '../src/seed/demo';
import { setup, TEST_SCRYPT_N, type TestContext } from './helpers';
import { channel, daysAgo, owner } from './registry-fixtures';

const problemsOf = (t: TestContext, id: number) =>
  channelsWithProblems(t.db, t.config.readiness, t.clock.now)
    .find((c) => c.id === id)!
    .problems.map((p) => p.kind);
const dormant = (t: TestContext, id: number) =>
  channelsWithProblems(t.db, t.config.readiness, t.clock.now)
    .find((c) => c.id === id)!
    .problems.find((p) => p.kind === 'dormant');

describe('Article 1: dormant channels', () => {
  it('flags a Facebook page silent for 31 days, and not one silent for 29 days', async () => {
    const t = await setup();
    const silent31 = channel(t, 'Zwembad', { platform: 'facebook_page', silentDays: 31 });
    const silent29 = channel(t, 'Sporthal', { platform: 'facebook_page', silentDays: 29 });
    expect(dormant(t, silent31.id)?.since).toBe(addMonths(daysAgo(t, 31), 1));
    expect(dormant(t, silent29.id)).toBeUndefined();
  });

  it('gives other channels 3 months: an Instagram account is flagged at 3 months unless exempt', async () => {
    const t = await setup();
    const threeMonths = '2026-08-25'; // the test clock is 2026-11-25
    const plain = channel(t, 'Insta', { platform: 'instagram' });
    t.db
      .update(channels)
      .set({ lastPublishedAt: threeMonths })
      .where(eq(channels.id, plain.id))
      .run();
    const exempt = channel(t, 'Campagne', {
      platform: 'instagram',
      exemptionReason: 'Zomercampagne',
      exemptionUntil: '2026-12-31',
    });
    t.db
      .update(channels)
      .set({ lastPublishedAt: threeMonths })
      .where(eq(channels.id, exempt.id))
      .run();
    const nearly = channel(t, 'Bijna', { platform: 'instagram' });
    t.db
      .update(channels)
      .set({ lastPublishedAt: '2026-08-26' })
      .where(eq(channels.id, nearly.id))
      .run();
    expect(dormant(t, plain.id)?.since).toBe('2026-11-25');
    expect(dormant(t, exempt.id)).toBeUndefined();
    expect(dormant(t, nearly.id)).toBeUndefined();
  });

  it('no longer protects a channel once its exemption has expired, flagged from the day after', async () => {
    const t = await setup();
    const c = channel(t, 'Voorleesuurtje', {
      platform: 'youtube',
      silentDays: 150,
      exemptionReason: 'Voorleesweek',
      exemptionUntil: '2026-11-24',
    });
    expect(dormant(t, c.id)?.since).toBe('2026-11-25');
    const lastDay = channel(t, 'Laatste dag', {
      platform: 'youtube',
      silentDays: 150,
      exemptionReason: 'Voorleesweek',
      exemptionUntil: '2026-11-25',
    });
    expect(dormant(t, lastDay.id)).toBeUndefined();
  });

  it('applies no campaign exemption to a Facebook page, as Article 1 writes it', () => {
    const page = {
      platform: 'facebook_page' as const,
      lastPublishedAt: '2026-09-01',
      exemptionReason: 'Campagne',
      exemptionUntil: '2027-01-01',
    };
    expect(dormantSince(page, '2026-11-25')).toBe('2026-10-01');
  });

  it('counts months on the calendar, ending a 31st on the last day of a shorter month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-10-25', 1)).toBe('2026-11-25');
  });
});

describe('readiness problems', () => {
  it('finds every problem that slows a takeover down, each linked to the page that fixes it', async () => {
    const t = await setup();
    const mute = owner(t, 'Pieter Wouters', { phone: null, email: null });
    const fine = owner(t, 'Ruben Smets');
    const noOwner = channel(t, 'Zonder beheerder', { platform: 'x' });
    const unreachable = channel(t, 'Onbereikbaar', {
      platform: 'facebook_page',
      owners: [mute.id],
    });
    const stale = channel(t, 'Oud nagekeken', { platform: 'facebook_group', owners: [fine.id] });
    t.db
      .insert(adminAccess)
      .values({
        channelId: stale.id,
        account: 'Meta',
        verifiedAt: new Date(t.clock.now.getTime() - 91 * 86_400_000).toISOString(),
      })
      .run();
    const old = channel(t, 'Oude login', { platform: 'tiktok', owners: [fine.id] });
    t.db
      .insert(credentials)
      .values({
        channelId: old.id,
        ...seal(t.config.vault, old.id, '{}'),
        changedAt: new Date(t.clock.now.getTime() - 366 * 86_400_000).toISOString(),
        verifiedAt: t.clock.now.toISOString(),
        mustRotate: true,
        twoFactorMethod: 'communicatie_phone',
      })
      .run();

    expect(problemsOf(t, noOwner.id)).toEqual(['no_owner', 'no_access']);
    expect(problemsOf(t, unreachable.id)).toEqual(['owner_unreachable', 'no_access']);
    expect(problemsOf(t, stale.id)).toEqual(['access_stale']);
    expect(problemsOf(t, old.id)).toEqual(['credentials_old', 'must_rotate']);

    recordAdminAccess(t.db, SYSTEM, unreachable.id, 'Meta', t.clock.now);
    expect(problemsOf(t, unreachable.id)).toEqual(['owner_unreachable']);

    const b = await t.as(['communicatie']);
    const page = (await b.get('/readiness')).text_;
    expect(page).toContain('Score 0%');
    expect(page).toContain(`href="/owners/${mute.id}"`);
    expect(page).toContain(`href="/channels/${noOwner.id}/owners"`);
    expect(page).toContain(`href="/channels/${stale.id}/access"`);
    expect(page).toContain('Pieter Wouters heeft geen telefoon en geen e-mail');
  });

  it('scores a department by its share of channels without a problem', async () => {
    const t = await setup();
    const o = owner(t, 'Hilde Goossens');
    for (const name of ['Bib', 'Leestips', 'Voorlezen']) {
      const c = channel(t, name, { platform: 'facebook_page', owners: [o.id] });
      recordAdminAccess(t.db, SYSTEM, c.id, 'Meta', t.clock.now);
    }
    channel(t, 'Zonder alles', { platform: 'facebook_page' });
    const report = readiness(t.db, t.config.readiness, t.clock.now);
    expect(report.overall).toMatchObject({ channels: 4, ready: 3, score: 75 });
    expect(report.overall.counts.no_owner).toBe(1);
  });

  it('filters the channel list by readiness problem', async () => {
    const t = await setup();
    channel(t, 'Slapende pagina', { platform: 'facebook_page', silentDays: 60 });
    channel(t, 'Levende pagina', { platform: 'facebook_page', silentDays: 2 });
    const b = await t.as(['communicatie']);
    const res = await b.get('/channels?problem=dormant');
    expect(res.text_).toContain('>Slapende pagina</a>');
    expect(res.text_).not.toContain('>Levende pagina</a>');
  });
});

describe('the demo registry', () => {
  it('seeds 30-60 channels over all departments, with a few deliberate problems and the demo owner linked', async () => {
    const t = await setup();
    await seedDemo(t.db, t.clock.now, TEST_SCRYPT_N, t.config.vault);
    const report = readiness(t.db, t.config.readiness, t.clock.now);
    expect(report.overall.channels).toBeGreaterThanOrEqual(30);
    expect(report.overall.channels).toBeLessThanOrEqual(60);
    expect(
      report.departments
        .filter((d) => d.channels > 0)
        .map((d) => d.department.name)
        .sort(),
    ).toEqual([...DEMO_DEPARTMENTS].sort());
    const counts = report.overall.counts;
    for (const kind of [
      'no_owner',
      'owner_unreachable',
      'no_access',
      'access_stale',
      'credentials_old',
      'must_rotate',
      'dormant',
    ] as const) {
      expect(counts[kind], kind).toBeGreaterThan(0);
    }
    expect(report.overall.score).toBeGreaterThan(50);
    const demoUser = t.db
      .select()
      .from(users)
      .where(eq(users.email, 'eigenaar@demo.invalid'))
      .get()!;
    const linked = t.db.select().from(owners).where(eq(owners.userId, demoUser.id)).get()!;
    expect(
      report.departments.find((d) => d.department.id === linked.departmentId)!.department.name,
    ).toBe('Cultuur');
    expect(
      t.db
        .select()
        .from(owners)
        .all()
        .every((o) => !o.email || o.email.endsWith('@demo.invalid')),
    ).toBe(true);
  });
});
