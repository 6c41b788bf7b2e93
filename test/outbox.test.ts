import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, deliveryAttempts, notifications } from '../db/schema';
import { transaction } from '../src/domain/lib/db';
import { queueOwnerNotifications } from '../src/domain/notify/notices';
import {
  deliverDue,
  OUTBOX,
  retryDelayMs,
  type MailMessage,
  type MailTransport,
  type SendResult,
} from '../src/domain/notify/outbox';
import { ownerScene } from './fixtures/owner-scene';
import { setup, type TestContext } from './helpers';

/** A transport that answers what `answer` says and remembers what it was given. */
function fakeTransport(
  answer: (msg: MailMessage) => SendResult | Promise<SendResult> = () => ({
    ok: true,
    response: '250 OK',
  }),
) {
  const sent: MailMessage[] = [];
  const transport: MailTransport = {
    async send(msg) {
      sent.push(msg);
      return answer(msg);
    },
  };
  return { sent, transport };
}

const deliver = (t: TestContext, transport: MailTransport) =>
  deliverDue(t.db, transport, { now: () => t.clock.now, baseUrl: 'https://crisis.turnhout.test' });
const actions = (t: TestContext, action: string) =>
  t.db.select().from(auditEvents).where(eq(auditEvents.action, action)).all();

describe('delivering the outbox', () => {
  it("sends each queued row once, with the link to the owner's page, and audits it", async () => {
    const t = await setup();
    const s = await ownerScene(t);
    s.notify();
    const { sent, transport } = fakeTransport();
    expect(await deliver(t, transport)).toEqual({ sent: 2, retrying: 0, failed: 0 });
    expect(await deliver(t, transport)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(sent.map((m) => m.to).sort()).toEqual([
      'sofie.janssens@owners.test.invalid',
      'tom.baker@owners.test.invalid',
    ]);
    expect(sent.find((m) => m.to.startsWith('sofie'))!.text).toContain(
      'Bekijk en bevestig dat u dit gelezen hebt: https://crisis.turnhout.test/mine',
    );
    expect(
      t.db
        .select()
        .from(notifications)
        .all()
        .map((n) => [n.status, n.sentAt]),
    ).toEqual([
      ['sent', t.clock.now.toISOString()],
      ['sent', t.clock.now.toISOString()],
    ]);
    const audit = actions(t, 'notification.sent');
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({
      caseId: s.takeover.id,
      channelId: s.channel.id,
      crisisId: s.crisis.id,
      actorRole: 'system',
    });
    expect(JSON.parse(audit[0]!.details)).toMatchObject({
      event: 'takeover_authorised',
      response: '250 OK',
      attempt: 1,
    });
  });

  it("retries a refused delivery with exponential back-off, then gives up with the server's answer", async () => {
    const t = await setup();
    const s = await ownerScene(t);
    s.notify({ channelId: s.other.channel.id, caseId: s.otherCase.id });
    const { sent, transport } = fakeTransport(() => ({
      ok: false,
      response: '421 4.3.2 try again later',
      permanent: false,
    }));
    expect(await deliver(t, transport)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    const row = () => t.db.select().from(notifications).get()!;
    expect(row()).toMatchObject({
      status: 'queued',
      attempts: 1,
      lastError: '421 4.3.2 try again later',
    });
    expect(row().nextAttemptAt).toBe(new Date(t.clock.now.getTime() + 30_000).toISOString());
    t.clock.advance(29_000);
    expect(await deliver(t, transport)).toEqual({ sent: 0, retrying: 0, failed: 0 }); // not due yet
    for (let i = 2; i <= OUTBOX.maxAttempts; i++) {
      t.clock.advance(retryDelayMs(i - 1));
      await deliver(t, transport);
    }
    expect(sent).toHaveLength(OUTBOX.maxAttempts);
    expect(row()).toMatchObject({
      status: 'failed',
      attempts: OUTBOX.maxAttempts,
      nextAttemptAt: null,
    });
    expect(retryDelayMs(2)).toBe(60_000);
    expect(retryDelayMs(9)).toBe(30 * 60_000);
    expect(t.db.select().from(deliveryAttempts).all()).toHaveLength(OUTBOX.maxAttempts);
    const failures = actions(t, 'notification.failed').map((e) => JSON.parse(e.details));
    expect(failures.map((d) => d.final)).toEqual([
      ...Array(OUTBOX.maxAttempts - 1).fill(false),
      true,
    ]);
  });

  it('marks a message the server refuses for good as failed at once', async () => {
    const t = await setup();
    const s = await ownerScene(t);
    s.notify({ channelId: s.other.channel.id, caseId: s.otherCase.id });
    const { transport } = fakeTransport(() => ({
      ok: false,
      response: '550 5.1.1 no such mailbox',
      permanent: true,
    }));
    expect(await deliver(t, transport)).toEqual({ sent: 0, retrying: 0, failed: 1 });
    expect(t.db.select().from(notifications).get()).toMatchObject({
      status: 'failed',
      lastError: '550 5.1.1 no such mailbox',
    });
  });

  it('counts a transport that throws as a failed attempt, to be retried', async () => {
    const t = await setup();
    const s = await ownerScene(t);
    s.notify({ channelId: s.other.channel.id, caseId: s.otherCase.id });
    const { transport } = fakeTransport(() => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:25');
    });
    expect(await deliver(t, transport)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    expect(t.db.select().from(notifications).get()!.lastError).toBe(
      'connect ECONNREFUSED 127.0.0.1:25',
    );
  });

  it('never sends a row twice when two senders run at the same time', async () => {
    const t = await setup();
    const s = await ownerScene(t);
    for (let i = 0; i < 5; i++) {
      s.notify();
      t.clock.advance(OUTBOX.groupWindowMs + 1000);
    }
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { sent, transport } = fakeTransport(async () => {
      await gate;
      return { ok: true, response: '250 OK' };
    });
    const both = Promise.all([deliver(t, transport), deliver(t, transport)]);
    setTimeout(release, 20);
    const reports = await both;
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(10);
    expect(sent).toHaveLength(10);
    expect(
      new Set(
        t.db
          .select()
          .from(deliveryAttempts)
          .all()
          .map((a) => a.notificationId),
      ).size,
    ).toBe(10);
  });

  it('groups a burst of events on one channel into one e-mail per owner', async () => {
    const t = await setup();
    const s = await ownerScene(t);
    // Article 2, exception 2: the hold and the takeover are one transaction.
    transaction(t.db, (tx) => {
      const base = { channelId: s.channel.id, crisisId: s.crisis.id, caseId: s.takeover.id };
      queueOwnerNotifications(
        tx,
        {
          ...base,
          event: 'hold_placed',
          facts: { post: 'https://instagram.com/p/1', action: 'taken_offline' },
        },
        t.clock.now,
      );
      queueOwnerNotifications(
        tx,
        { ...base, event: 'takeover_authorised', facts: { basis: 'conflicting_information' } },
        t.clock.now,
      );
    });
    t.clock.advance(OUTBOX.groupWindowMs + 1000);
    s.notify({ event: 'handed_back' }); // more than a minute later: its own e-mail
    const { sent, transport } = fakeTransport();
    expect(await deliver(t, transport)).toEqual({ sent: 6, retrying: 0, failed: 0 });
    const sofie = sent.filter((m) => m.to.startsWith('sofie'));
    expect(sofie.map((m) => m.subject)).toEqual([
      '2 meldingen over uw kanaal Jeugddienst Turnhout',
      'Jeugddienst Turnhout is aan u teruggegeven',
    ]);
    expect(sofie[0]!.text).toContain('offline gehaald');
    expect(sofie[0]!.text).toContain('artikel 2, uitzondering 2');
    expect(sofie[0]!.text.match(/https:\/\/crisis\.turnhout\.test\/mine/g)).toHaveLength(1);
    expect(sent.find((m) => m.to.startsWith('tom'))!.subject).toBe(
      '2 updates on your channel Jeugddienst Turnhout',
    );
    expect(
      t.db
        .select()
        .from(notifications)
        .all()
        .every((n) => n.status === 'sent'),
    ).toBe(true);
  });
});
