// The outbox against a real SMTP peer on 127.0.0.1 (smtp-server), through the nodemailer transport.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { auditEvents, deliveryAttempts, notifications, NOTIFICATION_EVENTS } from '../db/schema';
import { transaction } from '../src/domain/lib/db';
import { queueOwnerNotifications } from '../src/domain/notify/notices';
import { claimDue, deliverDue, OUTBOX } from '../src/domain/notify/outbox';
import { allow } from '../src/middleware/access';
import { redirectTo } from '../src/http';
import { smtpTransport, startOutboxLoop } from '../src/node/mailer';
import { openDatabase } from '../src/node/database';
import { ownerScene } from './fixtures/owner-scene';
import { freePort, startSilentPeer, startSmtp, type SmtpPeer } from './fixtures/smtp';
import { PASSWORD, setup } from './helpers';

const FROM = 'crisisconsole@turnhout.test';
const BASE = 'https://crisis.turnhout.test';
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function smtp(opts?: Parameters<typeof startSmtp>[0]): Promise<SmtpPeer> {
  const peer = await startSmtp(opts);
  cleanup.push(() => peer.stop());
  return peer;
}
function transportTo(url: string) {
  const transport = smtpTransport(url, `Crisisconsole <${FROM}>`);
  cleanup.push(() => transport.close());
  return transport;
}

