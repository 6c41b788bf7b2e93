// The server's start-up check of the audit's defences: the append-only triggers on audit_events
// and checkpoints exist (a dropped one is recreated and the fact audited), and the last checkpoint
// still matches the trail. README "Audit checkpoints", "On start".
import { desc, sql } from 'drizzle-orm';
import { checkpoints } from '../../../db/schema';
import { checkCheckpoints, trailView, type CheckpointReport } from './checkpoints';
import type { VerifierKey } from './checkpoint';
import { recordEvent, SYSTEM } from './trail';
import { transaction, type Db } from '../lib/db';

const trigger = (table: string, op: 'UPDATE' | 'DELETE') =>
  `CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table}
BEGIN
  SELECT RAISE(ABORT, '${table} is append-only');
END`;

/** The triggers migrations 0001 and 0004 create, by name. */
export const APPEND_ONLY_TRIGGERS = Object.fromEntries(
  ['audit_events', 'checkpoints'].flatMap((t) =>
    (['UPDATE', 'DELETE'] as const).map((op) => [`${t}_no_${op.toLowerCase()}`, trigger(t, op)]),
  ),
);

/** Recreates every missing append-only trigger, audited in the same transaction; their names. */
export function ensureAppendOnly(db: Db, now: Date): string[] {
  return transaction(db, (tx) => {
    const present = new Set(
      tx
        .all<{ name: string }>(sql`SELECT name FROM sqlite_master WHERE type = 'trigger'`)
        .map((r) => r.name),
    );
    const missing = Object.keys(APPEND_ONLY_TRIGGERS).filter((name) => !present.has(name));
    for (const name of missing) tx.run(sql.raw(APPEND_ONLY_TRIGGERS[name]!));
    if (missing.length)
      recordEvent(tx, {
        at: now,
        actor: SYSTEM,
        action: 'audit.triggers_recreated',
        details: { triggers: missing },
      });
    return missing;
  });
}

/** The last checkpoint against the trail as it is: signed by a trusted key, not beyond it, same head. */
export function checkLastCheckpoint(db: Db, trusted: VerifierKey[]): CheckpointReport {
  const last = db.select().from(checkpoints).orderBy(desc(checkpoints.number)).limit(1).all();
  const chain = { ok: true as const, count: 0, lastSeq: 0, lastAt: null };
  return checkCheckpoints(
    last.map((r) => ({ ...r, witnessed: false })),
    trusted,
    chain,
    trailView(db),
  );
}
