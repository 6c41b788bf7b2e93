// The second place checkpoints are kept (CHECKPOINT_WITNESS_DIR): each committed checkpoint as
// its own file, checkpoint-NNNNNN.note, created once and never overwritten (flag "wx"), e.g. on
// another disk or a write-once share. Copied after the commit, so no file names a checkpoint
// that a rolled-back transaction never stored; a crash in between is made up on the next run.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gt } from 'drizzle-orm';
import { checkpoints } from '../../db/schema';
import { noteFileName } from '../domain/audit/checkpoint';
import type { Db } from '../domain/lib/db';

/** Writes every checkpoint not yet in `dir`; returns how many were written. */
export function copyCheckpoints(db: Db, dir: string): number {
  mkdirSync(dir, { recursive: true });
  const present = readdirSync(dir)
    .map((f) => /^checkpoint-(\d+)\.note$/.exec(f)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number);
  const newest = present.length ? Math.max(...present) : 0;
  const rows = db.select().from(checkpoints).where(gt(checkpoints.number, newest)).all();
  for (const row of rows)
    writeFileSync(join(dir, noteFileName(row.number)), row.note, { flag: 'wx' });
  return rows.length;
}
