// Signed checkpoints of the audit chain (README "Audit checkpoints"): an attacker with the database
// file who removes the last events, or rewrites the trail from event 100 on by the README's own
// hash rule, leaves a chain that verifies; the checkpoints catch both.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkpoints } from '../db/schema';
import { openNote, parseVerifierKey, verifierKey } from '../src/domain/audit/checkpoint';
import {
  checkStoredCheckpoints,
  checkpointIfAppended,
  makeCheckpoint,
} from '../src/domain/audit/checkpoints';
import { SYSTEM, recordEvent, verifyChain } from '../src/domain/audit/trail';
import { transaction, type Db } from '../src/domain/lib/db';
import { verifyChainFile } from '../src/node/audit-verify';
import { checkFileCheckpoints, notesIn } from '../src/node/audit-verify-checkpoints';
import { loadCheckpointKey, signerOf } from '../src/node/checkpoint-key';
import { closeCrisis } from '../src/domain/crisis/crises';
import { actorOf, openCrisis } from './crisis-fixtures';
import { openDatabase } from '../src/node/database';
import { copyCheckpoints } from '../src/node/checkpoint-witness';
import { rewriteFrom, tamper, testKey } from './fixtures/checkpoints';
import { setup } from './helpers';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A database file with `n` events and a checkpoint after every `every` of them. */
function trailFile(n: number, every: number, key = testKey()) {
  const dir = mkdtempSync(join(tmpdir(), 'checkpoints-'));
  dirs.push(dir);
  const path = join(dir, 'console.db');
  const { db, sqlite } = openDatabase(path);
  const signer = signerOf(key);
  for (let i = 1; i <= n; i++) {
    transaction(db, (tx) => {
      recordEvent(tx, {
        at: new Date(Date.UTC(2026, 10, 25, 13, 0, i)),
        actor: SYSTEM,
        action: 'department.created',
        details: { i },
      });
      if (i % every === 0)
        makeCheckpoint(tx, signer, 'schedule', new Date(Date.UTC(2026, 10, 25, 14, 0, i)));
    });
  }
  return { path, db, sqlite, signer, key };
}

/** Edits event `seq` and rewrites every later hash: the chain alone verifies again. */
function rewriteAndCheck(db: Db, sqlite: ReturnType<typeof openDatabase>['sqlite'], seq: number) {
  rewriteFrom(sqlite, seq);
  expect(verifyChain(db)).toMatchObject({ ok: true });
}

// A second reading of the note, written from c2sp.org/signed-note and c2sp.org/tlog-checkpoint
// alone: text up to the last blank line, signature lines "— name base64(keyID || sig)".
function readNoteBySpec(note: string, name: string, publicKey: Buffer) {
  const split = note.lastIndexOf('\n\n');
  const text = note.slice(0, split + 1);
  const [line] = note.slice(split + 2).split('\n');
  expect(line!.startsWith(`\u2014 ${name} `)).toBe(true);
  const sig = Buffer.from(line!.slice(`\u2014 ${name} `.length), 'base64');
  const id = createHash('sha256')
    .update(Buffer.concat([Buffer.from(`${name}\n\x01`, 'latin1'), publicKey]))
    .digest()
    .subarray(0, 4);
  expect(sig.subarray(0, 4).equals(id)).toBe(true);
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), publicKey]);
  const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  const [origin, size, root] = text.split('\n');
  return { valid: verify(null, Buffer.from(text), key, sig.subarray(4)), origin, size, root };
}

