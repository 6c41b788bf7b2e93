import { describe, expect, it } from 'vitest';
import type { FindingCode } from '../src/domain/report/compliance';
import { crisisReport } from '../src/domain/report/incident';
import { crisisWorld, type World } from './fixtures/crisis';
import { setup, type TestContext } from './helpers';

async function world(crisis: Parameters<typeof crisisWorld>[1] = {}) {
  const t = await setup();
  const w = await crisisWorld(t, crisis);
  return { t, w };
}

/** The findings of one kind in the crisis report, read two hours after the crisis started. */
function found(t: TestContext, w: World, code: FindingCode, minutesAfterStart = 120) {
  t.clock.set(w.at(minutesAfterStart));
  return crisisReport(t.db, w.crisis.id, t.config.rules, t.clock.now)!.findings.filter(
    (f) => f.code === code,
  );
}

/** A takeover by the book: owner reached, then authorised, then both owners told and acknowledging. */
function byTheBook(w: World, name = 'jeugd') {
  const k = w.kase(name, {
    state: 'active',
    basis: 'owner_contacted',
    authorisedAt: w.at(6),
    authorisedBy: w.operator.id,
  });
  w.attempt(k, w.anna.id, 'reached_owner_agrees', w.at(5));
  w.informAll(k);
  w.action(k, w.at(8));
  return k;
}

describe('compliance findings: basis and authorisation', () => {
  it('finds a takeover without a recorded basis, citing its authorisation event', async () => {
    const { t, w } = await world();
    const k = w.kase('sport', { state: 'active', authorisedAt: w.at(6) });
    w.informAll(k);
    const [f] = found(t, w, 'takeover_without_basis');
    expect(f).toMatchObject({ caseId: k.id, channelId: k.channelId });
    expect(f!.seqs.length).toBeGreaterThan(0);
  });

  it('finds nothing wrong with a takeover done by the book', async () => {
    const { t, w } = await world();
    byTheBook(w);
    t.clock.set(w.at(120));
    expect(crisisReport(t.db, w.crisis.id, t.config.rules, t.clock.now)!.findings).toEqual([]);
  });

  it('finds an action on the channel logged before the takeover was authorised', async () => {
    const { t, w } = await world();
    const k = w.kase('sport', {
      state: 'active',
      basis: 'owner_contacted',
      authorisedAt: w.at(10),
    });
    w.attempt(k, w.anna.id, 'reached_owner_agrees', w.at(5));
    w.informAll(k);
    const seq = w.action(k, w.at(8));
    const [f] = found(t, w, 'acted_before_authorisation');
    expect(f!.params.count).toBe(1);
    expect(f!.seqs).toContain(seq);
  });

  it('does not find acting before authorisation when the action followed it', async () => {
    const { t, w } = await world();
    byTheBook(w);
    expect(found(t, w, 'acted_before_authorisation')).toEqual([]);
  });
});

describe('compliance findings: acute', () => {
  const acute = (w: World, fields: Record<string, unknown> = {}) => {
    const k = w.kase('stad', {
      state: 'active',
      basis: 'acute',
      authorisedAt: w.at(5),
      acuteJustification: 'Evacuatie binnen het uur melden',
      acuteDeadline: w.at(45),
      acuteMessageSentAt: w.at(30),
      ...fields,
    });
    w.informAll(k);
    return k;
  };

  it('finds an acute takeover without a justification', async () => {
    const { t, w } = await world();
    acute(w, { acuteJustification: '  ' });
    expect(found(t, w, 'acute_without_justification')).toHaveLength(1);
  });

  it('does not find a missing justification when one was written', async () => {
    const { t, w } = await world();
    acute(w);
    expect(found(t, w, 'acute_without_justification')).toEqual([]);
  });

  it('finds an acute deadline more than 60 minutes after the decision', async () => {
    const { t, w } = await world();
    acute(w, { acuteDeadline: w.at(95), acuteMessageSentAt: w.at(90) });
    expect(found(t, w, 'acute_deadline_too_long')[0]!.params).toEqual({ minutes: 90, max: 60 });
  });

  it('accepts an acute deadline exactly 60 minutes after the decision', async () => {
    const { t, w } = await world();
    acute(w, { acuteDeadline: w.at(65) });
    expect(found(t, w, 'acute_deadline_too_long')).toEqual([]);
  });

  it('finds an acute message that went out after its deadline, citing the message event', async () => {
    const { t, w } = await world();
    acute(w, { acuteMessageSentAt: w.at(50) });
    const [f] = found(t, w, 'acute_message_late');
    expect(f!.params).toEqual({ deadline: w.at(45), sent: w.at(50) });
    expect(f!.seqs).toHaveLength(2);
  });

  it('finds an acute message never sent once the deadline has passed, but not before', async () => {
    const { t, w } = await world();
    acute(w, { acuteMessageSentAt: null });
    expect(found(t, w, 'acute_message_late', 40)).toEqual([]);
    expect(found(t, w, 'acute_message_late', 46)).toHaveLength(1);
  });

  it('does not find a late acute message when it went out in time', async () => {
    const { t, w } = await world();
    acute(w);
    expect(found(t, w, 'acute_message_late')).toEqual([]);
  });
});

