// Checkpoints e-mailed to the auditors (README "Audit checkpoints", "Witnesses by e-mail"), over a
// real SMTP peer on 127.0.0.1: the first of a Brussels day at once, the day's others as one digest,
// nothing lost while SMTP is down, and the mail as it arrived is a checkpoint the standalone
// verifier takes, which catches a trail rewritten together with the checkpoints table.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { auditEvents, checkpoints, witnessMails } from '../db/schema';
import { verifierKey } from '../src/domain/audit/checkpoint';
import { checkpointIfAppended, makeCheckpoint } from '../src/domain/audit/checkpoints';
import { transaction } from '../src/domain/lib/db';
import { deliverWitnessMails, queueWitnessMails } from '../src/domain/notify/witness';
import { witnessEmails } from '../src/config';
import { signerOf } from '../src/node/checkpoint-key';
import { smtpTransport } from '../src/node/mailer';
import { rewriteFrom, tamper, testKey } from './fixtures/checkpoints';
import { freePort, startSmtp, type SmtpPeer } from './fixtures/smtp';
import { setup } from './helpers';

const AUDITORS = ['auditor@audit.test.invalid', 'rekenhof@audit.test.invalid'];
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function smtp(port?: number): Promise<SmtpPeer> {
  const peer = await startSmtp(port ? { port } : {});
  cleanup.push(() => peer.stop());
  return peer;
}

async function console_(dir?: string) {
  const key = testKey();
  const t = await setup(
    { checkpoint: signerOf(key), witnessEmails: AUDITORS },
    dir ? { path: join(dir, 'console.db') } : {},
  );
  const b = await t.as(['communicatie']);
  /** A checkpoint, as a crisis close or the schedule makes one. */
  const checkpoint = async () =>
    transaction(t.db, (tx) => makeCheckpoint(tx, t.config.checkpoint!, 'schedule', t.clock.now));
  return { t, b, key, checkpoint };
}

function sender(t: Awaited<ReturnType<typeof console_>>['t'], url: string) {
  const transport = smtpTransport(url, 'Crisisconsole <crisisconsole@turnhout.test>');
  cleanup.push(() => transport.close());
  return () => deliverWitnessMails(t.db, transport, { now: t.config.now });
}

const notesOf = (t: Awaited<ReturnType<typeof console_>>['t']) =>
  t.db
    .select()
    .from(checkpoints)
    .all()
    .map((c) => c.note);

