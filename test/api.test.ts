// The JSON API walks Article 2 with the same domain functions as the pages: the same audit
// events, the same refusals (as JSON, with field names), the same optimistic version check.
import { eq, isNotNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { apiTokens, auditEvents, crises, holds, takeoverCases } from '../db/schema';
import { canonicalJson, verifyChain } from '../src/domain/audit/trail';
import { apiAs, type ApiClient } from './fixtures/api-client';
import { channelWithOwners } from './fixtures/registry';
import { setup, type Browser, type TestContext } from './helpers';

const declared = {
  title: 'Brand in de Warande',
  startedAt: '2026-11-25T13:40:00+01:00',
  impact: 'major',
};
const withCell = {
  ...declared,
  crisisCellLead: 'Burgemeester Van Hoof',
  crisisCellConvenedAt: '2026-11-25T13:50:00+01:00',
  crisisCellDecisionRef: 'CC-14',
};

const caseVersion = (t: TestContext, id: number) =>
  t.db.select().from(takeoverCases).where(eq(takeoverCases.id, id)).get()!.version;

/** One way of driving the console: through its pages or through the API. */
type Driver = {
  declare(): Promise<number>;
  addChannel(crisisId: number, channelId: number): Promise<number>;
  step(
    crisisId: number,
    caseId: number,
    path: string,
    fields: Record<string, string | number>,
  ): Promise<void>;
  release(crisisId: number, holdId: number, fields: Record<string, string | number>): Promise<void>;
};

function pagesDriver(t: TestContext, b: Browser): Driver {
  const form = (fields: Record<string, string | number>) =>
    Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)]));
  const expectRedirect = (status: number) => expect(status).toBe(303);
  return {
    async declare() {
      expectRedirect(
        (
          await b.post('/crises', {
            ...declared,
            startedAt: '2026-11-25T13:40',
            crisisCellLead: withCell.crisisCellLead,
            crisisCellConvenedAt: '2026-11-25T13:50',
            crisisCellDecisionRef: 'CC-14',
          })
        ).status,
      );
      return t.db.select().from(crises).get()!.id;
    },
    async addChannel(crisisId, channelId) {
      expectRedirect(
        (await b.post(`/crises/${crisisId}/channels`, { channelIds: String(channelId) })).status,
      );
      return t.db.select().from(takeoverCases).get()!.id;
    },
    async step(crisisId, caseId, path, fields) {
      expectRedirect(
        (await b.post(`/crises/${crisisId}/cases/${caseId}/${path}`, form(fields))).status,
      );
    },
    async release(crisisId, holdId, fields) {
      expectRedirect(
        (await b.post(`/crises/${crisisId}/holds/${holdId}/release`, form(fields))).status,
      );
    },
  };
}

function apiDriver(api: ApiClient): Driver {
  const expectOk = (res: { status: number; body: unknown }) =>
    expect([200, 201], JSON.stringify(res.body)).toContain(res.status);
  return {
    async declare() {
      const res = await api.post('/api/v1/crises', withCell);
      expectOk(res);
      return res.body.crisis.id;
    },
    async addChannel(crisisId, channelId) {
      const res = await api.post(`/api/v1/crises/${crisisId}/channels`, {
        channelIds: [channelId],
      });
      expectOk(res);
      return res.body.added[0].id;
    },
    async step(crisisId, caseId, path, fields) {
      expectOk(await api.post(`/api/v1/crises/${crisisId}/cases/${caseId}/${path}`, fields));
    },
    async release(crisisId, holdId, fields) {
      expectOk(await api.post(`/api/v1/crises/${crisisId}/holds/${holdId}/release`, fields));
    },
  };
}

