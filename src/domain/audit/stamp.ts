// What a report was made up to: the trail's head event when it was read, and the newest signed
// checkpoint (README "Audit checkpoints"), so a printed report can be tied to the trail and an
// auditor can check the trail against the checkpoint it names. Reads only.
import { desc, sql } from 'drizzle-orm';
import { auditEvents, type Checkpoint } from '../../../db/schema';
import { recentCheckpoints } from './checkpoints';
import { prepared, type Db } from '../lib/db';

export type TrailStamp = {
  seq: number;
  hash: string;
  at: string;
  /** The newest checkpoint; its size may lie before `seq` (events not yet signed). */
  checkpoint: Checkpoint | null;
};

/** The head of the trail and the newest checkpoint; null while the trail is empty. */
export function trailStamp(db: Db): TrailStamp | null {
  const head = db
    .select({ seq: auditEvents.seq, hash: auditEvents.hash, at: auditEvents.at })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1)
    .get();
  if (!head) return null;
  return { ...head, checkpoint: recentCheckpoints(db, 1)[0] ?? null };
}

/** The hash prefix printed on every page: enough to tell two heads apart by eye. */
export const stampHash = (hash: string) => hash.slice(0, 12);

const headSeq = prepared((db) =>
  db
    .select({ seq: sql<number | null>`max(${auditEvents.seq})` })
    .from(auditEvents)
    .prepare(),
);

/**
 * The seq of the trail's newest event (0 when empty). Every change to what the console shows
 * writes an event, so a page rendered at one head is the page at that head: the key of the
 * pages kept for many viewers (src/routes/page-cache.tsx).
 */
export const trailHead = (db: Db): number => headSeq(db).get()?.seq ?? 0;
