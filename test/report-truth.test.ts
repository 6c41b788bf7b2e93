// The incident report accuses nobody of what did not happen and misses nothing that did: an owner
// who acknowledged was informed, a queued notice is pending for a while, the owner chain is judged
// as it stood, and typed-back times, hurried chains and override closes are found.
import { describe, expect, it } from 'vitest';
import { channelOwners, owners } from '../db/schema';
import { closeCrisis } from '../src/domain/crisis/crises';
import { authoriseUnreachable, recordContactAttempt } from '../src/domain/crisis/takeover';
import type { FindingCode } from '../src/domain/report/compliance';
import { crisisReport } from '../src/domain/report/incident';
import { caseWith } from './crisis-fixtures';
import { crisisWorld, type World } from './fixtures/crisis';
import { setup, type TestContext } from './helpers';

const MIN = 60_000;

function found(t: TestContext, crisisId: number, code: FindingCode) {
  return crisisReport(t.db, crisisId, t.config.rules, t.clock.now)!.findings.filter(
    (f) => f.code === code,
  );
}

async function world() {
  const t = await setup();
  return { t, w: await crisisWorld(t, {}) };
}

const at = (t: TestContext, w: World, minutes: number) => t.clock.set(w.at(minutes));

describe('owners informed', () => {
  it('counts an owner who acknowledged on /mine as informed, and a queued notice as pending for 30 minutes', async () => {
    const { t, w } = await world();
    const k = w.kase('markt', { state: 'active', basis: 'acute', authorisedAt: w.at(6) });
    w.notice(k, w.anna.id, 'queued', undefined, w.at(9));
    w.notice(k, w.bert.id, 'queued');
    at(t, w, 20);
    expect(found(t, w.crisis.id, 'owner_not_informed')).toEqual([]);
    at(t, w, 6 + t.config.rules.noticePendingMinutes + 1);
    expect(found(t, w.crisis.id, 'owner_not_informed').map((f) => f.params)).toEqual([
      { owners: 'Bert Backup' },
    ]);
  });
});

describe('owners told in person', () => {
  it('counts the owner who agreed on the phone, and one reached after the takeover, as informed', async () => {
    const { t, w } = await world();
    const k = w.kase('sport', { state: 'active', basis: 'owner_contacted', authorisedAt: w.at(6) });
    w.attempt(k, w.anna.id, 'reached_owner_agrees', w.at(5));
    const held = w.kase('schakel', {
      state: 'active',
      basis: 'conflicting_information',
      authorisedAt: w.at(4),
    });
    w.attempt(held, w.bert.id, 'reached_owner_agrees', w.at(16));
    at(t, w, 120);
    const uninformed = found(t, w.crisis.id, 'owner_not_informed');
    expect(new Map(uninformed.map((f) => [f.caseId, f.params.owners]))).toEqual(
      new Map([
        [k.id, 'Bert Backup'],
        [held.id, 'Anna Eerst'],
      ]),
    );
  });
});

describe('the owner chain as it stood', () => {
  it('finds nothing about last week’s unreachable takeover when an owner is added to the channel today', async () => {
    const t = await setup();
    const w = await caseWith(t, [{ name: 'Enige Beheerder' }]);
    let version = 1;
    for (const means of ['phone', 'email'] as const) {
      const r = recordContactAttempt(
        t.db,
        w.actor,
        { caseId: w.kase.id, version, ownerId: w.owners[0]!.id, means, outcome: 'no_answer' },
        t.clock.now,
      );
      if (!r.ok) throw new Error(r.error);
      version = r.value.case.version;
    }
    const taken = authoriseUnreachable(
      t.db,
      w.actor,
      { caseId: w.kase.id, version },
      t.clock.now,
      t.config.rules,
    );
    expect(taken.ok).toBe(true);
    expect(found(t, w.crisis.id, 'unreachable_too_few_attempts')).toEqual([]);
    t.clock.advance(7 * 24 * 60 * MIN);
    const now = t.clock.now.toISOString();
    const added = t.db
      .insert(owners)
      .values({
        name: 'Nieuwe Beheerder',
        departmentId: w.channel.departmentId,
        phone: '+32 470 11 11 11',
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    t.db
      .insert(channelOwners)
      .values({ channelId: w.channel.id, ownerId: added.id, position: 2 })
      .run();
    expect(found(t, w.crisis.id, 'unreachable_too_few_attempts')).toEqual([]);
  });
});

describe('findings the report used to miss', () => {
  it('finds an unreachable chain recorded before the pacing rule whose attempts lay a minute apart', async () => {
    const { t, w } = await world();
    const k = w.kase('zwembad', {
      state: 'active',
      basis: 'owner_unreachable',
      authorisedAt: w.at(8),
    });
    w.informAll(k);
    w.attempt(k, w.anna.id, 'no_answer', w.at(5));
    w.attempt(k, w.anna.id, 'no_answer', w.at(5.5), 'email');
    w.attempt(k, w.bert.id, 'no_answer', w.at(6));
    w.attempt(k, w.bert.id, 'no_answer', w.at(6.5), 'email');
    at(t, w, 60);
    expect(found(t, w.crisis.id, 'unreachable_too_few_attempts')).toEqual([]);
    const [f] = found(t, w.crisis.id, 'unreachable_too_fast');
    expect(f!.params).toEqual({ span: 1, needed: 5 });
  });

  it('finds an attempt typed before the crisis start and one earlier than the attempt before it', async () => {
    const { t, w } = await world();
    const k = w.kase('markt', { state: 'contacting' });
    w.attempt(k, w.anna.id, 'no_answer', w.at(10));
    w.attempt(k, w.anna.id, 'no_answer', w.at(7), 'email');
    at(t, w, 60);
    expect(found(t, w.crisis.id, 'attempt_time_implausible').map((f) => f.params)).toEqual([
      { count: 1, at: w.at(7) },
    ]);
    w.attempt(k, w.bert.id, 'no_answer', w.at(-5));
    expect(found(t, w.crisis.id, 'attempt_time_implausible')[0]!.params.count).toBe(2);
  });

  it('finds a crisis closed with an override while a takeover was still open', async () => {
    const t = await setup();
    const w = await caseWith(t);
    expect(found(t, w.crisis.id, 'crisis_closed_with_override')).toEqual([]);
    const reason = 'Kanaal wordt morgen door de dienst afgehandeld';
    const closed = closeCrisis(
      t.db,
      w.actor,
      { crisisId: w.crisis.id, version: w.crisis.version, overrideReason: reason },
      t.clock.now,
    );
    expect(closed.ok).toBe(true);
    const [f] = found(t, w.crisis.id, 'crisis_closed_with_override');
    expect(f).toMatchObject({ caseId: null, params: { reason } });
    expect(f!.seqs).toHaveLength(1);
  });
});