describe('compliance findings: conflicting information', () => {
  const conflicting = (w: World, fields: Record<string, unknown> = {}) => {
    const k = w.kase('bib', {
      state: 'active',
      basis: 'conflicting_information',
      authorisedAt: w.at(4),
      ownerContactDueAt: w.at(34),
      ...fields,
    });
    w.hold(k, w.at(4));
    w.informAll(k);
    return k;
  };

  it('finds a hold whose owner contact never followed, once it was due', async () => {
    const { t, w } = await world();
    conflicting(w);
    expect(found(t, w, 'conflicting_owner_not_contacted', 30)).toEqual([]);
    const [f] = found(t, w, 'conflicting_owner_not_contacted', 60);
    expect(f!.params).toEqual({ due: w.at(34) });
    expect(f!.seqs).toHaveLength(1);
  });

  it('does not find a missing owner contact when the owner was contacted', async () => {
    const { t, w } = await world();
    conflicting(w, { ownerContactedAt: w.at(20) });
    expect(found(t, w, 'conflicting_owner_not_contacted')).toEqual([]);
  });

  it('finds an owner contact that followed the hold late', async () => {
    const { t, w } = await world();
    conflicting(w, { ownerContactedAt: w.at(50) });
    expect(found(t, w, 'conflicting_owner_contacted_late')[0]!.params).toMatchObject({
      minutes: 16,
    });
  });

  it('does not find a late owner contact when it came in time', async () => {
    const { t, w } = await world();
    conflicting(w, { ownerContactedAt: w.at(30) });
    expect(found(t, w, 'conflicting_owner_contacted_late')).toEqual([]);
  });
});

describe('compliance findings: owner unreachable', () => {
  const unreachable = (w: World) => {
    const k = w.kase('zwembad', {
      state: 'active',
      basis: 'owner_unreachable',
      authorisedAt: w.at(20),
    });
    w.informAll(k);
    return k;
  };

  it('finds an unreachable owner tried fewer times than the rule requires', async () => {
    const { t, w } = await world();
    const k = unreachable(w);
    w.attempt(k, w.anna.id, 'no_answer', w.at(5));
    w.attempt(k, w.anna.id, 'voicemail', w.at(8), 'email');
    w.attempt(k, w.bert.id, 'no_answer', w.at(10));
    // Tried after the takeover: does not count.
    w.attempt(k, w.bert.id, 'no_answer', w.at(25));
    const [f] = found(t, w, 'unreachable_too_few_attempts');
    expect(f!.params).toEqual({ owners: 'Bert Backup (1)', min: 2 });
    expect(f!.seqs).toHaveLength(5);
  });

  it('does not find too few attempts when every owner was tried often enough', async () => {
    const { t, w } = await world();
    const k = unreachable(w);
    for (const o of [w.anna, w.bert]) {
      w.attempt(k, o.id, 'no_answer', w.at(5));
      w.attempt(k, o.id, 'wrong_number', w.at(9), 'email');
    }
    expect(found(t, w, 'unreachable_too_few_attempts')).toEqual([]);
  });
});