describe('signed audit checkpoints', () => {
  it('writes a C2SP checkpoint that a reader written from the spec verifies', () => {
    const { db, sqlite, key } = trailFile(7, 7);
    const [cp] = db.select().from(checkpoints).all();
    const head = sqlite.prepare('SELECT seq, hash FROM audit_events WHERE seq = 8').get() as {
      seq: number;
      hash: string;
    };
    const publicKey = Buffer.from(
      verifierKey(key).split('+').slice(2).join('+'),
      'base64',
    ).subarray(1);
    expect(readNoteBySpec(cp!.note, key.name, publicKey)).toEqual({
      valid: true,
      origin: key.name,
      size: '8', // seven events and the checkpoint's own announcement
      root: Buffer.from(head.hash, 'hex').toString('base64'),
    });
  });

  it('refuses a note signed by another key, and a note with one byte changed', () => {
    const { db, key } = trailFile(3, 3);
    const note = db.select().from(checkpoints).get()!.note;
    const trusted = parseVerifierKey(verifierKey(key))!;
    expect(openNote(note, trusted)).toMatchObject({ ok: true, body: { size: 4 } });
    const other = parseVerifierKey(verifierKey({ ...testKey(), name: key.name }))!;
    expect(openNote(note, other)).toEqual({ ok: false, reason: 'unsigned' });
    expect(openNote(note.replace('\n4\n', '\n3\n'), trusted)).toEqual({
      ok: false,
      reason: 'signature',
    });
  });

  it('catches the last five events deleted with the trigger dropped, naming the checkpoint', async () => {
    const { path, db, sqlite, signer } = trailFile(20, 10);
    tamper(sqlite, 'DELETE FROM audit_events WHERE seq > (SELECT max(seq) - 5 FROM audit_events)');
    const chain = verifyChain(db);
    expect(chain).toMatchObject({ ok: true, count: 17 });
    expect(checkStoredCheckpoints(db, signer.trusted, chain)).toMatchObject({
      ok: false,
      number: 2,
      size: 22,
      madeAt: '2026-11-25T14:00:20.000Z',
      reason: 'truncated',
    });
    const file = await verifyChainFile(path, { threads: 1 });
    expect(checkFileCheckpoints(path, signer.trusted, file, [])).toMatchObject({
      ok: false,
      number: 2,
      reason: 'truncated',
    });
  });

  it('catches event 100 edited and every later hash rewritten, by a checkpoint made after it', () => {
    const { db, sqlite, signer } = trailFile(150, 50);
    const before = checkStoredCheckpoints(db, signer.trusted, verifyChain(db));
    expect(before).toMatchObject({ ok: true, checked: 3 });
    rewriteAndCheck(db, sqlite, 100);
    // Checkpoints 1 (size 51) and 2 (size 102) come before the edit or at its size: 2 catches it.
    expect(checkStoredCheckpoints(db, signer.trusted, verifyChain(db))).toMatchObject({
      ok: false,
      number: 2,
      size: 102,
      reason: 'rewritten',
    });
  });

  it('checks a witnessed checkpoint kept outside the database, also from an e-mail', async () => {
    const { path, db, sqlite, signer } = trailFile(30, 30);
    const note = db.select().from(checkpoints).get()!.note;
    const mail = `Subject: checkpoint\r\n\r\nHello,\r\n\r\n${note.replace(/\n/g, '\r\n')}\r\nBye\r\n`;
    expect(notesIn(mail)).toEqual([note]);
    // The attacker rewrites the trail and the checkpoints table: only the witness knows better.
    rewriteAndCheck(db, sqlite, 10);
    sqlite.exec('DELETE FROM checkpoints');
    const chain = await verifyChainFile(path, { threads: 1 });
    expect(checkFileCheckpoints(path, signer.trusted, chain, [])).toMatchObject({ ok: true });
    expect(checkFileCheckpoints(path, signer.trusted, chain, notesIn(mail))).toMatchObject({
      ok: false,
      number: 1,
      witnessed: true,
      reason: 'rewritten',
    });
  });

  it('makes a scheduled checkpoint only when events were appended since the last', () => {
    const { db, signer } = trailFile(3, 3);
    const now = new Date('2026-11-25T15:00:00Z');
    expect(checkpointIfAppended(db, signer, now)).toBeNull();
    transaction(db, (tx) =>
      recordEvent(tx, { at: now, actor: SYSTEM, action: 'department.created' }),
    );
    expect(checkpointIfAppended(db, signer, now)).toMatchObject({ number: 2, size: 6 });
    expect(checkpointIfAppended(db, signer, now)).toBeNull();
  });

  it('copies each committed checkpoint once to the witness folder, never overwriting one', () => {
    const { db, path } = trailFile(6, 2);
    const dir = join(path, '..', 'witness');
    expect(copyCheckpoints(db, dir)).toBe(3);
    expect(copyCheckpoints(db, dir)).toBe(0);
    const notes = db.select().from(checkpoints).all();
    expect(readFileSync(join(dir, 'checkpoint-000003.note'), 'utf8')).toBe(notes[2]!.note);
  });

  it('refuses to change or remove a stored checkpoint', () => {
    const { sqlite } = trailFile(2, 2);
    expect(() => sqlite.exec('UPDATE checkpoints SET size = 1')).toThrow(/append-only/);
    expect(() => sqlite.exec('DELETE FROM checkpoints')).toThrow(/append-only/);
  });
});

