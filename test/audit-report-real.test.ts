// The report over a takeover walked through the real crisis, takeover, outbox and owner-inbox
// functions (not the fixture's direct inserts): what they record is what the report reads.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, owners } from '../db/schema';
import { deliverDue } from '../src/domain/notify/outbox';
import { acknowledgeNotification } from '../src/domain/notify/owner-inbox';
import { crisisReport } from '../src/domain/report/incident';
import {
  authoriseAcute,
  handBack,
  logChannelAction,
  recordContactAttempt,
} from '../src/domain/crisis/takeover';
import { caseWith } from './crisis-fixtures';
import { setup } from './helpers';

const MIN = 60_000;
const mustOk = <T>(r: { ok: true; value: T } | { ok: false; error: string }): T => {
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('incident report over the real takeover walk-through', () => {
  it('reads the timeline from the recorded steps and finds only the owner who never acknowledged', async () => {
    const t = await setup();
    const {
      actor,
      crisis,
      owners: [sofie],
      kase,
    } = await caseWith(t, [{ name: 'Sofie Janssens' }, { name: 'Jan Peeters' }]);
    const rules = t.config.rules;

    t.clock.advance(3 * MIN);
    let k = mustOk(
      recordContactAttempt(
        t.db,
        actor,
        {
          caseId: kase.id,
          version: kase.version,
          ownerId: sofie!.id,
          means: 'phone',
          outcome: 'no_answer',
        },
        t.clock.now,
      ),
    ).case;
    t.clock.advance(2 * MIN);
    k = mustOk(
      authoriseAcute(
        t.db,
        actor,
        {
          caseId: k.id,
          version: k.version,
          justification: 'Evacuatie van de wijk nu melden',
          deadline: new Date(t.clock.now.getTime() + 45 * MIN),
        },
        t.clock.now,
        rules,
      ),
    );
    t.clock.advance(MIN);
    await deliverDue(
      t.db,
      { send: async () => ({ ok: true, response: '250 OK' }) },
      { now: () => t.clock.now, baseUrl: 'http://console.test' },
    );
    const sofieUser = await t.user(['owner'], 'Sofie');
    t.db.update(owners).set({ userId: sofieUser.id }).where(eq(owners.id, sofie!.id)).run();
    t.clock.advance(4 * MIN);
    const notice = t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'notification.sent'))
      .all()
      .map((e) => JSON.parse(e.details) as { notificationId: number; ownerId: number })
      .find((d) => d.ownerId === sofie!.id)!;
    mustOk(
      acknowledgeNotification(
        t.db,
        { userId: sofieUser.id, role: 'owner' },
        notice.notificationId,
        t.clock.now,
      ),
    );
    t.clock.advance(5 * MIN);
    k = mustOk(
      logChannelAction(
        t.db,
        actor,
        { caseId: k.id, version: k.version, kind: 'published', note: 'Evacuatiebericht' },
        t.clock.now,
      ),
    );
    t.clock.advance(60 * MIN);
    mustOk(
      handBack(
        t.db,
        actor,
        { caseId: k.id, version: k.version, note: 'Crisis voorbij' },
        t.clock.now,
      ),
    );

    const report = crisisReport(t.db, crisis.id, rules, t.clock.now)!;
    const [c] = report.cases;
    expect(c!.intervals.map((i) => i.minutes)).toEqual([3, 2, 1, 4, 65]);
    // The hand-back notices are still in the outbox.
    expect(c!.notices).toEqual({ issued: 4, delivered: 2, acknowledged: 1, undeliverable: 0 });
    expect(report.findings.map((f) => [f.code, f.params])).toEqual([
      ['owner_not_acknowledged', { owners: 'Jan Peeters' }],
    ]);
    const cited = t.db
      .select()
      .from(auditEvents)
      .all()
      .filter((e) => report.findings[0]!.seqs.includes(e.seq))
      .map((e) => e.action);
    expect(cited).toEqual([
      'case.authorised',
      'notification.sent',
      'notification.sent',
      'notification.acknowledged',
    ]);

    const b = await t.as(['communicatie']);
    const page = await b.get(`/reports/crises/${crisis.id}`);
    expect(page.text_).toContain('Ingelicht maar nooit bevestigd: Jan Peeters.');
    expect(page.text_).toContain('Evacuatie van de wijk nu melden');
    // Every label resolved: no message key shows through.
    expect(page.text_).not.toMatch(
      />\s*(case|attempt|hold|notice|crisis|channelAction|report|finding)\.[\w.]+\s*</,
    );
  });
});
