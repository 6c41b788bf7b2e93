// npm run audit:verify [-- --threads=N] — walks the audit chain; exits 1 at the first broken link.
// Verifies by seq range in N threads (default: every core but one), each with its own read-only
// connection, so it runs beside the server; the report is the domain's verifyChain's.
import { existsSync } from 'node:fs';
import { verifyChainFile } from '../src/node/audit-verify';

const path = process.env.DATABASE_PATH ?? './data/console.db';
const threadsArg = process.argv.find((a) => a.startsWith('--threads='));
const threads = threadsArg ? Number(threadsArg.slice('--threads='.length)) : undefined;
if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) {
  console.error('--threads must be a whole number, 1 or more');
  process.exit(2);
}
if (!existsSync(path)) {
  console.error(`no database at ${path} (set DATABASE_PATH)`);
  process.exit(2);
}
const started = performance.now();
const report = await verifyChainFile(path, threads ? { threads } : {});
const seconds = (performance.now() - started) / 1000;
if (report.ok) {
  console.log(
    `verified ${report.count} events (through event ${report.lastSeq}, ${report.lastAt ?? 'no events'}) in ${seconds.toFixed(2)} s, ${report.threads} thread(s)`,
  );
} else {
  console.error(
    `BROKEN at event ${report.brokenAt} (${report.reason}); events 1-${report.count} verify`,
  );
  process.exit(1);
}