/** A path for a database file in a fresh folder, removed after the test. */
function tempDatabaseFile() {
  const dir = mkdtempSync(join(tmpdir(), 'outbox-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'console.db');
}

const SUBJECTS: Record<string, [string, string]> = {
  takeover_authorised: [
    'Overname van uw kanaal Jeugddienst Turnhout',
    'Takeover of your channel Jeugddienst Turnhout',
  ],
  takeover_withdrawn: [
    'Overname van Jeugddienst Turnhout ingetrokken',
    'Takeover of Jeugddienst Turnhout withdrawn',
  ],
  hold_placed: [
    'Bericht geblokkeerd op Jeugddienst Turnhout',
    'Post held back on Jeugddienst Turnhout',
  ],
  hold_released: [
    'Blokkering opgeheven op Jeugddienst Turnhout',
    'Hold released on Jeugddienst Turnhout',
  ],
  credentials_revealed: [
    'Logingegevens van Jeugddienst Turnhout opgevraagd',
    'Login details of Jeugddienst Turnhout revealed',
  ],
  handed_back: [
    'Jeugddienst Turnhout is aan u teruggegeven',
    'Jeugddienst Turnhout has been handed back to you',
  ],
  crisis_closed: [
    'Crisis afgesloten (Jeugddienst Turnhout)',
    'Crisis closed (Jeugddienst Turnhout)',
  ],
};

describe('owner notifications over SMTP', () => {
  it('delivers every event type to every owner with the right subject and body, and no secret', async () => {
    const t = await setup();
    const s = await ownerScene(t);
    const peer = await smtp();
    for (const event of NOTIFICATION_EVENTS) {
      s.notify({
        event,
        facts: {
          basis: 'acute',
          who: 'Lotte',
          reason: 'Bericht plaatsen',
          password: 'vault-Pa55word!',
          credential: 'vault-Pa55word!',
        },
      });
      t.clock.advance(OUTBOX.groupWindowMs + 1000); // one e-mail per event, no grouping
    }
    const report = await deliverDue(t.db, transportTo(peer.url), {
      now: () => t.clock.now,
      baseUrl: BASE,
    });
    expect(report).toEqual({ sent: NOTIFICATION_EVENTS.length * 2, retrying: 0, failed: 0 });
    expect(peer.received).toHaveLength(NOTIFICATION_EVENTS.length * 2);
    for (const event of NOTIFICATION_EVENTS) {
      const [nl, en] = SUBJECTS[event]!;
      const toSofie = peer.received.filter((m) => m.subject === nl);
      const toTom = peer.received.filter((m) => m.subject === en);
      expect(toSofie.map((m) => m.to)).toEqual([['sofie.janssens@owners.test.invalid']]);
      expect(toTom.map((m) => m.to)).toEqual([['tom.baker@owners.test.invalid']]);
      expect(toSofie[0]!.from).toBe(FROM);
      expect(toSofie[0]!.text).toContain('Kanaal: Jeugddienst Turnhout (@jeugdturnhout)');
      expect(toSofie[0]!.text).toContain(`Bekijk en bevestig dat u dit gelezen hebt: ${BASE}/mine`);
      expect(toTom[0]!.text).toContain(`Read it and acknowledge: ${BASE}/mine`);
    }
    expect(
      peer.received.find((m) => m.subject === SUBJECTS.credentials_revealed![0])!.text,
    ).toContain('Wijzig het wachtwoord');
    expect(peer.received[0]!.user).toBe('mailer'); // the console signed in to the SMTP server...
    const everything = [
      ...peer.received.map((m) => m.raw),
      ...t.db
        .select()
        .from(auditEvents)
        .all()
        .map((e) => e.details),
      ...t.db
        .select()
        .from(deliveryAttempts)
        .all()
        .map((a) => a.response),
    ].join('\n');
    // ...but neither its password, nor a user's, nor a secret passed by mistake appears anywhere.
    expect(everything).not.toContain('s3cret-smtp-pass');
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain('vault-Pa55word!');
  });

  it('retries while SMTP is down and delivers exactly once after a restart on the same database file', async () => {
    const file = tempDatabaseFile();
    const t = await setup();
    const s = await ownerScene(t);
    t.sqlite.exec(`VACUUM INTO '${file}'`); // the registry and the crisis, now on disk
    const port = await freePort();
    const url = `smtp://127.0.0.1:${port}`;
    const clock = { now: t.clock.now };
    const opts = { now: () => clock.now, baseUrl: BASE };

    // First run of the console: the takeover is recorded, SMTP is down.
    const first = openDatabase(file);
    transaction(first.db, (tx) =>
      queueOwnerNotifications(
        tx,
        {
          event: 'takeover_authorised',
          channelId: s.other.channel.id,
          crisisId: s.crisis.id,
          caseId: s.otherCase.id,
          facts: { basis: 'owner_unreachable' },
        },
        clock.now,
      ),
    );
    expect(await deliverDue(first.db, transportTo(url), opts)).toEqual({
      sent: 0,
      retrying: 1,
      failed: 0,
    });
    // A second sender claims the row after the back-off and the console dies before it hears back.
    clock.now = new Date(clock.now.getTime() + 30_000);
    expect(claimDue(first.db, clock.now)).toHaveLength(1);
    first.sqlite.close();

    // Second run: SMTP is back on the same port.
    const peer = await smtp({ port });
    const second = openDatabase(file);
    cleanup.push(() => second.sqlite.close());
    const transport = transportTo(url);
    clock.now = new Date(clock.now.getTime() + 60_000);
    expect(await deliverDue(second.db, transport, opts)).toEqual({
      sent: 0,
      retrying: 0,
      failed: 0,
    }); // still claimed
    clock.now = new Date(clock.now.getTime() + OUTBOX.leaseMs);
    expect(await deliverDue(second.db, transport, opts)).toEqual({
      sent: 1,
      retrying: 0,
      failed: 0,
    });
    clock.now = new Date(clock.now.getTime() + 3_600_000);
    expect(await deliverDue(second.db, transport, opts)).toEqual({
      sent: 0,
      retrying: 0,
      failed: 0,
    });

    expect(peer.received.map((m) => m.to)).toEqual([['karim.other@owners.test.invalid']]);
    const row = second.db.select().from(notifications).get()!;
    expect(row).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
    const attempts = second.db.select().from(deliveryAttempts).all();
    expect(attempts.map((a) => a.result)).toEqual(['failed', 'sent']);
    expect(attempts[0]!.response).toMatch(/ECONNREFUSED/);
    expect(attempts[1]!.response).toMatch(/^250 /);
  });

  it('sends each message once when two senders drain one database file at the same time', async () => {
    const file = tempDatabaseFile();
    const t = await setup();
    const s = await ownerScene(t);
    for (let i = 0; i < 15; i++) {
      s.notify({ event: 'hold_placed' });
      t.clock.advance(OUTBOX.groupWindowMs + 1000);
    }
    t.sqlite.exec(`VACUUM INTO '${file}'`);
    const peer = await smtp();
    const a = openDatabase(file);
    const b = openDatabase(file);
    cleanup.push(
      () => a.sqlite.close(),
      () => b.sqlite.close(),
    );
    const opts = { now: () => t.clock.now, baseUrl: BASE };
    const drain = async (db: typeof a.db, transport: ReturnType<typeof transportTo>) => {
      let sent = 0;
      for (
        let r = await deliverDue(db, transport, { ...opts, batchSize: 4 });
        r.sent;
        r = await deliverDue(db, transport, { ...opts, batchSize: 4 })
      )
        sent += r.sent;
      return sent;
    };
    const [sentA, sentB] = await Promise.all([
      drain(a.db, transportTo(peer.url)),
      drain(b.db, transportTo(peer.url)),
    ]);
    expect(sentA + sentB).toBe(30);
    expect(sentA).toBeGreaterThan(0);
    expect(sentB).toBeGreaterThan(0);
    expect(peer.received).toHaveLength(30);
    expect(a.db.select().from(deliveryAttempts).all()).toHaveLength(30);
  });

  it("records a recipient the server refuses as failed, with the server's answer", async () => {
    const t = await setup();
    const s = await ownerScene(t);
    const peer = await smtp({ reject: ['karim.other@owners.test.invalid'] });
    s.notify({ channelId: s.other.channel.id, caseId: s.otherCase.id });
    const report = await deliverDue(t.db, transportTo(peer.url), {
      now: () => t.clock.now,
      baseUrl: BASE,
    });
    expect(report).toEqual({ sent: 0, retrying: 0, failed: 1 });
    const row = t.db.select().from(notifications).get()!;
    expect(row.status).toBe('failed');
    expect(row.lastError).toMatch(/^550 .*no such mailbox/);
  });

  it('answers the request that queued a notification without waiting for SMTP', async () => {
    const t = await setup();
    const s = await ownerScene(t);
    const silent = await startSilentPeer(); // accepts the connection, never greets
    s.notify({ channelId: s.other.channel.id, caseId: s.otherCase.id });
    const loop = startOutboxLoop(
      t.db,
      { now: () => t.clock.now, baseUrl: BASE },
      transportTo(`smtp://127.0.0.1:${silent.port}`),
      10,
    );
    cleanup.push(
      () => loop.stop(),
      () => silent.stop(),
    );
    while (silent.connections() === 0) await new Promise((r) => setTimeout(r, 5));

    // Stands in for the hold and takeover routes: one transaction, then the redirect.
    t.app.post('/test/hold', allow('crisis_operator'), (c) => {
      transaction(t.db, (tx) =>
        queueOwnerNotifications(
          tx,
          { event: 'hold_placed', channelId: s.channel.id, caseId: s.takeover.id },
          t.clock.now,
        ),
      );
      return redirectTo(c, '/');
    });
    const operator = await t.as(['crisis_operator']);
    const res = await operator.post('/test/hold');
    expect(res.status).toBe(303);
    // The answer came while the sender is still waiting for the SMTP server's greeting.
    expect(t.db.select().from(deliveryAttempts).all()).toHaveLength(0);
    expect(
      t.db
        .select()
        .from(notifications)
        .all()
        .filter((n) => n.status === 'queued'),
    ).toHaveLength(3);
  });
});
