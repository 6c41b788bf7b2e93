// Checkpoints of the audit chain: made (signed and stored, announced by an audit event) and
// checked against the trail. A checkpoint covers its own announcement: its size is the seq of
// the `audit.checkpoint_made` event and its root that event's hash. A checkpoint larger than the
// trail means events were removed; a head that differs at its size means the trail was rewritten.
import { and, asc, desc, gt, notInArray, sql } from 'drizzle-orm';
import { auditEvents, checkpoints, type Checkpoint } from '../../../db/schema';
import {
  noteText,
  openNote,
  signNote,
  type CheckpointBody,
  validAt,
  type CheckpointKey,
  type TrustedKey,
} from './checkpoint';
import { GENESIS_HASH, type ChainReport } from './chain';
import { recordEvent, SYSTEM, type Actor } from './trail';
import { transaction, type Db, type Tx } from '../lib/db';

export const CHECKPOINT_REASONS = [
  'crisis_closed',
  'exercise_closed',
  'export',
  'verification',
  'schedule',
  'key_rotation',
] as const;
export type CheckpointReason = (typeof CHECKPOINT_REASONS)[number];

/** What the app needs to make checkpoints; null (tests, Workers without a key) makes none. */
export type CheckpointSigner = { key: CheckpointKey; trusted: TrustedKey[] };

export const lastCheckpoint = (db: Db | Tx) =>
  db.select().from(checkpoints).orderBy(desc(checkpoints.number)).limit(1).get();

/** Appends a checkpoint of the trail through its own announcement. Call inside a transaction. */
export function makeCheckpoint(
  tx: Tx | Db,
  signer: CheckpointSigner,
  reason: CheckpointReason,
  now: Date,
  actor: Actor = SYSTEM,
): Checkpoint {
  const number = (lastCheckpoint(tx)?.number ?? 0) + 1;
  const event = recordEvent(tx, {
    at: now,
    actor,
    action: 'audit.checkpoint_made',
    details: { checkpoint: number, reason },
  });
  const body = {
    origin: signer.key.name,
    size: event.seq,
    rootHash: event.hash,
    number,
    madeAt: now.toISOString(),
  };
  const row: Checkpoint = {
    number,
    madeAt: body.madeAt,
    size: body.size,
    rootHash: body.rootHash,
    reason,
    note: signNote(noteText(body), signer.key),
  };
  tx.insert(checkpoints).values(row).run();
  return row;
}

// Sending a checkpoint to the witnesses appends an event; were that a reason for the next
// checkpoint, an idle console would mail its auditors every day forever.
const WITNESS_ACTIONS = ['audit.witness_sent', 'audit.witness_failed'] as const;

/** The schedule's checkpoint: one only when events other than the witnesses' were appended. */
export function checkpointIfAppended(db: Db, signer: CheckpointSigner, now: Date) {
  return transaction(db, (tx) => {
    const appended = tx
      .select({ seq: auditEvents.seq })
      .from(auditEvents)
      .where(
        and(
          gt(auditEvents.seq, lastCheckpoint(tx)?.size ?? 0),
          notInArray(auditEvents.action, [...WITNESS_ACTIONS]),
        ),
      )
      .limit(1)
      .get();
    return appended ? makeCheckpoint(tx, signer, 'schedule', now) : null;
  });
}

/** The newest checkpoints first, for the page that lists them. */
export const recentCheckpoints = (db: Db, limit = 500) =>
  db.select().from(checkpoints).orderBy(desc(checkpoints.number)).limit(limit).all();

export const listCheckpoints = (db: Db) =>
  db.select().from(checkpoints).orderBy(asc(checkpoints.number)).all();

export type CheckpointFailure = {
  number: number;
  madeAt: string;
  size: number;
  reason: 'truncated' | 'rewritten' | 'signature' | 'key_validity';
  witnessed: boolean;
};
export type CheckpointReport =
  | { ok: true; checked: number; last: { number: number; madeAt: string; size: number } | null }
  | ({ ok: false; checked: number } & CheckpointFailure);

/** How the trail stands for the checks: its length and the stored hash at a seq. */
export type TrailView = { length: number; hashAt: (seq: number) => string | null };

export function trailView(db: Db): TrailView {
  const length =
    db
      .select({ seq: auditEvents.seq })
      .from(auditEvents)
      .orderBy(desc(auditEvents.seq))
      .limit(1)
      .get()?.seq ?? 0;
  return {
    length,
    hashAt: (seq) =>
      seq === 0
        ? GENESIS_HASH
        : (db
            .select({ hash: auditEvents.hash })
            .from(auditEvents)
            .where(sql`${auditEvents.seq} = ${seq}`)
            .get()?.hash ?? null),
  };
}

/** One checkpoint against the trail; the chain itself must have verified through its size. */
function judge(b: CheckpointBody, trail: TrailView): CheckpointFailure['reason'] | null {
  if (b.size > trail.length) return 'truncated';
  return trail.hashAt(b.size) === b.rootHash ? null : 'rewritten';
}

/** The note opened by the first trusted key that signed it, or null. */
function openWithAny(note: string, trusted: TrustedKey[]) {
  for (const key of trusted) {
    const opened = openNote(note, key);
    if (opened.ok) return { key, body: opened.body };
  }
  return null;
}

/**
 * Checks checkpoints (stored rows, or notes an auditor kept) after the chain walk: each must be
 * signed by a trusted key and match the trail at its size. A checkpoint beyond a chain break is
 * left to the break, which the chain report already names.
 */
export function checkCheckpoints(
  notes: { note: string; number?: number; madeAt?: string; witnessed: boolean }[],
  trusted: TrustedKey[],
  chain: ChainReport,
  trail: TrailView,
): CheckpointReport {
  let checked = 0;
  let last: CheckpointBody | null = null;
  for (const n of notes) {
    const opened = openWithAny(n.note, trusted);
    const failure = (reason: CheckpointFailure['reason'], b?: CheckpointBody) => ({
      ok: false as const,
      checked,
      number: b?.number ?? n.number ?? 0,
      madeAt: b?.madeAt ?? n.madeAt ?? '',
      size: b?.size ?? 0,
      reason,
      witnessed: n.witnessed,
    });
    if (!opened) return failure('signature');
    const b = opened.body;
    if (!validAt(opened.key, b.madeAt)) return failure('key_validity', b);
    if (n.number !== undefined && (b.number !== n.number || b.madeAt !== n.madeAt))
      return failure('signature', b);
    if (!chain.ok && b.size >= chain.brokenAt) continue;
    const broken = judge(b, trail);
    if (broken) return failure(broken, b);
    checked++;
    if (!last || b.size >= last.size) last = b;
  }
  return {
    ok: true,
    checked,
    last: last && { number: last.number, madeAt: last.madeAt, size: last.size },
  };
}

/** The stored checkpoints checked against the trail in `db`. */
export function checkStoredCheckpoints(
  db: Db,
  trusted: TrustedKey[],
  chain: ChainReport,
): CheckpointReport {
  const rows = listCheckpoints(db).map((r) => ({ ...r, witnessed: false }));
  return checkCheckpoints(rows, trusted, chain, trailView(db));
}
