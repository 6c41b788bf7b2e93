// The schedule of audit checkpoints on Node: every CHECKPOINT_INTERVAL_MINUTES (default 60; 0 turns
// it off) a checkpoint is made if events were appended since the last one (checkpointIfAppended).
import { checkpointIfAppended, type CheckpointSigner } from '../domain/audit/checkpoints';
import type { Db } from '../domain/lib/db';

export function startCheckpointTimer(
  db: Db,
  signer: CheckpointSigner,
  now: () => Date,
  intervalMs: number,
): { stop(): void } {
  const timer = setInterval(() => {
    try {
      const made = checkpointIfAppended(db, signer, now());
      if (made) console.log(`audit: checkpoint ${made.number} at event ${made.size}`);
    } catch (err) {
      console.error(`audit checkpoint: ${err instanceof Error ? err.message : String(err)}`);
    }
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** CHECKPOINT_INTERVAL_MINUTES as milliseconds; 0 means no schedule. */
export function checkpointInterval(value: string | undefined): number {
  const minutes = value === undefined || value === '' ? 60 : Number(value);
  if (!Number.isFinite(minutes) || minutes < 0)
    throw new Error('CHECKPOINT_INTERVAL_MINUTES must be a number of minutes, 0 or more');
  return minutes * 60_000;
}
