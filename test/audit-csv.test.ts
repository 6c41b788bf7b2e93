// The audit CSV as a Flemish spreadsheet opens it (BOM, semicolons, formulas neutralised, names
// and Brussels time beside the hashed columns), and as the auditors' standalone verifier reads it:
// run as its own process on the export, with the checkpoint the export carries.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { auditEvents, checkpoints } from '../db/schema';
import { verifierKey } from '../src/domain/audit/checkpoint';
import { parseCsv, restoreCell } from '../src/domain/lib/csv';
import { signerOf } from '../src/node/checkpoint-key';
import { testKey } from './fixtures/checkpoints';
import { crisisWorld } from './fixtures/crisis';
import { setup } from './helpers';

const exec = promisify(execFile);
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const HOSTILE = '=HYPERLINK("http://evil.invalid";"klik");\n+1;@SUM(A1)';

/** A console with a signing key, a department with a hostile name and a sign-in attempt's details. */
async function exported() {
  const dir = mkdtempSync(join(tmpdir(), 'audit-csv-'));
  dirs.push(dir);
  const key = testKey();
  const t = await setup({ checkpoint: signerOf(key) });
  const b = await t.as(['communicatie'], 'Cora Communicatie');
  const w = await crisisWorld(t);
  await b.post('/departments', { name: '=Dienst;Cultuur' });
  w.event('user.sign_in_failed', w.at(1), {}, { email: HOSTILE, ip: '127.0.0.1' });
  // The bytes as downloaded (Response.text() would drop the byte order mark).
  const res = await t.app.request('/audit/export.csv', {
    method: 'POST',
    body: new URLSearchParams({ _csrf: b.csrf }),
    headers: {
      Cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'Content-Type': 'application/x-www-form-urlencoded',
    },
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  const file = join(dir, 'audit.csv');
  writeFileSync(file, bytes);
  const pub = join(dir, 'key.pub');
  writeFileSync(pub, `${verifierKey(key)}\n`);
  return { t, w, bytes, text, file, pub };
}

function records(text: string) {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return { delimiter: parsed.delimiter, rows: parsed.records.map((r) => r.cells) };
}

describe('the audit CSV in a spreadsheet', () => {
  it('is UTF-8 with a byte order mark and semicolons, with names and Brussels time beside ids', async () => {
    const { bytes, text, w } = await exported();
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.startsWith('\uFEFFseq;at;at_brussels;')).toBe(true);
    const { delimiter, rows } = records(text);
    expect(delimiter).toBe(';');
    const [head, ...events] = rows;
    const row = (action: string) => events.find((r) => r[head!.indexOf('action')] === action)!;
    const cell = (r: string[], name: string) => r[head!.indexOf(name)];
    const declared = row('crisis.declared');
    expect(cell(declared, 'at')).toBe('2026-11-25T13:00:00.000Z');
    expect(cell(declared, 'at_brussels')).toBe('2026-11-25 14:00:00 +01:00');
    expect(cell(declared, 'action_label')).toBe('Crisis afgekondigd');
    expect(cell(declared, 'crisis_title')).toBe(w.crisis.title);
    expect(cell(declared, 'actor_name')).toBe('Olga Operator');
  });

  it('neutralises a name a spreadsheet would run as a formula, and keeps details as stored', async () => {
    const { text, t } = await exported();
    // Each line break inside a quoted cell belongs to that cell: no line starts with a formula.
    for (const line of text.split('\r\n')) expect(line).not.toMatch(/^[=+\-@]/);
    const { rows } = records(text);
    const [head, ...events] = rows;
    const created = events.find((r) => r[head!.indexOf('action')] === 'department.created')!;
    expect(created[head!.indexOf('department_name')]).toBe("'=Dienst;Cultuur");
    const failed = events.find((r) => r[head!.indexOf('action')] === 'user.sign_in_failed')!;
    const stored = t.db
      .select()
      .from(auditEvents)
      .all()
      .find((e) => e.seq === Number(failed[0]))!;
    expect(restoreCell(failed[head!.indexOf('details')]!)).toBe(stored.details);
    expect(JSON.parse(stored.details).email).toBe(HOSTILE);
  });

  it('ends with the checkpoint it was made up to, and the verifier run on its own says verified', async () => {
    const { text, t, file, pub } = await exported();
    const { rows } = records(text);
    const last = rows.at(-1)!;
    const made = t.db.select().from(checkpoints).all().at(-1)!;
    expect(last).toEqual(['checkpoint', made.note]);
    expect(Number(rows.at(-2)![0])).toBe(made.size);
    const { stdout } = await exec(process.execPath, [
      'scripts/verify-export.mjs',
      '--key',
      pub,
      file,
    ]);
    expect(stdout).toContain(
      `verified through event ${made.size}, consistent with checkpoint ${made.number} signed at`,
    );
  });

  it('lets the verifier catch a details cell edited in the spreadsheet', async () => {
    const { text, file, pub } = await exported();
    writeFileSync(file, text.replace('127.0.0.1', '127.0.0.2'));
    const run = exec(process.execPath, ['scripts/verify-export.mjs', '--key', pub, file]);
    await expect(run).rejects.toMatchObject({
      code: 1,
      stdout: expect.stringMatching(/NOT VERIFIED: event \d+'s hash does not recompute/),
    });
  });
});