describe('checkpoints in the console', () => {
  it('signs a checkpoint on every verification and on every export, and carries it in the JSON', async () => {
    const t = await setup({ checkpoint: signerOf(testKey()) });
    const b = await t.as(['communicatie']);
    const verified = await b.post('/audit/verify');
    expect(verified.text_).toContain('Er zijn nog geen ondertekende checkpoints');
    const made = t.db.select().from(checkpoints).all();
    expect(made.map((c) => c.reason)).toEqual(['verification']);
    const exported = await b.post('/audit/export.json');
    const json = JSON.parse(exported.text_) as { throughSeq: number; checkpoint: string };
    const last = t.db.select().from(checkpoints).all().at(-1)!;
    expect(last).toMatchObject({ number: 2, reason: 'export', size: json.throughSeq });
    expect(json.checkpoint).toBe(last.note);
  });

  it('lists the checkpoints with their notes and gives anyone the public key', async () => {
    const t = await setup({ checkpoint: signerOf(testKey()) });
    const b = await t.as(['communicatie']);
    await b.post('/audit/verify');
    const page = await b.get('/audit/checkpoints');
    const key = verifierKey(t.config.checkpoint!.key);
    expect(page.text_).toContain(key);
    // user.created, user.signed_in, the second factor's enrolment, use and codes, the checkpoint
    expect(page.text_).toContain('Checkpoint 1, tot gebeurtenis 6');
    const pub = await t.browser().get('/checkpoint-key.pub');
    expect(pub.text_).toBe(`${key}\n`);
    expect(pub.text_).not.toContain('PRIVATE');
  });

  it('shows on the verify panel a checkpoint the trail no longer matches, by number', async () => {
    const t = await setup({ checkpoint: signerOf(testKey()) });
    const b = await t.as(['communicatie']);
    await b.post('/audit/verify');
    t.sqlite.exec(
      'DROP TRIGGER audit_events_no_delete; DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)',
    );
    const res = await b.post('/audit/verify');
    expect(res.text_).toMatch(/Checkpoint 1 van [^<]*: [^<]*gebeurtenissen verwijderd/);
    expect(t.db.select().from(checkpoints).all()).toHaveLength(1); // no checkpoint over a broken trail
  });
});

describe('the checkpoint key and the closes', () => {
  it('creates the key file with mode 0600 on the first start and reads the same key after', () => {
    const dir = mkdtempSync(join(tmpdir(), 'checkpoint-key-'));
    dirs.push(dir);
    const env = { CHECKPOINT_KEY_FILE: join(dir, 'keys', 'checkpoint.key') };
    const lines: string[] = [];
    const first = loadCheckpointKey(env, 'https://crisis.turnhout.be', true, (l) => lines.push(l))!;
    expect(statSync(env.CHECKPOINT_KEY_FILE).mode & 0o777).toBe(0o600);
    expect(first.key.name).toBe('crisis.turnhout.be/audit');
    expect(lines.join('\n')).toContain(verifierKey(first.key));
    expect(lines.join('\n')).not.toContain(readFileSync(env.CHECKPOINT_KEY_FILE, 'utf8').trim());
    const again = loadCheckpointKey(env, 'https://other.invalid', true, () => undefined)!;
    expect(verifierKey(again.key)).toBe(verifierKey(first.key));
    expect(
      loadCheckpointKey({ CHECKPOINT_KEY_FILE: join(dir, 'none') }, 'http://x', false),
    ).toBeNull();
  });

  it('signs a checkpoint when a crisis closes and when an exercise closes', async () => {
    const t = await setup({ checkpoint: signerOf(testKey()) });
    const actor = actorOf(await t.user(['crisis_operator']));
    for (const isExercise of [false, true]) {
      const crisis = openCrisis(t, actor, { isExercise });
      const closed = closeCrisis(
        t.db,
        actor,
        { crisisId: crisis.id, version: crisis.version },
        t.clock.now,
        t.config.checkpoint,
      );
      expect(closed.ok).toBe(true);
    }
    expect(
      t.db
        .select()
        .from(checkpoints)
        .all()
        .map((c) => c.reason),
    ).toEqual(['crisis_closed', 'exercise_closed']);
    expect(
      checkStoredCheckpoints(t.db, t.config.checkpoint!.trusted, verifyChain(t.db)),
    ).toMatchObject({ ok: true, checked: 2 });
  });
});
