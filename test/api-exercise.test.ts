// An exercise that notifies only its participants, driven through the JSON API: declared in that
// mode, its participants chosen and read back with the page's rules, messages and audit event.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents } from '../db/schema';
import { apiAs } from './fixtures/api-client';
import { channelWithOwners } from './fixtures/registry';
import { setup } from './helpers';

const exercise = {
  title: 'Oefening stroomuitval',
  startedAt: '2026-11-25T13:40:00+01:00',
  impact: 'major',
  isExercise: true,
};

describe('exercise participants through the API', () => {
  it('declares an exercise that notifies only its participants, chooses them, and audits the choice with the key', async () => {
    const t = await setup();
    const api = await apiAs(t, ['crisis_operator']);
    const {
      owners: [sofie, tom],
    } = await channelWithOwners(t, {
      owners: [{ name: 'Sofie Janssens' }, { name: 'Tom Peeters' }],
    });
    const declared = await api.post('/api/v1/crises', {
      ...exercise,
      exerciseNotify: 'participants',
    });
    expect(declared.status).toBe(201);
    expect(declared.body.crisis).toMatchObject({
      isExercise: true,
      exerciseNotify: 'participants',
    });
    const id = declared.body.crisis.id;

    const before = await api.get(`/api/v1/crises/${id}/participants`);
    expect(before.body).toEqual({
      crisisId: id,
      version: declared.body.crisis.version,
      exerciseNotify: 'participants',
      participants: [],
    });

    const chosen = await api.post(`/api/v1/crises/${id}/participants`, {
      version: before.body.version,
      ownerIds: [sofie!.owner.id, tom!.owner.id],
    });
    expect(chosen.status).toBe(200);
    expect(chosen.body).toEqual({ added: 2, removed: 0 });
    const after = await api.get(`/api/v1/crises/${id}/participants`);
    expect(
      after.body.participants.map((p: { name: string; chosen: boolean }) => [p.name, p.chosen]),
    ).toEqual([
      ['Sofie Janssens', true],
      ['Tom Peeters', true],
    ]);

    const events = t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'exercise.participants_changed'))
      .all();
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.details)).toMatchObject({
      apiKey: expect.any(Number),
      participants: [{ name: 'Sofie Janssens' }, { name: 'Tom Peeters' }],
    });
  });

  it('refuses a stale version with what changed, an unknown owner by field, and a real crisis as not found, writing nothing', async () => {
    const t = await setup();
    const api = await apiAs(t, ['crisis_operator']);
    const {
      owners: [sofie],
    } = await channelWithOwners(t, { owners: [{ name: 'Sofie Janssens' }] });
    const id = (await api.post('/api/v1/crises', { ...exercise, exerciseNotify: 'participants' }))
      .body.crisis.id;
    const { version } = (await api.get(`/api/v1/crises/${id}/participants`)).body;
    expect(
      (
        await api.post(`/api/v1/crises/${id}/participants`, {
          version,
          ownerIds: [sofie!.owner.id],
        })
      ).status,
    ).toBe(200);

    const stale = await api.post(`/api/v1/crises/${id}/participants`, { version, ownerIds: [] });
    expect(stale.status).toBe(409);
    expect(stale.body.current.participants.map((p: { name: string }) => p.name)).toEqual([
      'Sofie Janssens',
    ]);

    const unknown = await api.post(`/api/v1/crises/${id}/participants`, {
      version: version + 1,
      ownerIds: [99_999],
    });
    expect(unknown.status).toBe(422);
    expect(Object.keys(unknown.body.fields)).toEqual(['ownerIds']);

    const real = (await api.post('/api/v1/crises', { ...exercise, isExercise: false })).body.crisis
      .id;
    expect((await api.get(`/api/v1/crises/${real}/participants`)).status).toBe(404);
    expect(
      (await api.post(`/api/v1/crises/${real}/participants`, { version: 1, ownerIds: [] })).status,
    ).toBe(404);
    expect(
      t.db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.action, 'exercise.participants_changed'))
        .all(),
    ).toHaveLength(1);
  });

  it('keeps an exercise declared without a mode in the marked mode, where nobody is chosen', async () => {
    const t = await setup();
    const api = await apiAs(t, ['crisis_operator']);
    const {
      owners: [sofie],
    } = await channelWithOwners(t, { owners: [{ name: 'Sofie Janssens' }] });
    const declared = await api.post('/api/v1/crises', exercise);
    expect(declared.body.crisis.exerciseNotify).toBe('marked');
    const id = declared.body.crisis.id;
    const refused = await api.post(`/api/v1/crises/${id}/participants`, {
      version: declared.body.crisis.version,
      ownerIds: [sofie!.owner.id],
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('exercise.participants.notParticipantsMode');
  });
});
