// npm run audit:verify — walks the audit chain; exits 1 at the first broken link.
import { verifyChain } from '../src/domain/audit';
import { openDatabase } from '../src/node/database';

const path = process.env.DATABASE_PATH ?? './data/console.db';
const { db, sqlite } = openDatabase(path);
const started = performance.now();
const report = verifyChain(db);
const seconds = (performance.now() - started) / 1000;
sqlite.close();
if (report.ok) {
  console.log(`verified ${report.count} events (through event ${report.lastSeq}, ${report.lastAt ?? 'no events'}) in ${seconds.toFixed(2)} s`);
} else {
  console.error(`BROKEN at event ${report.brokenAt} (${report.reason}); events 1-${report.count} verify`);
  process.exit(1);
}
