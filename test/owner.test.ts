import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, notifications, ownerReplies } from '../db/schema';
import { verifyChain } from '../src/domain/audit/trail';
import { noticesForCases, repliesForCases } from '../src/domain/notify/notice-status';
import { deliverDue } from '../src/domain/notify/outbox';
import { NoticeStatus, OwnerReplies } from '../views/partials/NoticeStatus';
import { createHold } from './fixtures/cases';
import { ownerScene } from './fixtures/owner-scene';
import { signedIn } from './fixtures/registry';
import { setup, type TestContext } from './helpers';

const html = async (node: unknown) =>
  String(await (node as { toString(): string | Promise<string> }).toString());
const audit = (t: TestContext, action: string) =>
  t.db.select().from(auditEvents).where(eq(auditEvents.action, action)).all();
const sendAll = (t: TestContext) =>
  deliverDue(
    t.db,
    { send: async () => ({ ok: true, response: '250 OK' }) },
    { now: () => t.clock.now, baseUrl: 'http://x' },
  );
const noticeOf = (t: TestContext, ownerId: number) =>
  t.db.select().from(notifications).where(eq(notifications.ownerId, ownerId)).all();

describe("the owner's page", () => {
  it('shows the owner their channels, the takeover with basis and justification, holds and notifications', async () => {
    const t = await setup();
    const s = await ownerScene(t);
    createHold(t.db, { takeover: s.takeover, placedBy: s.operator.id, now: t.clock.now });
    s.notify();
    const res = await (await signedIn(t, s.sofie.user)).get('/mine');
    expect(res.status).toBe(200);
    expect(res.text_).toContain('Jeugddienst Turnhout');
    expect(res.text_).toContain('eerste beheerder');
    expect(res.text_).toContain('artikel 2, uitzondering 1 (acuut)');
    expect(res.text_).toContain('Motivering: Evacuatie van de Grote Markt moet nu bekend zijn');
    expect(res.text_).toContain('Noemt de verkeerde evacuatieroute');
    expect(res.text_).toContain('Overname van uw kanaal Jeugddienst Turnhout');
    expect(res.text_).toContain('Gelezen, bevestigen');
    // Nothing of the other department's channel, its case or its owner.
    expect(res.text_).not.toContain('Sportdienst');
    expect(res.text_).not.toContain('Karim');
  });

  it("records the acknowledgement, audits it, and shows it in the crisis board's status", async () => {
    const t = await setup();
    const s = await ownerScene(t);
    s.notify();
    await sendAll(t);
    const before = await html(
      NoticeStatus({ notices: noticesForCases(t.db, [s.takeover.id]).get(s.takeover.id)! }),
    );
    expect(before).toContain('geïnformeerd');
    expect(before).toContain('nog niet bevestigd');
    const sofie = await signedIn(t, s.sofie.user);
    const mine = noticeOf(t, s.sofie.owner.id)[0]!;
    t.clock.advance(7 * 60_000); // informed 14:00, acknowledged 14:07 Brussels time
    const res = await sofie.post(`/mine/notifications/${mine.id}/acknowledge`);
    expect(res.status).toBe(303);
    expect(noticeOf(t, s.sofie.owner.id)[0]).toMatchObject({
      acknowledgedAt: t.clock.now.toISOString(),
      acknowledgedBy: s.sofie.user!.id,
    });
    const events = audit(t, 'notification.acknowledged');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorUserId: s.sofie.user!.id,
      actorRole: 'owner',
      caseId: s.takeover.id,
      channelId: s.channel.id,
    });
    const board = await html(
      NoticeStatus({ notices: noticesForCases(t.db, [s.takeover.id]).get(s.takeover.id)! }),
    );
    expect(board).toMatch(
      /Sofie Janssens<\/strong>.*overname: <span class="badge badge-ok">geïnformeerd <time[^>]*>14:00<\/time>.*bevestigd <time[^>]*>14:07<\/time>/s,
    );
    expect(board).toMatch(/Tom Baker<\/strong>.*nog niet bevestigd/s);
    expect((await sofie.get('/mine')).text_).toContain('Bevestiging geregistreerd.');
    // Acknowledging again changes nothing.
    expect((await sofie.post(`/mine/notifications/${mine.id}/acknowledge`)).status).toBe(303);
    expect(audit(t, 'notification.acknowledged')).toHaveLength(1);
    expect(verifyChain(t.db).ok).toBe(true);
  });

  it("does not let an owner see or acknowledge another owner's notification", async () => {
    const t = await setup();
    const s = await ownerScene(t);
    s.notify();
    s.notify({ channelId: s.other.channel.id, caseId: s.otherCase.id });
    const karim = await signedIn(t, s.karim.user);
    const sofiesNotice = noticeOf(t, s.sofie.owner.id)[0]!;
    const page = await karim.get('/mine');
    expect(page.text_).not.toContain('Jeugddienst');
    expect(page.text_).not.toContain(`/mine/notifications/${sofiesNotice.id}/`);
    const res = await karim.post(`/mine/notifications/${sofiesNotice.id}/acknowledge`);
    expect(res.status).toBe(404);
    // A co-owner of the same channel cannot acknowledge in Sofie's name either.
    expect(
      (
        await (
          await signedIn(t, s.tom.user)
        ).post(`/mine/notifications/${sofiesNotice.id}/acknowledge`)
      ).status,
    ).toBe(404);
    expect(noticeOf(t, s.sofie.owner.id)[0]!.acknowledgedAt).toBeNull();
    expect(audit(t, 'notification.acknowledged')).toHaveLength(0);
  });

  it("passes the owner's short reply to the crisis cell, audited, and refuses one on another owner's case", async () => {
    const t = await setup();
    const s = await ownerScene(t);
    const sofie = await signedIn(t, s.sofie.user);
    const res = await sofie.post(`/mine/cases/${s.takeover.id}/reply`, {
      note: 'Ik ben weer bereikbaar op 0470 12 34 56.',
    });
    expect(res.status).toBe(303);
    const replies = repliesForCases(t.db, [s.takeover.id]).get(s.takeover.id)!;
    expect(replies).toMatchObject([
      { ownerName: 'Sofie Janssens', body: 'Ik ben weer bereikbaar op 0470 12 34 56.' },
    ]);
    expect(await html(OwnerReplies({ replies }))).toContain(
      'Ik ben weer bereikbaar op 0470 12 34 56.',
    );
    const events = audit(t, 'owner.replied');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ caseId: s.takeover.id, actorUserId: s.sofie.user!.id });
    expect((await sofie.get('/mine')).text_).toContain('Uw antwoord is bij de crisiscel.');

    expect(
      (await sofie.post(`/mine/cases/${s.otherCase.id}/reply`, { note: 'Hallo' })).status,
    ).toBe(404);
    expect(t.db.select().from(ownerReplies).all()).toHaveLength(1);
  });

  it('explains an empty or too long reply and stores nothing', async () => {
    const t = await setup();
    const s = await ownerScene(t);
    const sofie = await signedIn(t, s.sofie.user);
    const empty = await sofie.post(`/mine/cases/${s.takeover.id}/reply`, { note: '  ' });
    expect(empty.status).toBe(422);
    expect(empty.text_).toContain('Dit veld is verplicht.');
    const long = await sofie.post(
      `/mine/cases/${s.takeover.id}/reply`,
      { note: 'x'.repeat(1001) },
      { 'HX-Request': 'true' },
    );
    expect(long.status).toBe(422);
    expect(long.text_).toContain('Maximaal 1000 tekens.');
    expect(long.text_).not.toContain('<html');
    expect(t.db.select().from(ownerReplies).all()).toHaveLength(0);
  });

  it('tells a user with the owner role who is not a registered owner to ask Communicatie', async () => {
    const t = await setup();
    const res = await (await t.as(['owner'])).get('/mine');
    expect(res.status).toBe(200);
    expect(res.text_).toContain('niet gekoppeld aan een geregistreerde beheerder');
  });

  it("keeps the owner's page for owners and the outbox for Communicatie and the crisis cell", async () => {
    const t = await setup();
    const s = await ownerScene(t);
    expect((await (await t.as(['crisis_operator'])).get('/mine')).status).toBe(403);
    expect((await (await signedIn(t, s.sofie.user)).get('/outbox')).status).toBe(403);
  });
});

