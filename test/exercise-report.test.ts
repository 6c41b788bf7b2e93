// The after-exercise report: from the exercise's records (contact attempts, escalation, notices,
// the audit trail) and Communicatie's access as it stood when the exercise began, what slowed the
// crisis cell down and what to fix in the registry. Only for exercises, headed EXERCISE.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { credentials, departments } from '../db/schema';
import { recordAdminAccess } from '../src/domain/registry/access';
import type { Actor } from '../src/domain/audit/trail';
import { storeCredentials } from '../src/domain/vault/credentials';
import { addChannelsToCrisis, closeCrisis, declareCrisis } from '../src/domain/crisis/crises';
import { recordDrill } from '../src/domain/vault/drills';
import { setExerciseParticipants } from '../src/domain/exercise/participants';
import { exerciseReport } from '../src/domain/report/exercise';
import { revealCredentials } from '../src/domain/vault/reveal';
import { recordRotation } from '../src/domain/vault/rotation';
import {
  authoriseAcute,
  authoriseUnreachable,
  recordContactAttempt,
} from '../src/domain/crisis/takeover';
import { setup, type TestContext } from './helpers';
import { channel, owner, unwrap } from './registry-fixtures';

const MIN = 60_000;
const DAY = 86_400_000;

/**
 * Three channels: Sport's Facebook page (admin access last verified 200 days before, two owners,
 * neither reached, one with a wrong number), Cultuur's Instagram (details the key no longer opens,
 * owner reached at once) and Jeugd's TikTok (details stored only during the exercise, an acute
 * message that never went out). The exercise runs from 14:00 to 16:00 Brussels time (summer).
 */
async function exercised(t: TestContext, real = false) {
  const comm = await t.user(['communicatie', 'crisis_operator']);
  const actor: Actor = { userId: comm.id, role: 'crisis_operator' };
  const ann = owner(t, 'Ann Sport', { departmentName: 'Sport' });
  const bert = owner(t, 'Bert Sport', { departmentName: 'Sport', email: null });
  const carla = owner(t, 'Carla Cultuur', { departmentName: 'Cultuur' });
  const dirk = owner(t, 'Dirk Jeugd', { departmentName: 'Jeugd', phone: null, email: null });
  const fb = channel(t, 'Sport Facebook', {
    platform: 'facebook_page',
    departmentName: 'Sport',
    owners: [ann.id, bert.id],
  });
  const insta = channel(t, 'Cultuur Insta', {
    platform: 'instagram',
    departmentName: 'Cultuur',
    owners: [carla.id],
  });
  const tiktok = channel(t, 'Jeugd TikTok', {
    platform: 'tiktok',
    departmentName: 'Jeugd',
    owners: [dirk.id],
  });
  unwrap(recordAdminAccess(t.db, actor, fb.id, 'communicatie.turnhout', t.clock.now));
  const start = new Date('2027-06-14T12:00:00.000Z');
  t.clock.set(new Date(start.getTime() - 10 * DAY));
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
  // The key these details were sealed with is gone.
  t.db
    .update(credentials)
    .set({ keyId: 'k-lost' })
    .where(eq(credentials.channelId, insta.id))
    .run();
  t.clock.set(start);
  const crisis = unwrap(
    declareCrisis(
      t.db,
      actor,
      {
        title: 'Oefening stormschade',
        startedAt: start,
        impact: 'major',
        isExercise: !real,
        exerciseNotify: real ? undefined : 'marked',
        crisisCell: { lead: 'Burgemeester', convenedAt: start },
      },
      start,
    ),
  );
  const cases = unwrap(
    addChannelsToCrisis(
      t.db,
      actor,
      { crisisId: crisis.id, channelIds: [fb.id, insta.id, tiktok.id] },
      start,
    ),
  ).added;
  const kase = (channelId: number) => cases.find((k) => k.channelId === channelId)!;
  let v = kase(insta.id).version;
  const at = (minutes: number) => {
    t.clock.set(new Date(start.getTime() + minutes * MIN));
    return t.clock.now;
  };
  v = unwrap(
    recordContactAttempt(
      t.db,
      actor,
      {
        caseId: kase(insta.id).id,
        version: v,
        ownerId: carla.id,
        means: 'phone',
        outcome: 'reached_owner_agrees',
      },
      at(5),
    ),
  ).case.version;
  let f = kase(fb.id).version;
  const attempt = (
    ownerId: number,
    means: 'phone' | 'sms',
    outcome: 'no_answer' | 'wrong_number',
    minute: number,
  ) => {
    f = unwrap(
      recordContactAttempt(
        t.db,
        actor,
        { caseId: kase(fb.id).id, version: f, ownerId, means, outcome },
        at(minute),
      ),
    ).case.version;
  };
  attempt(ann.id, 'phone', 'no_answer', 10);
  attempt(ann.id, 'sms', 'no_answer', 12);
  attempt(bert.id, 'phone', 'wrong_number', 25);
  attempt(bert.id, 'sms', 'no_answer', 27);
  unwrap(
    authoriseUnreachable(
      t.db,
      actor,
      { caseId: kase(fb.id).id, version: f },
      at(30),
      t.config.rules,
    ),
  );
  unwrap(
    authoriseAcute(
      t.db,
      actor,
      {
        caseId: kase(tiktok.id).id,
        version: kase(tiktok.id).version,
        justification: 'Jeugdkamp wordt geëvacueerd',
        deadline: new Date(start.getTime() + 70 * MIN),
      },
      at(40),
      t.config.rules,
    ),
  );
  unwrap(
    storeCredentials(
      t.db,
      actor,
      tiktok.id,
      { username: 'jeugd', password: 'pw-jeugd-1', twoFactor: '' },
      t.config.vault,
      at(45),
    ),
  );
  unwrap(
    closeCrisis(
      t.db,
      actor,
      { crisisId: crisis.id, version: crisis.version, overrideReason: 'Einde van de oefening' },
      at(120),
    ),
  );
  return { actor, comm, crisis, fb, insta, tiktok, ann, bert, carla, dirk, start };
}