/** Article 2 end to end: crisis cell → channel → two failed attempts → unreachable → hold → release → action → hand back. */
async function scenario(t: TestContext, drive: Driver) {
  const { channel, owners } = await channelWithOwners(t, {
    channel: { name: 'Stad Turnhout', handle: '@stadturnhout' },
    owners: [{ name: 'Anna Peeters', phone: '+32 14 40 95 11' }],
  });
  const ownerId = owners[0]!.owner.id;
  const crisisId = await drive.declare();
  const caseId = await drive.addChannel(crisisId, channel.id);
  const v = () => caseVersion(t, caseId);
  await drive.step(crisisId, caseId, 'attempts', {
    version: v(),
    ownerId,
    means: 'phone',
    outcome: 'no_answer',
  });
  t.clock.advance(60_000);
  await drive.step(crisisId, caseId, 'attempts', {
    version: v(),
    ownerId,
    means: 'email',
    outcome: 'no_answer',
    note: 'Afwezigheidsbericht',
  });
  await drive.step(crisisId, caseId, 'unreachable', { version: v() });
  await drive.step(crisisId, caseId, 'holds', {
    version: v(),
    postState: 'online',
    postRef: 'https://facebook.test/posts/1',
    conflict: 'Oude openingsuren',
    action: 'taken_offline',
  });
  const hold = t.db.select().from(holds).get()!;
  t.clock.advance(5 * 60_000);
  await drive.release(crisisId, hold.id, {
    version: hold.version,
    outcome: 'corrected',
    note: 'Uren aangepast',
  });
  await drive.step(crisisId, caseId, 'actions', {
    version: v(),
    kind: 'published',
    note: 'Oproep: vermijd de Warande',
  });
  await drive.step(crisisId, caseId, 'hand-back', { version: v(), note: 'Terug naar de dienst' });
  return t.db
    .select()
    .from(auditEvents)
    .where(isNotNull(auditEvents.crisisId))
    .all()
    .map(({ action, actorRole, actorUserId, crisisId: c, caseId: k, channelId, details, at }) => ({
      action,
      actorRole,
      actorUserId,
      c,
      k,
      channelId,
      details,
      at,
    }));
}

