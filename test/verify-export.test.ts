// The auditors' standalone verifier (scripts/verify-export.mjs) and npm run audit:verify, each run
// as a separate process, as an auditor would: on an export of the real app, with the checkpoint the
// auditors were e-mailed, after an attacker rewrote the trail and the checkpoints table.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkpoints } from '../db/schema';
import { verifierKey } from '../src/domain/audit/checkpoint';
import { signerOf } from '../src/node/checkpoint-key';
import { rewriteFrom, runNode, testKey } from './fixtures/checkpoints';
import { setup, type TestContext } from './helpers';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function consoleWithEvents() {
  const dir = mkdtempSync(join(tmpdir(), 'verify-export-'));
  dirs.push(dir);
  const key = testKey();
  const t = await setup({ checkpoint: signerOf(key) }, { path: join(dir, 'console.db') });
  const b = await t.as(['communicatie']);
  for (let i = 0; i < 12; i++) await b.post('/departments', { name: `Dienst, "${i}"\n` });
  await b.post('/audit/verify'); // a checkpoint, e-mailed to the auditors
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const mailed = t.db.select().from(checkpoints).all().at(-1)!;
  return {
    t,
    b,
    dir,
    file,
    key: file('checkpoint.pub', `${verifierKey(key)}\n`),
    mail: file('mail.txt', `Subject: audit checkpoint\n\nKeep this.\n\n${mailed.note}\n-- \n`),
    exportAs: async (format: 'json' | 'csv') =>
      file(`export.${format}`, (await b.post(`/audit/export.${format}`)).text_),
  };
}

/** The attacker: event `seq` edited, every later hash recomputed, the checkpoints deleted. */
function rewrite(t: TestContext, seq: number) {
  rewriteFrom(t.sqlite, seq);
  t.sqlite.exec('DELETE FROM checkpoints');
}

describe('the standalone verifier, run as its own process', () => {
  it('verifies a JSON and a CSV export against the e-mailed checkpoint and the export own', async () => {
    const c = await consoleWithEvents();
    for (const format of ['json', 'csv'] as const) {
      const res = await runNode([
        'scripts/verify-export.mjs',
        '--key',
        c.key,
        await c.exportAs(format),
        c.mail,
      ]);
      expect(res.out).toMatch(
        /^verified through event \d+, consistent with checkpoint \d+ signed at 2026-11-25T13:00:00.000Z/,
      );
      expect(res.code).toBe(0);
    }
  });

  it('catches an export with its last five events cut off, naming the checkpoint', async () => {
    const c = await consoleWithEvents();
    const json = JSON.parse(
      await (await import('node:fs/promises')).readFile(await c.exportAs('json'), 'utf8'),
    );
    delete json.checkpoint;
    json.events = json.events.slice(0, -5);
    const cut = c.file('cut.json', JSON.stringify(json));
    const res = await runNode(['scripts/verify-export.mjs', '--key', c.key, cut, c.mail]);
    expect(res.out).toMatch(
      /NOT VERIFIED: checkpoint 1 signed at \S+ covers \d+ events, the export only \d+/,
    );
    expect(res.code).toBe(1);
  });

  it('catches a trail and checkpoints table rewritten together, with the e-mailed checkpoint', async () => {
    const c = await consoleWithEvents();
    rewrite(c.t, 5);
    // The console now exports the forged trail, signing a fresh checkpoint over it.
    const forged = await c.exportAs('csv');
    const forgedJson = await c.exportAs('json');
    expect((await runNode(['scripts/verify-export.mjs', '--key', c.key, forgedJson])).code).toBe(0);
    const res = await runNode(['scripts/verify-export.mjs', '--key', c.key, forged, c.mail]);
    expect(res.out).toMatch(/NOT VERIFIED: checkpoint 1 signed at \S+ does not match .*rewritten/);
    expect(res.code).toBe(1);
  });

  it('refuses a checkpoint under another key', async () => {
    const c = await consoleWithEvents();
    const other = c.file('other.pub', verifierKey({ ...testKey(), name: testKey().name }));
    const res = await runNode([
      'scripts/verify-export.mjs',
      '--key',
      other,
      await c.exportAs('json'),
      c.mail,
    ]);
    expect(res.out).toContain('is not signed by the key given');
    expect(res.code).toBe(1);
  });
});

describe('npm run audit:verify with a witnessed checkpoint', () => {
  it('fails on a rewritten trail and checkpoints table, naming the witnessed checkpoint', async () => {
    const c = await consoleWithEvents();
    const cli = (...args: string[]) =>
      runNode(
        ['--import', 'tsx', 'scripts/audit-verify.ts', '--threads=1', '--key', c.key, ...args],
        {
          DATABASE_PATH: join(c.dir, 'console.db'),
        },
      );
    expect((await cli('--checkpoint', c.mail)).code).toBe(0);
    rewrite(c.t, 5);
    expect((await cli()).code).toBe(0); // nothing stored is left to disagree
    const res = await cli('--checkpoint', c.mail);
    expect(res.out).toMatch(/CHECKPOINT 1 of \S+ \(witnessed\) FAILS: .*rewritten/);
    expect(res.code).toBe(1);
  });
});