const reportOf = (t: TestContext, crisisId: number) =>
  exerciseReport(t.db, crisisId, t.config, t.clock.now)!;

describe('the after-exercise report', () => {
  it('lists the owners who could not be reached, with the attempts, the means that failed and how long the chain took', async () => {
    const t = await setup();
    const w = await exercised(t);
    const r = reportOf(t, w.crisis.id);
    const fb = r.channels.find((c) => c.channel.id === w.fb.id)!;
    expect(fb.unreachable.map((o) => [o.name, o.attempts, o.failedMeans, o.outcomes])).toEqual([
      ['Ann Sport', 2, ['phone', 'sms'], ['no_answer']],
      ['Bert Sport', 2, ['phone', 'sms'], ['wrong_number', 'no_answer']],
    ]);
    expect(fb).toMatchObject({
      chainMinutes: 17,
      toFirstAttempt: 10,
      toTakeover: 30,
      idleMinutes: 8,
    });
    const insta = r.channels.find((c) => c.channel.id === w.insta.id)!;
    expect(insta).toMatchObject({
      unreachable: [],
      chainMinutes: 0,
      toFirstAttempt: 5,
      toTakeover: 5,
      idleMinutes: 0,
    });
    expect(r.summary).toMatchObject({
      unreachableOwners: 2,
      channelsNobodyReached: 1,
      medianToFirstAttempt: 8,
      maxToFirstAttempt: 10,
      acuteMissed: 1,
      idleMinutes: 8,
    });
    const tiktok = r.channels.find((c) => c.channel.id === w.tiktok.id)!;
    expect(tiktok.acuteMissed).toEqual({
      deadline: new Date(w.start.getTime() + 70 * MIN).toISOString(),
      sentAt: null,
    });
  });

  it('shows access as it stood when the exercise began: stale, undecryptable, missing, and departments never drilled', async () => {
    const t = await setup();
    const w = await exercised(t);
    const r = reportOf(t, w.crisis.id);
    const problems = (id: number) =>
      r.channels.find((c) => c.channel.id === id)!.access.problems.map((p) => p.kind);
    expect(problems(w.fb.id)).toEqual(['access_stale']);
    expect(problems(w.insta.id)).toEqual(['login_undecryptable']);
    expect(problems(w.tiktok.id)).toEqual(['login_missing']);
    expect(r.departments.map((d) => [d.name, d.overdue])).toEqual([
      ['Cultuur', true],
      ['Jeugd', true],
      ['Sport', true],
    ]);

    // A fix the morning after does not hide what slowed the exercise down.
    t.clock.advance(DAY);
    unwrap(
      recordDrill(
        t.db,
        w.actor,
        { scope: { channelId: w.fb.id }, results: { [w.fb.id]: 'ok' } },
        t.config.vault,
        t.clock.now,
      ),
    );
    expect(
      reportOf(t, w.crisis.id)
        .channels.find((c) => c.channel.id === w.fb.id)!
        .access.problems.map((p) => p.kind),
    ).toEqual(['access_stale']);
  });

  it('counts login details as outdated when the password was changed on the platform before the exercise and not stored anew', async () => {
    const t = await setup();
    const comm = await t.user(['communicatie', 'crisis_operator'], 'Com Beheer');
    const actor: Actor = { userId: comm.id, role: 'communicatie' };
    const carla = owner(t, 'Carla Cultuur');
    const [kept, renewed] = ['Cultuur Insta', 'Cultuur TikTok'].map((name) =>
      channel(t, name, { platform: 'instagram', owners: [carla.id] }),
    );
    const changedAt = new Date(t.clock.now.getTime() + 2 * DAY);
    for (const c of [kept!, renewed!]) {
      t.clock.set(new Date(changedAt.getTime() - DAY));
      unwrap(
        storeCredentials(
          t.db,
          actor,
          c.id,
          { username: 'cultuur', password: 'pw-oud-1', twoFactor: '' },
          t.config.vault,
          t.clock.now,
        ),
      );
      unwrap(
        revealCredentials(
          t.db,
          { actor, roles: ['communicatie'], name: 'Com Beheer' },
          { channelId: c.id, crisisId: null, reason: 'Nakijken of ze nog werken' },
          t.config.vault,
          t.clock.now,
        ),
      );
      t.clock.set(changedAt);
      const version = t.db.select().from(credentials).where(eq(credentials.channelId, c.id)).get()!
        .version;
      unwrap(
        recordRotation(t.db, actor, { channelId: c.id, version, asOwner: false }, t.clock.now),
      );
    }
    t.clock.advance(DAY);
    unwrap(
      storeCredentials(
        t.db,
        actor,
        renewed!.id,
        { username: 'cultuur', password: 'pw-nieuw-2', twoFactor: '' },
        t.config.vault,
        t.clock.now,
      ),
    );
    t.clock.advance(DAY);
    const crisis = unwrap(
      declareCrisis(
        t.db,
        { ...actor, role: 'crisis_operator' },
        {
          title: 'Oefening wachtwoorden',
          startedAt: t.clock.now,
          impact: 'major',
          isExercise: true,
          exerciseNotify: 'marked',
        },
        t.clock.now,
      ),
    );
    unwrap(
      addChannelsToCrisis(
        t.db,
        actor,
        { crisisId: crisis.id, channelIds: [kept!.id, renewed!.id] },
        t.clock.now,
      ),
    );
    // Stored the day after: the exercise still met the old password.
    t.clock.advance(DAY);
    unwrap(
      storeCredentials(
        t.db,
        actor,
        kept!.id,
        { username: 'cultuur', password: 'pw-nieuw-3', twoFactor: '' },
        t.config.vault,
        t.clock.now,
      ),
    );
    const r = reportOf(t, crisis.id);
    const problems = (id: number) => r.channels.find((c) => c.channel.id === id)!.access.problems;
    expect(problems(kept!.id)).toEqual([{ kind: 'login_outdated', at: changedAt.toISOString() }]);
    expect(problems(renewed!.id)).toEqual([]);
    expect(r.fixes.map((f) => `${f.kind} ${f.href}`)).toContain(
      `login_outdated /channels/${kept!.id}/access`,
    );
  });

  it('says what to fix in the registry, each with the page that fixes it', async () => {
    const t = await setup();
    const w = await exercised(t);
    const fixes = reportOf(t, w.crisis.id).fixes.map((f) => `${f.kind} ${f.href}`);
    const dept = (name: string) =>
      t.db.select().from(departments).where(eq(departments.name, name)).get()!.id;
    expect(fixes).toEqual(
      expect.arrayContaining([
        `owner_no_means /owners/${w.dirk.id}`,
        `owner_wrong_number /owners/${w.bert.id}`,
        `owner_unreachable /owners/${w.ann.id}`,
        `owner_no_email /owners/${w.bert.id}`,
        'department_no_head /departments',
        `login_undecryptable /channels/${w.insta.id}/access`,
        `login_missing /channels/${w.tiktok.id}/access`,
        `access_stale /drills/channels/${w.fb.id}`,
        `drill_overdue /drills/departments/${dept('Sport')}`,
      ]),
    );
    // Carla was reached at once and her access problem is the vault's, not hers; Dirk has no
    // means at all, which says it already.
    expect(fixes.some((f) => f.endsWith(`/owners/${w.carla.id}`))).toBe(false);
    expect(fixes).not.toContain(`owner_no_email /owners/${w.dirk.id}`);
  });

  it('is a printable page for Communicatie headed EXERCISE, in Dutch and in English with Brussels times', async () => {
    const t = await setup();
    const w = await exercised(t);
    const b = t.browser();
    await b.signIn(w.comm.email);
    const page = await b.get(`/reports/exercises/${w.crisis.id}`);
    expect(page.status).toBe(200);
    expect(page.text_).toContain('<p class="banner-exercise">OEFENING — geen echte crisis</p>');
    expect(page.text_).toContain('OEFENING · Na de oefening: Oefening stormschade');
    expect(page.text_).toContain('data-print');
    expect(page.text_).toContain('Oefening van 14/06/2027, 14:00 tot 14/06/2027, 16:00.');
    expect(page.text_).toContain(`<a href="/owners/${w.bert.id}">Bert Sport</a>`);
    expect(page.text_).toContain('Bert Sport (Sport Facebook): het telefoonnummer klopt niet');
    expect(page.text_).toContain(`href="/reports/crises/${w.crisis.id}"`);
    expect((await b.get(`/reports/crises/${w.crisis.id}`)).text_).toContain(
      `href="/reports/exercises/${w.crisis.id}"`,
    );
    expect((await b.get('/reports?kind=exercise')).text_).toContain(
      `href="/reports/exercises/${w.crisis.id}"`,
    );
    await b.post('/language', { lang: 'en', back: '/' });
    const en = await b.get(`/reports/exercises/${w.crisis.id}`);
    expect(en.text_).toContain('EXERCISE · After the exercise: Oefening stormschade');
    expect(en.text_).toContain('Exercise from 14/06/2027, 14:00 until 14/06/2027, 16:00.');
    expect(en.text_).toContain('Bert Sport (Sport Facebook): the phone number is wrong');
  });

  it('exists only for exercises: a real crisis answers 404 and its reports never mention an after-exercise report', async () => {
    const t = await setup();
    const w = await exercised(t, true);
    expect(exerciseReport(t.db, w.crisis.id, t.config, t.clock.now)).toBeUndefined();
    const b = t.browser();
    await b.signIn(w.comm.email);
    expect((await b.get(`/reports/exercises/${w.crisis.id}`)).status).toBe(404);
    expect((await b.get(`/reports/exercises/${w.crisis.id + 1}`)).status).toBe(404);
    const incident = await b.get(`/reports/crises/${w.crisis.id}`);
    expect(incident.status).toBe(200);
    expect(incident.text_).not.toContain('/reports/exercises/');
    expect(incident.text_).not.toContain('OEFENING');
    expect((await b.get('/reports')).text_).not.toContain('/reports/exercises/');
  });

  it('is for Communicatie only', async () => {
    const t = await setup();
    const w = await exercised(t);
    expect(
      (await (await t.as(['crisis_operator'])).get(`/reports/exercises/${w.crisis.id}`)).status,
    ).toBe(403);
    expect((await (await t.as(['owner'])).get(`/reports/exercises/${w.crisis.id}`)).status).toBe(
      403,
    );
    expect((await t.browser().get(`/reports/exercises/${w.crisis.id}`)).status).toBe(303);
  });

  it('names the participants of a participants-mode exercise and nobody else', async () => {
    const t = await setup();
    const w = await exercised(t);
    const crisis = unwrap(
      declareCrisis(
        t.db,
        w.actor,
        {
          title: 'Oefening deelnemers',
          startedAt: t.clock.now,
          impact: 'major',
          isExercise: true,
          exerciseNotify: 'participants',
        },
        t.clock.now,
      ),
    );
    unwrap(
      setExerciseParticipants(
        t.db,
        w.actor,
        { crisisId: crisis.id, version: crisis.version, ownerIds: [w.carla.id] },
        t.clock.now,
      ),
    );
    expect(reportOf(t, crisis.id).participants!.map((p) => p.owner.name)).toEqual([
      'Carla Cultuur',
    ]);
    expect(reportOf(t, w.crisis.id).participants).toBeNull();
  });
});