describe('the outbox page', () => {
  it('shows messages that stayed in the outbox without SMTP, with their full text', async () => {
    const t = await setup();
    const s = await ownerScene(t);
    s.notify();
    const res = await (await t.as(['communicatie'])).get('/outbox');
    expect(res.status).toBe(200);
    expect(res.text_).toContain('Er is geen SMTP-server ingesteld');
    expect(res.text_).toContain('sofie.janssens@owners.test.invalid');
    expect(res.text_).toContain('Overname van uw kanaal Jeugddienst Turnhout');
    expect(res.text_).toContain('Motivering: Evacuatie van de Grote Markt moet nu bekend zijn');
    expect(res.text_).toContain('http://127.0.0.1:3000/mine');
    expect(res.text_).toContain('in de wachtrij');
  });

  it("shows a failed delivery with the server's answer to the crisis cell", async () => {
    const t = await setup({ smtpUrl: 'smtp://127.0.0.1:2525' });
    const s = await ownerScene(t);
    s.notify({ channelId: s.other.channel.id, caseId: s.otherCase.id });
    await deliverDue(
      t.db,
      { send: async () => ({ ok: false, response: '550 5.1.1 no such mailbox', permanent: true }) },
      { now: () => t.clock.now, baseUrl: 'http://x' },
    );
    const res = await (await t.as(['crisis_operator'])).get('/outbox');
    expect(res.text_).not.toContain('Er is geen SMTP-server ingesteld');
    expect(res.text_).toContain('mislukt');
    expect(res.text_).toContain('550 5.1.1 no such mailbox');
    const board = await html(
      NoticeStatus({ notices: noticesForCases(t.db, [s.otherCase.id]).get(s.otherCase.id)! }),
    );
    expect(board).toContain('mislukt');
    expect(board).toContain('server: 550 5.1.1 no such mailbox');
  });
});
