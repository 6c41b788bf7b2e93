// Issue 23: delivery receipts as evidence. The SMS gateway (a stub on 127.0.0.1) accepts the
// message, possibly after being down, and posts its delivery report back to the served console;
// "not delivered" and "delivered, no answer within the step time" are failed attempts, recorded
// by the console when it sees them.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, contactMessages } from '../db/schema';
import { sweepUnanswered } from '../src/domain/crisis/contact-sweep';
import { authoriseUnreachable } from '../src/domain/crisis/takeover';
import { MIN, contactScene } from './contact-fixtures';

const messageOf = (s: Awaited<ReturnType<typeof contactScene>>, means: 'sms' | 'email') =>
  s.t.db.select().from(contactMessages).where(eq(contactMessages.means, means)).get()!;
const unreachable = (s: Awaited<ReturnType<typeof contactScene>>) =>
  authoriseUnreachable(
    s.t.db,
    s.actor,
    { caseId: s.kase.id, version: s.caseRow().version },
    s.t.clock.now,
    s.t.config.rules,
  );

describe('the SMS gateway', () => {
  it('retries while the gateway is down and delivers the SMS once when it is up', async () => {
    const s = await contactScene({ sms: true, owners: [{ email: null }] });
    s.gateway!.downFor(1);
    await s.request();
    expect(await s.deliver()).toEqual({ sent: 0, retrying: 1, failed: 0 });
    expect(await s.deliver()).toEqual({ sent: 0, retrying: 0, failed: 0 }); // not due yet
    s.t.clock.advance(30_000);
    expect(await s.deliver()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    s.t.clock.advance(60 * MIN);
    await s.deliver();
    expect(s.gateway!.accepted).toHaveLength(1);
    const message = messageOf(s, 'sms');
    expect(message).toMatchObject({ status: 'sent', attempts: 2, providerRef: 'gw-1' });
    // The gateway's report comes back to the console, authenticated with the shared secret.
    expect((await s.gateway!.report('gw-1', 'delivered')).status).toBe(200);
    expect(messageOf(s, 'sms')).toMatchObject({ delivery: 'delivered' });
    const actions = s.t.db
      .select()
      .from(auditEvents)
      .all()
      .map((e) => e.action);
    expect(actions.filter((a) => a.startsWith('contact.'))).toEqual([
      'contact.message_failed',
      'contact.message_sent',
      'contact.delivery_reported',
    ]);
  });

  it('refuses a delivery report without the shared secret and records nothing', async () => {
    const s = await contactScene({ sms: true });
    await s.request();
    await s.deliver();
    const res = await fetch(`${s.baseUrl}/sms/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer guessed' },
      body: JSON.stringify({ id: 'gw-1', status: 'failed' }),
    });
    expect(res.status).toBe(403);
    expect(messageOf(s, 'sms').delivery).toBeNull();
  });
});

describe('receipts as evidence for owner_unreachable', () => {
  it('makes "not delivered" and "delivered, no answer" failed attempts, which open the basis', async () => {
    const s = await contactScene({ sms: true });
    await s.request();
    await s.deliver();
    expect(messageOf(s, 'email').delivery).toBe('accepted');
    expect(unreachable(s)).toMatchObject({ ok: false, error: 'case.unreachable.notShown' });

    // The SMS did not arrive: a failed attempt by SMS at once.
    expect((await s.gateway!.report('gw-1', 'failed')).status).toBe(200);
    expect(s.attempts().map((a) => [a.means, a.outcome])).toEqual([
      ['sms', 'not_delivered'],
      ['email', 'awaiting_answer'],
    ]);
    expect(unreachable(s)).toMatchObject({ ok: false, error: 'case.unreachable.notShown' });

    // The e-mail arrived and the step time passes without an answer.
    s.t.clock.advance(5 * MIN);
    await s.operator.get(s.caseUrl); // the page load records it
    expect(s.attempts().map((a) => a.outcome)).toEqual(['not_delivered', 'no_answer']);
    expect(unreachable(s)).toMatchObject({ ok: true });
    expect(s.caseRow()).toMatchObject({ state: 'active', basis: 'owner_unreachable' });
  });

  it('records "no answer" only when the step time has passed, at that moment, never backdated', async () => {
    const s = await contactScene();
    await s.request();
    const sentAt = s.t.clock.now.toISOString();
    await s.deliver();
    s.t.clock.advance(4 * MIN);
    expect(sweepUnanswered(s.t.db, s.t.clock.now, s.t.config.rules)).toBe(0);
    expect(s.attempts()[0]!.outcome).toBe('awaiting_answer');
    s.t.clock.advance(2 * MIN);
    expect(sweepUnanswered(s.t.db, s.t.clock.now, s.t.config.rules)).toBe(1);
    expect(sweepUnanswered(s.t.db, s.t.clock.now, s.t.config.rules)).toBe(0);
    const attempt = s.attempts()[0]!;
    expect(attempt).toMatchObject({ outcome: 'no_answer', attemptedAt: sentAt });
    const event = s.t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'case.contact_unanswered'))
      .get()!;
    expect(event.at).toBe(s.t.clock.now.toISOString());
    expect(event.actorRole).toBe('system');
    expect(JSON.parse(event.details)).toMatchObject({ attemptId: attempt.id, sentAt });
  });

  it('leaves a message that was not (yet) delivered alone when the step time passes', async () => {
    const s = await contactScene({ sms: true, owners: [{ email: null }] });
    await s.request();
    await s.deliver();
    s.t.clock.advance(10 * MIN);
    expect(sweepUnanswered(s.t.db, s.t.clock.now, s.t.config.rules)).toBe(0);
    expect(s.attempts()[0]!.outcome).toBe('awaiting_answer');
  });
});
