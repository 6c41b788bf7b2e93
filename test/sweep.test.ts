// The scheduled-post sweep: an item per affected channel (and, on request, per active channel of
// the city), results recorded by one tap and audited, "hold placed" only with a real hold.
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, sweepItems } from '../db/schema';
import { verifyChain } from '../src/domain/audit/trail';
import { addChannelsToCrisis, closeCrisis } from '../src/domain/crisis/crises';
import { recordSweepResult, sweepProgress, sweepWholeCity } from '../src/domain/crisis/sweep';
import { authoriseConflicting } from '../src/domain/crisis/takeover';
import { caseWith, channel } from './crisis-fixtures';
import { setup } from './helpers';

const itemOf = (t: Awaited<ReturnType<typeof setup>>, crisisId: number, channelId: number) =>
  t.db
    .select()
    .from(sweepItems)
    .where(and(eq(sweepItems.crisisId, crisisId), eq(sweepItems.channelId, channelId)))
    .get()!;

describe('the scheduled-post sweep', () => {
  it('gives every channel added to a crisis a sweep item, once, in the same step', async () => {
    const t = await setup();
    const { crisis, channel: ch, actor } = await caseWith(t);
    const second = channel(t).channel;
    addChannelsToCrisis(
      t.db,
      actor,
      { crisisId: crisis.id, channelIds: [ch.id, second.id] },
      t.clock.now,
    );
    expect(
      t.db
        .select()
        .from(sweepItems)
        .where(eq(sweepItems.crisisId, crisis.id))
        .all()
        .map((i) => i.channelId)
        .sort(),
    ).toEqual([ch.id, second.id].sort());
    expect(sweepProgress(t.db, crisis.id)).toEqual({ checked: 0, total: 2 });
  });

  it('widens the sweep to every active channel of the city on request, skipping archived and dormant ones', async () => {
    const t = await setup();
    const { crisis, actor } = await caseWith(t);
    channel(t);
    channel(t);
    const result = sweepWholeCity(t.db, actor, crisis.id, t.clock.now);
    expect(result.ok && result.value.added).toBe(2);
    expect(sweepProgress(t.db, crisis.id).total).toBe(3);
    const again = sweepWholeCity(t.db, actor, crisis.id, t.clock.now);
    expect(again.ok && again.value.added).toBe(0);
  });

  it('records a result with who and when, audited as sweep.checked, and counts it on the board', async () => {
    const t = await setup();
    const { crisis, channel: ch } = await caseWith(t);
    const b = await t.as(['crisis_operator'], 'Operator Sweep');
    const item = itemOf(t, crisis.id, ch.id);
    const board = await b.get(`/crises/${crisis.id}`);
    expect(board.text_).toContain('0 / 1 kanalen nagekeken');
    const page = await b.get(`/crises/${crisis.id}/sweep`);
    expect(page.text_).toContain(ch.name);
    const res = await b.post(`/crises/${crisis.id}/sweep/${item.id}`, {
      version: '1',
      result: 'no_scheduled_posts',
    });
    expect(res.status).toBe(303);
    const after = itemOf(t, crisis.id, ch.id);
    expect(after).toMatchObject({
      result: 'no_scheduled_posts',
      checkedAt: t.clock.now.toISOString(),
      version: 2,
    });
    const event = t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'sweep.checked'))
      .get()!;
    expect(event).toMatchObject({ crisisId: crisis.id, channelId: ch.id });
    expect(JSON.parse(event.details)).toMatchObject({
      result: 'no_scheduled_posts',
      previous: null,
    });
    expect((await b.get(`/crises/${crisis.id}`)).text_).toContain('1 / 1 kanalen nagekeken');
    expect(verifyChain(t.db).ok).toBe(true);
  });

  it('refuses "hold placed" until the channel carries a hold, then links the hold in the record', async () => {
    const t = await setup();
    const { crisis, channel: ch, kase, actor } = await caseWith(t);
    const item = itemOf(t, crisis.id, ch.id);
    const refused = recordSweepResult(
      t.db,
      actor,
      { crisisId: crisis.id, itemId: item.id, version: 1, result: 'hold_placed' },
      t.clock.now,
    );
    expect(refused).toMatchObject({ ok: false, error: 'sweep.holdMissing' });
    expect(itemOf(t, crisis.id, ch.id).result).toBeNull();
    const b = await t.as(['crisis_operator']);
    expect((await b.get(`/crises/${crisis.id}/sweep`)).text_).toContain(
      `/crises/${crisis.id}/cases/${kase.id}#conflicting`,
    );
    const held = authoriseConflicting(
      t.db,
      actor,
      {
        caseId: kase.id,
        version: kase.version,
        postState: 'scheduled',
        postRef: 'Business Suite: zomerfeest 18u',
        scheduledFor: new Date(t.clock.now.getTime() + 3_600_000),
        conflict: 'Nodigt uit naar het park',
        action: 'put_on_hold',
      },
      t.clock.now,
      t.config.rules,
    );
    expect(held.ok).toBe(true);
    const done = recordSweepResult(
      t.db,
      actor,
      { crisisId: crisis.id, itemId: item.id, version: 1, result: 'hold_placed' },
      t.clock.now,
    );
    expect(done.ok).toBe(true);
    const event = t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'sweep.checked'))
      .get()!;
    expect(JSON.parse(event.details).holdId).toBe(held.ok ? held.value.hold.id : -1);
  });

  it('refuses a stale version with 409 and an item of another crisis with 404', async () => {
    const t = await setup();
    const { crisis, channel: ch, actor } = await caseWith(t);
    const other = await caseWith(t);
    const item = itemOf(t, crisis.id, ch.id);
    recordSweepResult(
      t.db,
      actor,
      { crisisId: crisis.id, itemId: item.id, version: 1, result: 'none_conflicting' },
      t.clock.now,
    );
    const b = await t.as(['crisis_operator']);
    expect(
      (
        await b.post(`/crises/${crisis.id}/sweep/${item.id}`, {
          version: '1',
          result: 'no_scheduled_posts',
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await b.post(`/crises/${other.crisis.id}/sweep/${item.id}`, {
          version: '2',
          result: 'no_scheduled_posts',
        })
      ).status,
    ).toBe(404);
    expect(
      (await b.post(`/crises/${crisis.id}/sweep/${item.id}`, { version: '2', result: 'maybe' }))
        .status,
    ).toBe(422);
    expect(itemOf(t, crisis.id, ch.id).result).toBe('none_conflicting');
  });

  it('takes no results once the crisis is closed, and is not open to owners', async () => {
    const t = await setup();
    const { crisis, channel: ch, actor } = await caseWith(t);
    closeCrisis(
      t.db,
      actor,
      { crisisId: crisis.id, version: crisis.version, overrideReason: 'Oefening gestopt' },
      t.clock.now,
    );
    const item = itemOf(t, crisis.id, ch.id);
    expect(
      recordSweepResult(
        t.db,
        actor,
        { crisisId: crisis.id, itemId: item.id, version: 1, result: 'no_scheduled_posts' },
        t.clock.now,
      ),
    ).toMatchObject({ ok: false, error: 'crisis.gate.closed' });
    const owner = await t.as(['owner']);
    expect((await owner.get(`/crises/${crisis.id}/sweep`)).status).toBe(403);
  });
});
