// The Worker's audit duties, what src/node.ts and the Node timers do (README "Audit checkpoints"):
// the start-up check of the audit's defences, and each minute (the cron) the scheduled checkpoint,
// the copy of new checkpoints to the witness bucket and the auditors' witness mails queued. No
// Workers types here: the Node test suite checks this module too (the bucket is its shape only).
import { asc, gt } from 'drizzle-orm';
import { checkpoints } from '../../db/schema';
import type { Config } from '../config';
import { noteFileName } from '../domain/audit/checkpoint';
import {
  checkpointIfAppended,
  lastCheckpoint,
  type CheckpointSigner,
} from '../domain/audit/checkpoints';
import { checkLastCheckpoint, ensureAppendOnly } from '../domain/audit/integrity';
import { sealKeyChange } from '../domain/audit/signer';
import type { Db } from '../domain/lib/db';
import { queueWitnessMails } from '../domain/notify/witness';
import { log } from '../log';

/**
 * As src/node.ts before it serves: recreate (and audit) missing append-only triggers, then check
 * the last checkpoint against the trail. Returns why the console must not serve (production, a
 * checkpoint that does not match), else null. A key replaced by a new CHECKPOINT_KEY is sealed.
 */
export function startUpChecks(db: Db, config: Config): string | null {
  const now = config.now();
  const recreated = ensureAppendOnly(db, now);
  if (recreated.length)
    log.error(
      `the audit's append-only triggers ${recreated.join(', ')} were missing; recreated and audited (audit.triggers_recreated). Someone changed the database outside the console: verify on /audit against the checkpoints the auditors and the witness bucket kept.`,
    );
  const signer = config.checkpoint;
  if (!signer) {
    log.error(
      'CHECKPOINT_KEY is not set: this console makes no audit checkpoints (README "Deploy to Cloudflare")',
    );
    return null;
  }
  const last = checkLastCheckpoint(db, signer.trusted);
  if (!last.ok) {
    // A key replaced without its predecessor in the list looks like a forged signature.
    const rotated =
      last.reason === 'signature' || last.reason === 'key_validity'
        ? ' If CHECKPOINT_KEY was replaced: CHECKPOINT_PREVIOUS_KEYS must list the key that signed it (README "Audit checkpoints", "Workers").'
        : '';
    const message = `audit checkpoint ${last.number} of ${last.madeAt} does not match the trail (${last.reason}). See README "Audit checkpoints", "On start".${rotated}`;
    log.error(message);
    if (config.env === 'production') return message;
    return null;
  }
  const sealed = sealKeyChange(db, signer, now);
  if (sealed)
    log.info(`audit: new checkpoint key, sealed by checkpoint ${sealed.number}`, {
      key: signer.key.name,
    });
  return null;
}

/**
 * The schedule's checkpoint on a cron that runs every minute: due when the last checkpoint is at
 * least `intervalMs` old (a cron keeps no timer between runs, so the last checkpoint's time is the
 * clock; a close or an export restarts it), and made only if events were appended since.
 */
export function scheduledCheckpoint(
  db: Db,
  signer: CheckpointSigner,
  now: Date,
  intervalMs: number,
) {
  if (!intervalMs) return null;
  const last = lastCheckpoint(db);
  if (last && now.getTime() - Date.parse(last.madeAt) < intervalMs) return null;
  return checkpointIfAppended(db, signer, now);
}

/** The R2 bucket as far as the witness uses it (R2Bucket has this shape). */
export type WitnessBucket = {
  put(
    key: string,
    value: string,
    options: { onlyIf: { etagDoesNotMatch: string }; httpMetadata: { contentType: string } },
  ): Promise<unknown>;
  get(key: string): Promise<{ text(): Promise<string> } | null>;
};

/** Where the copy stands: the number of the last checkpoint handed to the bucket. */
export type WitnessMark = { get(): Promise<number>; set(number: number): Promise<void> };

/**
 * Copies every checkpoint after the mark to the bucket as checkpoint-NNNNNN.note (the Node witness
 * folder's names), once. The put is conditional on R2's side (`etagDoesNotMatch: '*'`, i.e.
 * If-None-Match: *): it fails when the object exists, atomically, where a `head` first would leave
 * a gap between the look and the write. So the Worker never overwrites a kept checkpoint, even
 * without a bucket lock. An object already there with the same note is a copy whose mark was lost
 * (a crash between put and mark); one with another note is logged as an error and left as it is:
 * the bucket kept what it was first given, which is its point. Returns how many were written.
 */
export async function copyToBucket(db: Db, bucket: WitnessBucket, mark: WitnessMark) {
  const rows = db
    .select()
    .from(checkpoints)
    .where(gt(checkpoints.number, await mark.get()))
    .orderBy(asc(checkpoints.number))
    .all();
  let written = 0;
  for (const row of rows) {
    const name = noteFileName(row.number);
    const put = await bucket.put(name, row.note, {
      onlyIf: { etagDoesNotMatch: '*' },
      httpMetadata: { contentType: 'text/plain; charset=utf-8' },
    });
    if (put) written++;
    else if ((await (await bucket.get(name))?.text()) !== row.note)
      log.error(
        `the witness bucket already holds a different ${name}; it was kept, not overwritten. The trail or the checkpoints were restored or rewritten: verify on /audit with the checkpoints the auditors kept.`,
      );
    await mark.set(row.number);
  }
  return written;
}

/** One cron run's audit work; each step's failure is logged and leaves the others to run. */
export async function auditMinute(
  db: Db,
  config: Config,
  intervalMs: number,
  witness: { bucket: WitnessBucket; mark: WitnessMark } | null,
) {
  const signer = config.checkpoint;
  const now = config.now();
  if (signer)
    try {
      const made = scheduledCheckpoint(db, signer, now, intervalMs);
      if (made) log.info(`audit: checkpoint ${made.number} at event ${made.size}`);
    } catch (err) {
      log.error('audit checkpoint schedule failed', { error: err });
    }
  if (witness)
    try {
      await copyToBucket(db, witness.bucket, witness.mark);
    } catch (err) {
      log.error('audit checkpoint copy to the witness bucket failed', { error: err });
    }
  try {
    queueWitnessMails(db, config.witnessEmails, now);
  } catch (err) {
    log.error('witness e-mail not queued', { error: err });
  }
}
