// Audit checkpoints made in workerd (README "Audit checkpoints"): signed there with node:crypto
// (nodejs_compat) inside the Durable Object's transaction, then checked on Node with the secret's
// public half, by the console's own note parser and by scripts/verify-export.mjs as its own
// process; each written once to the R2 witness bucket (wrangler dev's local bucket, read and
// planted through wrangler's Local Explorer API on the same port) and e-mailed to the auditor.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { AuditEvent } from '../../db/schema';
import {
  noteFileName,
  openNote,
  parseVerifierKey,
  type CheckpointBody,
} from '../../src/domain/audit/checkpoint';
import { runNode } from '../fixtures/checkpoints';
import type { Browser } from '../helpers';
import { AUDITOR, CHECKPOINT_ORIGIN } from './global-setup';
import { demoSignIn, sentMail, until, workersUrl } from './http';

const BUCKET = 'crisis-console-audit-witness'; // wrangler.toml [[r2_buckets]]
const inBucket = (key: string) =>
  `${workersUrl()}/cdn-cgi/explorer/api/r2/buckets/${BUCKET}/objects/${key}`;

const dir = mkdtempSync(join(tmpdir(), 'workers-checkpoints-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The note opened with the public key the test run gave the Worker, or a failed test. */
function opened(note: string | null | undefined): CheckpointBody {
  const result = openNote(note ?? '', parseVerifierKey(inject('checkpointPublicKey'))!);
  if (!result.ok) throw new Error(`the checkpoint does not open (${result.reason}):\n${note}`);
  return result.body;
}

async function exportJson(b: Browser) {
  const res = await b.post('/audit/export.json');
  expect(res.status).toBe(200);
  return {
    text: res.text_,
    ...(JSON.parse(res.text_) as { checkpoint: string | null; events: AuditEvent[] }),
  };
}

describe('audit checkpoints on Workers', () => {
  it("signs the export's checkpoint in workerd, and Node's verifiers accept it with the public key", async () => {
    const b = await demoSignIn('communicatie@demo.invalid');
    const exported = await exportJson(b);
    const body = opened(exported.checkpoint);
    expect(body.origin).toBe(CHECKPOINT_ORIGIN);
    // The checkpoint covers its own announcement, the export's last event.
    expect(exported.events.at(-1)).toMatchObject({
      seq: body.size,
      hash: body.rootHash,
      action: 'audit.checkpoint_made',
    });
    const served = await fetch(`${workersUrl()}/checkpoint-key.pub`);
    expect(await served.text()).toBe(`${inject('checkpointPublicKey')}\n`);

    const key = join(dir, 'checkpoint-key.pub');
    writeFileSync(key, `${inject('checkpointPublicKey')}\n`);
    const file = join(dir, 'audit-export.json');
    writeFileSync(file, exported.text);
    const verified = await runNode(['scripts/verify-export.mjs', '--key', key, file]);
    expect(verified.out).toMatch(
      `verified through event ${body.size}, consistent with checkpoint ${body.number} signed at ${body.madeAt}`,
    );
    expect(verified.code).toBe(0);

    // The console's own check in workerd: the chain, then every stored checkpoint's signature.
    const panel = (await b.post('/audit/verify')).text_;
    expect(panel).toMatch(/Alle \d+ ondertekende checkpoints kloppen/);
  });

  it('writes each checkpoint once to the R2 witness bucket, never over what is there, and mails it to the auditor', async () => {
    const b = await demoSignIn('communicatie@demo.invalid');
    const first = await exportJson(b);
    const mine = opened(first.checkpoint);
    // The next checkpoint's name already holds other text: the Worker must leave it as it is.
    const taken = noteFileName(mine.number + 1);
    const planted = await fetch(inBucket(taken), { method: 'PUT', body: 'planted first\n' });
    expect(planted.status).toBe(200);
    expect(opened((await exportJson(b)).checkpoint).number).toBe(mine.number + 1);
    const third = await exportJson(b);

    // The copy goes in order: once the third is in the bucket, the second was tried before it.
    expect((await fetch(`${workersUrl()}/__scheduled?cron=*+*+*+*+*`)).status).toBe(200);
    const last = noteFileName(mine.number + 2);
    const lastKept = await until(`${last} in the bucket`, async () => {
      const res = await fetch(inBucket(last));
      return res.ok ? res.text() : undefined;
    });
    expect(lastKept).toBe(third.checkpoint);
    const firstKept = await (await fetch(inBucket(noteFileName(mine.number)))).text();
    expect(firstKept).toBe(first.checkpoint);
    expect(opened(firstKept).number).toBe(mine.number);
    expect(await (await fetch(inBucket(taken))).text()).toBe('planted first\n');

    // The first checkpoint of the day goes to the auditor at once: the note, as the Worker signed it.
    const mail = await until('the witness mail at the stub', async () =>
      (await sentMail()).find((m) => m.body.to[0] === AUDITOR),
    );
    const note = new RegExp(
      `^${CHECKPOINT_ORIGIN}\\n\\d+\\n\\S+\\ncheckpoint \\d+ \\S+\\n\\n\\u2014 \\S+ \\S+\\n`,
      'm',
    ).exec(mail.body.text)?.[0];
    expect(opened(note).origin).toBe(CHECKPOINT_ORIGIN);
  });
});
