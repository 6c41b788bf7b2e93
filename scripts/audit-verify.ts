// npm run audit:verify [-- --threads=N] [--checkpoint FILE]... [--key KEY] — walks the audit
// chain, then checks every stored checkpoint and every witnessed one given (a note or the e-mail
// that carried it); exits 1 at the first broken link or failing checkpoint. The chain is verified
// by seq range in N threads (default: every core but one), each with its own read-only connection.
// The public keys: --key (a note verifier key, or a file holding one or the keys' list with their
// validity, /checkpoint-keys.txt; repeatable), else the server's (its key and the keys' list).
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseKeyList, type TrustedKey } from '../src/domain/audit/checkpoint';
import { verifyChainFile } from '../src/node/audit-verify';
import { checkFileCheckpoints, notesIn } from '../src/node/audit-verify-checkpoints';
import { loadCheckpointKey } from '../src/node/checkpoint-key';

const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};
const { values } = parseArgs({
  options: {
    threads: { type: 'string' },
    checkpoint: { type: 'string', multiple: true, default: [] },
    key: { type: 'string', multiple: true, default: [] },
  },
});
const path = process.env.DATABASE_PATH ?? './data/console.db';
const threads = values.threads === undefined ? undefined : Number(values.threads);
if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1))
  fail('--threads must be a whole number, 1 or more');
if (!existsSync(path)) fail(`no database at ${path} (set DATABASE_PATH)`);

function trustedKeys(): TrustedKey[] {
  if (!values.key.length)
    return loadCheckpointKey(process.env, 'http://localhost', false)?.trusted ?? [];
  return values.key.flatMap((given) => {
    const keys = parseKeyList(existsSync(given) ? readFileSync(given, 'utf8') : given);
    return keys?.length
      ? keys
      : fail(`--key ${given}: not a note verifier key (name+id+key) or a list of them`);
  });
}
const trusted = trustedKeys();
const witnessed = values.checkpoint.flatMap((file) => {
  const notes = notesIn(readFileSync(file, 'utf8'));
  return notes.length ? notes : fail(`no signed checkpoint in ${file}`);
});

const started = performance.now();
const report = await verifyChainFile(path, threads ? { threads } : {});
const checkpoints = checkFileCheckpoints(path, trusted, report, witnessed);
const seconds = (performance.now() - started) / 1000;
if (report.ok) {
  console.log(
    `verified ${report.count} events (through event ${report.lastSeq}, ${report.lastAt ?? 'no events'}) in ${seconds.toFixed(2)} s, ${report.threads} thread(s)`,
  );
} else {
  console.error(
    `BROKEN at event ${report.brokenAt} (${report.reason}); events 1-${report.count} verify`,
  );
}
const REASONS = {
  truncated: 'it counts more events than the trail holds: events were removed',
  rewritten: 'the hash at its size differs: the trail was rewritten',
  signature: 'its signature does not verify with the public key',
  key_validity: 'it is signed by a key outside the time that key was valid',
};
if (checkpoints.ok) {
  const last = checkpoints.last;
  console.log(
    last
      ? `${checkpoints.checked} checkpoint(s) consistent; the last: checkpoint ${last.number} of ${last.madeAt}, through event ${last.size}`
      : 'no checkpoints to check',
  );
} else {
  console.error(
    `CHECKPOINT ${checkpoints.number} of ${checkpoints.madeAt || '?'}${checkpoints.witnessed ? ' (witnessed)' : ''} FAILS: ${REASONS[checkpoints.reason]}`,
  );
}
if (!report.ok || !checkpoints.ok) process.exit(1);
