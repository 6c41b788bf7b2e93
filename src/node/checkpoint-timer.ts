// The schedule of audit checkpoints on Node: every CHECKPOINT_INTERVAL_MINUTES (default 60; 0 turns
// it off) a checkpoint is made if events were appended since the last one (checkpointIfAppended);
// every minute, checkpoints made meanwhile (at a close, an export, ...) are copied to the witness
// folder when CHECKPOINT_WITNESS_DIR is set and queued for the auditors' witness e-mails when
// AUDIT_WITNESS_EMAILS is (the outbox loop sends them).
import { checkpointIfAppended, type CheckpointSigner } from '../domain/audit/checkpoints';
import type { Db } from '../domain/lib/db';
import { queueWitnessMails } from '../domain/notify/witness';
import { copyCheckpoints } from './checkpoint-witness';

const report = (what: string, err: unknown) =>
  console.error(`audit checkpoint ${what}: ${err instanceof Error ? err.message : String(err)}`);

export function startCheckpointTimer(
  db: Db,
  signer: CheckpointSigner,
  now: () => Date,
  intervalMs: number,
  witnesses: { dir: string | null; emails: string[] },
): { stop(): void } {
  const timers: ReturnType<typeof setInterval>[] = [];
  if (intervalMs)
    timers.push(
      setInterval(() => {
        try {
          const made = checkpointIfAppended(db, signer, now());
          if (made) console.log(`audit: checkpoint ${made.number} at event ${made.size}`);
        } catch (err) {
          report('schedule', err);
        }
      }, intervalMs),
    );
  const { dir, emails } = witnesses;
  const witness = () => {
    try {
      if (dir) copyCheckpoints(db, dir);
    } catch (err) {
      report(`copy to ${dir}`, err);
    }
    try {
      queueWitnessMails(db, emails, now());
    } catch (err) {
      report('witness e-mail', err);
    }
  };
  if (dir || emails.length) {
    witness(); // what a crash left between a commit and its copy or mail
    timers.push(setInterval(witness, 60_000));
  }
  for (const timer of timers) timer.unref();
  return { stop: () => timers.forEach(clearInterval) };
}
