// The home page says what needs doing, per role.
import { describe, expect, it } from 'vitest';
import { recordContactAttempt } from '../src/domain/crisis/takeover';
import { caseWith } from './crisis-fixtures';
import { setup } from './helpers';

const MIN = 60_000;

describe('the home page', () => {
  it('shows an operator the open crises they joined, with how many channels are late, and the way to declare one', async () => {
    const t = await setup();
    const { crisis, kase, actor, owners } = await caseWith(t, [{}], { title: 'Brand Warande' });
    await caseWith(t, [{}], { title: 'Niet vervoegd' });
    const b = await t.as(['crisis_operator']);
    expect((await b.post(`/crises/${crisis.id}/join`)).status).toBe(303);
    recordContactAttempt(
      t.db,
      actor,
      { caseId: kase.id, version: 1, ownerId: owners[0]!.id, means: 'phone', outcome: 'no_answer' },
      t.clock.now,
    );

    const before = (await b.get('/')).text_;
    expect(before).toContain('Uw open crises');
    expect(before).toContain(`href="/crises/${crisis.id}"`);
    expect(before).toContain('Brand Warande');
    expect(before).not.toContain('Niet vervoegd');
    expect(before).not.toContain('te laat');
    expect(before).toContain('href="/crises/new"');

    t.clock.advance(6 * MIN);
    expect((await b.get('/')).text_).toContain('1 te laat');
  });

  it("shows Communicatie the registry's readiness at a glance, and an owner neither", async () => {
    const t = await setup();
    await caseWith(t, [{ phone: null, email: null }]);
    const comm = (await (await t.as(['communicatie'])).get('/')).text_;
    expect(comm).toMatch(/0% van de kanalen in orde \(0 van 1\)/);
    expect(comm).toContain('href="/readiness"');
    const owner = (await (await t.as(['owner'])).get('/')).text_;
    expect(owner).not.toContain('Uw open crises');
    expect(owner).not.toContain('van de kanalen in orde');
  });
});