describe('checkpoints e-mailed to the auditors', () => {
  it("mails the day's first checkpoint at once and its others as one digest after midnight", async () => {
    const { t, checkpoint } = await console_();
    const peer = await smtp();
    const send = sender(t, peer.url);
    const tick = async () => (queueWitnessMails(t.db, AUDITORS, t.clock.now), send());

    await checkpoint(); // 14:00 Brussels
    await tick();
    expect(peer.received.map((m) => m.to)).toEqual(AUDITORS.map((a) => [a]));
    for (const hour of [15, 16]) {
      t.clock.set(`2026-11-25T${hour - 1}:00:00.000Z`);
      await checkpoint();
      await tick();
    }
    expect(peer.received).toHaveLength(2); // the day's later ones wait for its end
    t.clock.set('2026-11-25T23:30:00.000Z'); // 00:30 in Brussels: the 25th is over
    await tick();
    expect(peer.received).toHaveLength(4);
    const [notes, digest] = [notesOf(t), peer.received.at(-1)!];
    expect(digest.subject).toBe(
      'Auditcheckpoints 2–3 van 2026-11-25 (console.test.invalid/audit) / Audit checkpoints 2–3 of 2026-11-25 (console.test.invalid/audit)',
    );
    // Each note exactly as signed, so the mail is itself a checkpoint file.
    expect(digest.text).toContain(`\n\n${notes[1]}\n\n${notes[2]}`);
    expect(peer.received[0]!.text).toContain(`\n\n${notes[0]}`);
    await tick();
    expect(peer.received).toHaveLength(4); // nothing twice
    const sent = t.db
      .select()
      .from(auditEvents)
      .all()
      .filter((e) => e.action === 'audit.witness_sent');
    expect(sent.map((e) => JSON.parse(e.details).checkpoints)).toEqual([
      [1, 1],
      [1, 1],
      [2, 3],
      [2, 3],
    ]);
  });

  it('keeps the mail while SMTP is down and sends it once SMTP is back, auditing each attempt', async () => {
    const { t, checkpoint } = await console_();
    const port = await freePort();
    const send = sender(t, `smtp://127.0.0.1:${port}`);
    await checkpoint();
    expect(queueWitnessMails(t.db, AUDITORS.slice(0, 1), t.clock.now)).toBe(1);
    expect(await send()).toEqual({ sent: 0, retrying: 1, failed: 0 });
    // Hours of a dead server: retried, never given up.
    for (let i = 0; i < 12; i++) {
      t.clock.advance(30 * 60_000);
      expect(await send()).toEqual({ sent: 0, retrying: 1, failed: 0 });
    }
    const peer = await smtp(port);
    t.clock.advance(30 * 60_000);
    expect(await send()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(peer.received.map((m) => m.to)).toEqual([[AUDITORS[0]]]);
    expect(t.db.select().from(witnessMails).get()).toMatchObject({ status: 'sent', attempts: 14 });
    const events = t.db.select().from(auditEvents).all();
    expect(events.filter((e) => e.action === 'audit.witness_failed')).toHaveLength(13);
    expect(JSON.parse(events.at(-1)!.details)).toMatchObject({ to: AUDITORS[0], attempt: 14 });
  });

  it('makes no scheduled checkpoint for the witness mails alone', async () => {
    const { t, checkpoint } = await console_();
    const peer = await smtp();
    await checkpoint();
    queueWitnessMails(t.db, AUDITORS, t.clock.now);
    await sender(t, peer.url)();
    expect(peer.received).toHaveLength(2);
    t.clock.advance(3_600_000);
    expect(checkpointIfAppended(t.db, t.config.checkpoint!, t.clock.now)).toBeNull();
  });

  it('refuses an AUDIT_WITNESS_EMAILS entry that is no address', () => {
    expect(witnessEmails(' a@x.be, b@y.be a@x.be ')).toEqual(['a@x.be', 'b@y.be']);
    expect(() => witnessEmails('a@x.be, Rekenhof')).toThrow(/"Rekenhof" is not an e-mail/);
  });
});

/** A console whose checkpoint was e-mailed; `verify` runs the standalone verifier on an export. */
async function mailedConsole() {
  const dir = mkdtempSync(join(tmpdir(), 'witness-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const { t, b, key, checkpoint } = await console_(dir);
  for (let i = 0; i < 8; i++) await b.post('/departments', { name: `Dienst ${i}` });
  await checkpoint();
  const peer = await smtp();
  queueWitnessMails(t.db, AUDITORS.slice(0, 1), t.clock.now);
  await sender(t, peer.url)();
  const file = (name: string, text: string) => (
    writeFileSync(join(dir, name), text),
    join(dir, name)
  );
  const mail = file('checkpoint.eml', peer.received[0]!.raw); // quoted-printable, as received
  const pub = file('checkpoint-key.pub', `${verifierKey(key)}\n`);
  const verify = async () => {
    const exported = file('export.json', (await b.post('/audit/export.json')).text_);
    try {
      const args = ['scripts/verify-export.mjs', '--key', pub, exported, mail];
      return { code: 0, out: (await promisify(execFile)(process.execPath, args)).stdout };
    } catch (e) {
      return { code: (e as { code: number }).code, out: (e as { stdout: string }).stdout };
    }
  };
  expect(await verify()).toMatchObject({ code: 0 });
  return { t, verify };
}

describe('the e-mailed checkpoint in the standalone verifier', () => {
  it('catches the trail and the checkpoints table rewritten, with the mail as it arrived', async () => {
    const { t, verify } = await mailedConsole();
    rewriteFrom(t.sqlite, 4);
    t.sqlite.exec('DELETE FROM checkpoints');
    const res = await verify();
    expect(res.out).toMatch(/NOT VERIFIED: checkpoint 1 signed at \S+ does not match .*rewritten/);
    expect(res.code).toBe(1);
  });

  it('catches the last five events deleted with the trigger dropped, naming the checkpoint', async () => {
    const { t, verify } = await mailedConsole();
    tamper(
      t.sqlite,
      'DELETE FROM audit_events WHERE seq > (SELECT max(seq) - 5 FROM audit_events)',
    );
    const res = await verify();
    // The export appends its own events after the cut: the mailed head no longer matches.
    expect(res.out).toMatch(/NOT VERIFIED: checkpoint 1 signed at \S+ (covers|does not match)/);
    expect(res.code).toBe(1);
  });
});
