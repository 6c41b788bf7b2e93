// After the crisis: the owner contact a hold owes can still be logged once the crisis is closed,
// so the report says "late" instead of "never"; nothing else can be done on a closed crisis.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, takeoverCases } from '../db/schema';
import { addChannelsToCrisis, closeCrisis } from '../src/domain/crisis/crises';
import { authoriseConflicting, recordContactAttempt } from '../src/domain/crisis/takeover';
import { crisisReport } from '../src/domain/report/incident';
import { caseWith, channel } from './crisis-fixtures';
import { Browser, setup } from './helpers';

const MIN = 60_000;

describe('the owner contact after a hold, once the crisis is closed', () => {
  it('is logged late rather than never, and is the only step a closed crisis allows', async () => {
    const t = await setup();
    const w = await caseWith(t, [{ name: 'Sofie Janssens' }]);
    const other = channel(t);
    const added = addChannelsToCrisis(
      t.db,
      w.actor,
      { crisisId: w.crisis.id, channelIds: [other.channel.id] },
      t.clock.now,
    );
    if (!added.ok) throw new Error(added.error);
    const held = authoriseConflicting(
      t.db,
      w.actor,
      {
        caseId: w.kase.id,
        version: 1,
        postState: 'online',
        postRef: 'https://www.instagram.com/p/1',
        scheduledFor: null,
        conflict: 'Oude openingsuren',
        action: 'put_on_hold',
      },
      t.clock.now,
      t.config.rules,
    );
    if (!held.ok) throw new Error(held.error);
    t.clock.advance(40 * MIN);
    const closed = closeCrisis(
      t.db,
      w.actor,
      {
        crisisId: w.crisis.id,
        version: w.crisis.version,
        overrideReason: 'Storm voorbij, blokkering blijft tot maandag',
      },
      t.clock.now,
    );
    if (!closed.ok) throw new Error(closed.error);
    const b = new Browser(t.app);
    await b.signIn(w.user.email);
    const page = (await b.get(`/crises/${w.crisis.id}/cases/${w.kase.id}`)).text_;
    expect(page).toContain(`action="/crises/${w.crisis.id}/cases/${w.kase.id}/attempts"`);
    t.clock.advance(10 * MIN);
    const late = recordContactAttempt(
      t.db,
      w.actor,
      {
        caseId: w.kase.id,
        version: held.value.case.version,
        ownerId: w.owners[0]!.id,
        means: 'phone',
        outcome: 'reached_owner_agrees',
      },
      t.clock.now,
    );
    expect(late.ok && late.value.case).toMatchObject({
      state: 'active',
      ownerContactedAt: t.clock.now.toISOString(),
    });
    const logged = t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'case.owner_contact_logged'))
      .get()!;
    expect(JSON.parse(logged.details)).toMatchObject({ late: true, afterCrisis: true });
    const codes = crisisReport(t.db, w.crisis.id, t.config.rules, t.clock.now)!.findings.map(
      (f) => f.code,
    );
    expect(codes).toContain('conflicting_owner_contacted_late');
    expect(codes).not.toContain('conflicting_owner_not_contacted');
    // The other channel's case is still contacting: no new takeover after the crisis.
    const refused = recordContactAttempt(
      t.db,
      w.actor,
      {
        caseId: added.value.added[0]!.id,
        version: 1,
        ownerId: other.owners[0]!.id,
        means: 'phone',
        outcome: 'reached_owner_agrees',
      },
      t.clock.now,
    );
    expect(refused).toMatchObject({ ok: false, error: 'crisis.gate.closed' });
    // And once the owed contact is logged, the closed crisis allows no further attempt on it.
    const again = recordContactAttempt(
      t.db,
      w.actor,
      {
        caseId: w.kase.id,
        version: t.db.select().from(takeoverCases).where(eq(takeoverCases.id, w.kase.id)).get()!
          .version,
        ownerId: w.owners[0]!.id,
        means: 'phone',
        outcome: 'no_answer',
      },
      t.clock.now,
    );
    expect(again).toMatchObject({ ok: false, error: 'crisis.gate.closed' });
  });
});
