// Rotating the audit checkpoints' signing key (README "Audit checkpoints", "Key rotation"): the
// old public key stays listed with the time it was valid, so what it signed keeps verifying (in
// the console and in the standalone verifier) and nothing it signs afterwards counts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { auditEvents, checkpoints } from '../db/schema';
import { signerKeyText, verifierKey } from '../src/domain/audit/checkpoint';
import {
  checkStoredCheckpoints,
  makeCheckpoint,
  type CheckpointSigner,
} from '../src/domain/audit/checkpoints';
import { verifyChain } from '../src/domain/audit/trail';
import { transaction, type Db } from '../src/domain/lib/db';
import { newKey } from '../src/domain/vault/vault';
import { loadCheckpointKey, signerOf } from '../src/node/checkpoint-key';
import { openDatabase } from '../src/node/database';
import { singleKey, writeKeyFile } from '../src/node/vault-key';
import { runNode } from './fixtures/checkpoints';
import { setup } from './helpers';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const checkpointAt = (db: Db, signer: Parameters<typeof makeCheckpoint>[1], at: string) =>
  transaction(db, (tx) => makeCheckpoint(tx, signer, 'schedule', new Date(at)));

describe('rotating the checkpoint key', () => {
  it("keeps the old key's checkpoints verifying and refuses what it signs after", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'checkpoint-rotate-'));
    dirs.push(dir);
    const env = {
      DATABASE_PATH: join(dir, 'console.db'),
      CHECKPOINT_KEY_FILE: join(dir, 'checkpoint.key'),
    };
    const first = loadCheckpointKey(env, 'https://crisis.turnhout.be', true, () => undefined)!;
    const before = openDatabase(env.DATABASE_PATH);
    checkpointAt(before.db, first, new Date().toISOString()); // the key file was created just now
    before.sqlite.close();

    const rotated = await runNode(['--import', 'tsx', 'scripts/checkpoint-rotate-key.ts'], env);
    expect(rotated.out).toContain('Checkpoint 2 (through event 3) is the last signed with');
    expect(rotated.code).toBe(0);

    const second = loadCheckpointKey(env, 'https://crisis.turnhout.be', false)!;
    expect(verifierKey(second.key)).not.toBe(verifierKey(first.key));
    expect(rotated.out).toContain(verifierKey(second.key));
    const [current, retired] = second.trusted;
    expect(retired!.until).toEqual(current!.from);
    const { db, sqlite } = openDatabase(env.DATABASE_PATH);
    const later = new Date(Date.parse(current!.from!) + 60_000).toISOString();
    checkpointAt(db, second, later);
    expect(checkStoredCheckpoints(db, second.trusted, verifyChain(db))).toMatchObject({
      ok: true,
      checked: 3,
    });
    const rotation = db.select().from(auditEvents).all().at(-3)!;
    expect(rotation.action).toBe('audit.checkpoint_key_rotated');
    expect(JSON.parse(rotation.details)).toEqual({
      retiredKey: verifierKey(first.key),
      newKey: verifierKey(second.key),
    });

    // Someone who kept the old private key signs a checkpoint after its rotation.
    checkpointAt(db, signerOf(first.key), later);
    expect(checkStoredCheckpoints(db, second.trusted, verifyChain(db))).toMatchObject({
      ok: false,
      number: 4,
      reason: 'key_validity',
    });
    // And a console started with the retired key refuses to start.
    expect(() =>
      loadCheckpointKey({ ...env, CHECKPOINT_KEY: signerKeyText(first.key) }, 'x', false),
    ).toThrow(/was retired at/);

    // The standalone verifier with the keys' list from /checkpoint-keys.txt.
    const t = await setup({ checkpoint: second }, { path: join(dir, 'console.db') });
    t.clock.set(later);
    const b = await t.as(['communicatie']);
    const file = (name: string, text: string) => (
      writeFileSync(join(dir, name), text),
      join(dir, name)
    );
    const keys = file('keys.txt', (await t.browser().get('/checkpoint-keys.txt')).text_);
    expect(readFileSync(keys, 'utf8').split('\n')[1]).toMatch(/^\S+ \S+Z \S+Z$/); // the old key
    const notes = t.db.select().from(checkpoints).all();
    const exported = file('export.json', (await b.post('/audit/export.json')).text_);
    const verify = (...notes: string[]) =>
      runNode([
        'scripts/verify-export.mjs',
        '--key',
        keys,
        exported,
        file('kept.txt', notes.join('\n')),
      ]);
    const good = await verify(notes[0]!.note, notes[1]!.note, notes[2]!.note);
    expect(good.out).toMatch(/^verified through event/);
    const forged = await verify(notes[3]!.note);
    expect(forged.out).toContain('NOT VERIFIED: checkpoint 4 signed at');
    expect(forged.out).toContain(`is signed by a key valid only from ${retired!.from} until`);
    expect(forged.code).toBe(1);
  });

  it('lists every key with its validity on the checkpoints page', async () => {
    const [old, current] = [1, 2].map((n) =>
      signerOf({ name: 'c.test/audit', seed: new Uint8Array(32).fill(n) }),
    ) as [CheckpointSigner, CheckpointSigner];
    const rotatedAt = '2026-11-20T10:00:00.000Z';
    const signer = signerOf(current.key, [
      { ...old.trusted[0]!, until: rotatedAt },
      { ...current.trusted[0]!, from: rotatedAt },
    ]);
    const t = await setup({ checkpoint: signer });
    const page = (await (await t.as(['communicatie'])).get('/audit/checkpoints')).text_;
    expect(page).toContain(verifierKey(old.key));
    expect(page).toMatch(/geldig vanaf \(van bij het begin\) tot <time[^>]*>20\/11\/2026, 11:00/);
  });
});

describe('the checkpoint key apart from the vault key', () => {
  it('refuses the vault key file as the checkpoint key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'checkpoint-vault-'));
    dirs.push(dir);
    const vaultFile = join(dir, 'credential.key');
    writeKeyFile(vaultFile, singleKey(newKey()));
    expect(() => loadCheckpointKey({ CHECKPOINT_KEY_FILE: vaultFile }, 'x', true)).toThrow(
      /is not a note signing key/,
    );
  });
});
