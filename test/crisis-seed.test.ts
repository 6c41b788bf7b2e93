import { describe, expect, it } from 'vitest';
import { crises, takeoverCases } from '../db/schema';
import { verifyChain } from '../src/domain/audit/trail';
import { loadBoard } from '../src/domain/crisis/board';
import { seedDemo } from '../src/seed/demo';
import { setup, TEST_SCRYPT_N } from './helpers';

describe('the demo seed', () => {
  it('includes one past, closed crisis with every basis, an owner who handled it, and a verifying audit', async () => {
    const t = await setup();
    await seedDemo(t.db, t.clock.now, TEST_SCRYPT_N, t.config.vault);
    const crisis = t.db.select().from(crises).get()!;
    expect(crisis).toMatchObject({ status: 'closed', impact: 'major', closeOverrideReason: null });
    expect(crisis.startedAt < t.clock.now.toISOString()).toBe(true);
    const cases = t.db.select().from(takeoverCases).all();
    expect(new Set(cases.map((c) => c.basis))).toEqual(
      new Set(['owner_contacted', 'acute', 'conflicting_information', 'owner_unreachable', null]),
    );
    expect(new Set(cases.map((c) => c.state))).toEqual(new Set(['handed_back', 'owner_handles']));
    const board = loadBoard(t.db, crisis.id, t.clock.now, t.config.rules)!;
    expect(board.rows.find((r) => r.channel.name === 'Fietsstad Turnhout')?.owners).toEqual([]);
    expect(board.rows.map((r) => r.acute.state).filter((s) => s === 'sent')).toHaveLength(2);
    expect(verifyChain(t.db).ok).toBe(true);
    const b = await t.as(['crisis_operator']);
    expect((await b.get(`/crises/${crisis.id}`)).status).toBe(200);
    expect((await b.get(`/crises/${crisis.id}/timeline`)).text_).toContain(
      'Blokkering vrijgegeven',
    );
  });
});