describe('Article 2 over the API', () => {
  it('leaves exactly the audit events the pages leave for the same walk-through, in a verifying chain', async () => {
    const pages = await setup();
    const viaPages = await scenario(
      pages,
      pagesDriver(pages, await pages.as(['crisis_operator'], 'Olga Operator')),
    );
    const api = await setup();
    const viaApi = await scenario(
      api,
      apiDriver(await apiAs(api, ['crisis_operator'], 'Olga Operator')),
    );

    expect(viaApi.map((e) => e.action)).toEqual([
      'crisis.declared',
      'crisis.cell_recorded',
      'crisis.operator_joined',
      'case.added',
      'case.contact_attempt',
      'case.contact_attempt',
      'case.authorised',
      'hold.placed',
      'hold.released',
      'case.action_logged',
      'case.handed_back',
    ]);
    // The same events, each also naming the API key the change came with.
    const key = api.db.select({ id: apiTokens.id }).from(apiTokens).get()!.id;
    expect(viaApi.map((e) => JSON.parse(e.details).apiKey)).toEqual(viaApi.map(() => key));
    const withoutKey = viaApi.map((e) => ({
      ...e,
      details: canonicalJson({ ...JSON.parse(e.details), apiKey: undefined }),
    }));
    expect(withoutKey).toEqual(viaPages);
    expect(viaPages.every((e) => !('apiKey' in JSON.parse(e.details)))).toBe(true);
    expect(viaApi.every((e) => e.actorUserId === 1 && e.actorRole === 'crisis_operator')).toBe(
      true,
    );
    expect(verifyChain(api.db).ok).toBe(true);
    expect(api.db.select().from(takeoverCases).get()).toMatchObject({
      state: 'handed_back',
      basis: 'owner_unreachable',
    });
  });

  it('reads the board and the case as the operators see them', async () => {
    const t = await setup();
    const api = await apiAs(t, ['communicatie']);
    const { channel, owners } = await channelWithOwners(t, { owners: [{ name: 'Bert Backup' }] });
    const crisis = (await api.post('/api/v1/crises', withCell)).body.crisis;
    const kase = (
      await api.post(`/api/v1/crises/${crisis.id}/channels`, { channelIds: [channel.id] })
    ).body.added[0];
    const attempt = await api.post(`/api/v1/crises/${crisis.id}/cases/${kase.id}/attempts`, {
      version: 1,
      ownerId: owners[0]!.owner.id,
      means: 'phone',
      outcome: 'voicemail',
      note: 'Ingesproken',
    });
    expect(attempt.status).toBe(201);
    expect(attempt.body).toMatchObject({
      effect: 'logged',
      case: { state: 'contacting', version: 2 },
      attempt: { outcome: 'voicemail' },
    });

    const board = await api.get(`/api/v1/crises/${crisis.id}`);
    expect(board.status).toBe(200);
    expect(board.body.gate).toEqual({ open: true });
    expect(board.body.rows).toHaveLength(1);
    expect(board.body.rows[0]).toMatchObject({
      case: { id: kase.id, state: 'contacting' },
      channel: { id: channel.id },
      next: 'contact_owner',
      // The board's own rules, as the page applies them: calling is the next step.
      mustCall: true,
      settled: false,
      late: null,
      lastAttempt: { ownerName: 'Bert Backup', means: 'phone' },
      owners: [{ name: 'Bert Backup' }],
    });
    const detail = await api.get(`/api/v1/crises/${crisis.id}/cases/${kase.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.attempts).toHaveLength(1);
    expect(detail.body.history.map((e: { action: string }) => e.action)).toEqual([
      'case.added',
      'case.contact_attempt',
    ]);
    expect(detail.body.history[1].details).toMatchObject({
      outcome: 'voicemail',
      ownerName: 'Bert Backup',
    });
    expect(detail.body.unreachable).toMatchObject({ unreachable: false, reason: 'not_all_tried' });
  });
});

describe('the exceptions over the API', () => {
  async function openCase(t: TestContext, api: ApiClient, owners = [{ name: 'Anna Peeters' }]) {
    const { channel, owners: made } = await channelWithOwners(t, { owners });
    const crisis = (await api.post('/api/v1/crises', withCell)).body.crisis;
    const kase = (
      await api.post(`/api/v1/crises/${crisis.id}/channels`, { channelIds: [channel.id] })
    ).body.added[0];
    return {
      crisisId: crisis.id as number,
      caseId: kase.id as number,
      url: `/api/v1/crises/${crisis.id}/cases/${kase.id}`,
      owners: made,
    };
  }

  it('needs a justification and a deadline within the hour for an acute takeover', async () => {
    const t = await setup();
    const api = await apiAs(t, ['crisis_operator']);
    const { url } = await openCase(t, api);
    const empty = await api.post(`${url}/acute`, {
      version: 1,
      justification: '  ',
      deadline: '2026-11-25T14:30:00+01:00',
    });
    expect(empty.status).toBe(422);
    expect(empty.body.code).toBe('case.acute.justificationRequired');
    expect(Object.keys(empty.body.fields)).toEqual(['justification']);
    const late = await api.post(`${url}/acute`, {
      version: 1,
      justification: 'Evacuatie Warande-buurt',
      deadline: '2026-11-25T15:30:00+01:00',
    });
    expect(late.status).toBe(422);
    expect(late.body.fields.deadline).toBe(late.body.error);
    expect(late.body.code).toBe('case.acute.deadlineTooLate');
    const done = await api.post(`${url}/acute`, {
      version: 1,
      justification: 'Evacuatie Warande-buurt',
      deadline: '2026-11-25T14:45:00+01:00',
    });
    expect(done.status).toBe(200);
    expect(done.body.case).toMatchObject({
      state: 'active',
      basis: 'acute',
      acuteDeadline: '2026-11-25T13:45:00.000Z',
    });
  });

  it('places a hold for conflicting information and shows the owner contact that must follow', async () => {
    const t = await setup();
    const api = await apiAs(t, ['crisis_operator']);
    const { url } = await openCase(t, api);
    const scheduled = await api.post(`${url}/conflicting`, {
      version: 1,
      postState: 'scheduled',
      postRef: 'Planner #88',
      conflict: 'Feestelijke post',
      action: 'put_on_hold',
    });
    expect(scheduled.status).toBe(422);
    expect(scheduled.body.fields).toHaveProperty('scheduledFor');
    const res = await api.post(`${url}/conflicting`, {
      version: 1,
      postState: 'scheduled',
      postRef: 'Planner #88',
      conflict: 'Feestelijke post',
      action: 'put_on_hold',
      scheduledFor: '2026-11-25T15:00:00Z',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      case: { basis: 'conflicting_information' },
      hold: { action: 'put_on_hold', releasedAt: null },
    });
    t.clock.advance(31 * 60_000);
    const detail = await api.get(url);
    expect(detail.body.obligation.state).toBe('overdue');
  });

  it('offers owner_unreachable only once the attempt log shows it', async () => {
    const t = await setup();
    const api = await apiAs(t, ['crisis_operator']);
    const { url } = await openCase(t, api);
    const refused = await api.post(`${url}/unreachable`, { version: 1 });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('case.unreachable.notShown');
    expect(t.db.select().from(takeoverCases).get()!.state).toBe('contacting');
  });

  it('refuses every step until the crisis cell is involved, with the Article 2 message, then allows it', async () => {
    const t = await setup();
    const api = await apiAs(t, ['crisis_operator']);
    const { channel, owners } = await channelWithOwners(t, { owners: [{ name: 'Anna Peeters' }] });
    const crisis = (await api.post('/api/v1/crises', declared)).body.crisis;
    const kase = (
      await api.post(`/api/v1/crises/${crisis.id}/channels`, { channelIds: [channel.id] })
    ).body.added[0];
    const attempt = {
      version: 1,
      ownerId: owners[0]!.owner.id,
      means: 'phone',
      outcome: 'reached_owner_agrees',
    };
    const refused = await api.post(
      `/api/v1/crises/${crisis.id}/cases/${kase.id}/attempts`,
      attempt,
    );
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'crisis.gate.notApplicable',
      error:
        'Artikel 2 geldt alleen voor grote crisissen of crisissen met grote impact waarbij de crisiscel betrokken is.',
    });
    const cell = await api.post(`/api/v1/crises/${crisis.id}/cell`, {
      version: crisis.version,
      impact: 'major',
      crisisCellLead: 'Burgemeester',
      crisisCellConvenedAt: '2026-11-25T13:55:00+01:00',
    });
    expect(cell.status).toBe(200);
    const allowed = await api.post(
      `/api/v1/crises/${crisis.id}/cases/${kase.id}/attempts`,
      attempt,
    );
    expect(allowed.status).toBe(201);
    expect(allowed.body).toMatchObject({
      effect: 'authorised',
      case: { basis: 'owner_contacted' },
    });
  });
});

describe('errors as JSON', () => {
  it("names every invalid or unknown field, in the token user's language, and writes nothing", async () => {
    const t = await setup();
    const api = await apiAs(t, ['crisis_operator']);
    const res = await api.post('/api/v1/crises', {
      title: '',
      startedAt: '25/11/2026 13:40',
      impact: 'huge',
      titel: 'typo',
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(res.body).toEqual({
      error: 'De aanvraag bevat ongeldige velden.',
      code: 'api.invalid',
      fields: {
        title: 'Dit veld is verplicht.',
        startedAt:
          'Geef een tijdstip volgens ISO 8601 met tijdzone, bv. 2026-11-25T14:05:00+01:00.',
        impact: 'Kies een van de mogelijkheden.',
        titel: 'Onbekend veld.',
      },
    });
    const future = await api.post('/api/v1/crises', {
      ...declared,
      startedAt: '2026-11-25T18:00:00+01:00',
    });
    expect(future.status).toBe(422);
    expect(future.body.fields).toEqual({ startedAt: 'Dit tijdstip ligt in de toekomst.' });
    const half = await api.post('/api/v1/crises', { ...declared, crisisCellLead: 'Burgemeester' });
    expect(half.body.fields).toEqual({ crisisCellConvenedAt: 'Dit veld is verplicht.' });
    expect(t.db.select().from(crises).all()).toHaveLength(0);
  });

  it('answers an English user in English', async () => {
    const t = await setup();
    const api = await apiAs(t, ['crisis_operator']);
    t.sqlite.prepare('update users set language = ? where id = ?').run('en', api.user.id);
    const res = await api.post('/api/v1/crises', { ...declared, title: '' });
    expect(res.body.fields.title).toBe('This field is required.');
  });

  it('refuses a body that is not a JSON object (400) or too large (413), and an unknown case or route (404)', async () => {
    const t = await setup();
    const api = await apiAs(t, ['crisis_operator']);
    for (const body of ['{"title":', '[1,2]', 'null']) {
      const res = await api.call('POST', '/api/v1/crises', body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('api.badJson');
    }
    const huge = await api.post('/api/v1/crises', { ...declared, description: 'x'.repeat(70_000) });
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('api.tooLarge');
    const small = JSON.stringify(declared);
    const declaredHuge = await api.call('POST', '/api/v1/crises', small, {
      'Content-Length': String(64 * 1024 + 1),
    });
    expect(declaredHuge.status).toBe(413);
    expect(
      (
        await api.call('POST', '/api/v1/crises', small, {
          'Content-Length': String(Buffer.byteLength(small)),
        })
      ).status,
    ).toBe(201);
    const crisis = (await api.post('/api/v1/crises', withCell)).body.crisis;
    expect((await api.get(`/api/v1/crises/${crisis.id}/cases/999`)).status).toBe(404);
    expect(
      (await api.post(`/api/v1/crises/${crisis.id}/cases/999/unreachable`, { version: 1 })).body
        .code,
    ).toBe('case.notFound');
    expect((await api.get('/api/v1/crises/999')).status).toBe(404);
    expect((await api.get('/api/v1/nothing-here')).body).toEqual({ error: 'not found' });
  });

  it("refuses a case through another crisis's address", async () => {
    const t = await setup();
    const api = await apiAs(t, ['crisis_operator']);
    const { channel } = await channelWithOwners(t, { owners: [{ name: 'Anna Peeters' }] });
    const first = (await api.post('/api/v1/crises', withCell)).body.crisis;
    const other = (await api.post('/api/v1/crises', withCell)).body.crisis;
    const kase = (
      await api.post(`/api/v1/crises/${first.id}/channels`, { channelIds: [channel.id] })
    ).body.added[0];
    const res = await api.post(`/api/v1/crises/${other.id}/cases/${kase.id}/unreachable`, {
      version: 1,
    });
    expect(res.status).toBe(404);
  });

  it('lets one of two simultaneous steps on a case win and tells the other what changed (409)', async () => {
    const t = await setup();
    const one = await apiAs(t, ['crisis_operator'], 'Jef');
    const two = await apiAs(t, ['crisis_operator'], 'Lotte');
    const { channel } = await channelWithOwners(t, { owners: [] });
    const crisis = (await one.post('/api/v1/crises', withCell)).body.crisis;
    const kase = (
      await one.post(`/api/v1/crises/${crisis.id}/channels`, { channelIds: [channel.id] })
    ).body.added[0];
    const url = `/api/v1/crises/${crisis.id}/cases/${kase.id}`;
    const [a, b] = await Promise.all([
      one.post(`${url}/unreachable`, { version: 1 }),
      two.post(`${url}/acute`, {
        version: 1,
        justification: 'Evacuatie Grote Markt nu melden',
        deadline: '2026-11-25T14:30:00+01:00',
      }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const lost = a.status === 409 ? a : b;
    expect(lost.body.code).toBe('error.conflict');
    expect(lost.body.current.case).toMatchObject({ state: 'active', version: 2 });
    expect(lost.body.current.latest.action).toBe('case.authorised');
    expect(
      t.db.select().from(auditEvents).where(eq(auditEvents.action, 'case.authorised')).all(),
    ).toHaveLength(1);
  });
});