describe('compliance findings: owners informed', () => {
  it('finds an owner never informed of a takeover when the notice failed', async () => {
    const { t, w } = await world();
    const k = w.kase('markt', { state: 'active', basis: 'owner_contacted', authorisedAt: w.at(6) });
    w.attempt(k, w.anna.id, 'reached_owner_agrees', w.at(5));
    w.notice(k, w.anna.id, 'sent', w.at(7), w.at(9));
    const failed = w.notice(k, w.bert.id, 'failed', w.at(7));
    const [f] = found(t, w, 'owner_not_informed');
    expect(f!.params).toEqual({ owners: 'Bert Backup' });
    expect(failed.id).toBeGreaterThan(0);
  });

  it('finds every owner not told in person uninformed when no notice was queued at all', async () => {
    const { t, w } = await world();
    const k = w.kase('markt', { state: 'active', basis: 'owner_contacted', authorisedAt: w.at(6) });
    w.attempt(k, w.anna.id, 'reached_owner_agrees', w.at(5));
    // Anna agreed on the phone, so she knows; Bert heard nothing.
    expect(found(t, w, 'owner_not_informed')[0]!.params).toEqual({ owners: 'Bert Backup' });
  });

  it('does not find an uninformed owner when every notice was delivered', async () => {
    const { t, w } = await world();
    byTheBook(w);
    expect(found(t, w, 'owner_not_informed')).toEqual([]);
  });

  it('finds an informed owner who never acknowledged', async () => {
    const { t, w } = await world();
    const k = w.kase('markt', { state: 'active', basis: 'owner_contacted', authorisedAt: w.at(6) });
    w.attempt(k, w.anna.id, 'reached_owner_agrees', w.at(5));
    w.notice(k, w.anna.id, 'sent', w.at(7), w.at(9));
    w.notice(k, w.bert.id, 'sent', w.at(7));
    expect(found(t, w, 'owner_not_acknowledged')[0]!.params).toEqual({ owners: 'Bert Backup' });
  });

  it('does not find a missing acknowledgement when every owner acknowledged', async () => {
    const { t, w } = await world();
    byTheBook(w);
    expect(found(t, w, 'owner_not_acknowledged')).toEqual([]);
  });
});

describe('compliance findings: outside an Article 2 crisis', () => {
  it('finds a takeover in a crisis of limited impact', async () => {
    const { t, w } = await world({ impact: 'limited' });
    byTheBook(w);
    const [f] = found(t, w, 'takeover_outside_crisis');
    expect(f!.params).toEqual({ at: w.at(6) });
    expect(f!.seqs.length).toBeGreaterThanOrEqual(3);
  });

  it('finds a takeover before the crisis cell was involved', async () => {
    const { t, w } = await world({ crisisCellConvenedAt: '2026-11-25T13:30:00.000Z' });
    byTheBook(w);
    expect(found(t, w, 'takeover_outside_crisis')).toHaveLength(1);
  });

  it('does not find a takeover outside a crisis when the crisis cell was involved first', async () => {
    const { t, w } = await world();
    byTheBook(w);
    expect(found(t, w, 'takeover_outside_crisis')).toEqual([]);
  });
});

describe('compliance findings: login-details reveals', () => {
  it('finds a reveal during a crisis without the crisis cell involved', async () => {
    const { t, w } = await world({ crisisCellLead: null, crisisCellConvenedAt: null });
    const seq = w.reveal(w.at(10), { reason: 'Bericht plaatsen over de brand' });
    const [f] = found(t, w, 'reveal_outside_crisis');
    expect(f!.seqs).toEqual([seq]);
  });

  it('does not find a reveal outside a crisis when the crisis cell was involved', async () => {
    const { t, w } = await world();
    w.reveal(w.at(10), { reason: 'Bericht plaatsen over de brand' });
    expect(found(t, w, 'reveal_outside_crisis')).toEqual([]);
  });

  it('finds a reveal without a reason', async () => {
    const { t, w } = await world();
    w.reveal(w.at(10), { reason: '' });
    expect(found(t, w, 'reveal_without_reason')).toHaveLength(1);
  });

  it('does not find a missing reason when the reveal gave one', async () => {
    const { t, w } = await world();
    w.reveal(w.at(10), { reason: 'Bericht plaatsen over de brand' });
    expect(found(t, w, 'reveal_without_reason')).toEqual([]);
  });
});
