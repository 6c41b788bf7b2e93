// npm run db:backup [-- target.db] — a consistent copy of the live database through SQLite's
// online backup API (safe while the console runs and writes), then checks the copy's audit chain.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { verifyChain } from '../src/domain/audit/trail';
import { openDatabase } from '../src/node/database';

const source = process.env.DATABASE_PATH ?? './data/console.db';
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const target = resolve(process.argv[2] ?? `./data/backups/console-${stamp}.db`);
mkdirSync(dirname(target), { recursive: true });

const live = new Database(source, { readonly: true, fileMustExist: true });
await live.backup(target);
live.close();

const { db, sqlite } = openDatabase(target);
const report = verifyChain(db);
sqlite.pragma('journal_mode = DELETE'); // a single self-contained file to archive
sqlite.close();
if (!report.ok) {
  console.error(
    `backup written to ${target}, but its audit chain breaks at event ${report.brokenAt}`,
  );
  process.exit(1);
}
console.log(`backup written to ${target} (${report.count} audit events, chain verified)`);
