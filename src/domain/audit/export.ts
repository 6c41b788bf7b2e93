// Export of the filtered audit trail as CSV or JSON, in batches, so a million events stream out
// without being held in memory. Every row carries the hashed columns exactly as stored plus
// prev_hash and hash, so an auditor can recompute each hash outside the console (README: "Audit
// chain"); an unfiltered export re-verifies as a whole chain.
import { desc } from 'drizzle-orm';
import { auditEvents, type AuditEvent, type Checkpoint } from '../../../db/schema';
import { makeCheckpoint, type CheckpointSigner } from './checkpoints';
import { recordEvent, type Actor } from './trail';
import { batchQuery, seqWindow, type AuditFilter, type SeqWindow } from './query';
import { transaction, type Db } from '../lib/db';

export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_BATCH = 2000;

export type ExportSnapshot = {
  throughSeq: number;
  window: SeqWindow;
  filter: AuditFilter;
  /** The signed checkpoint made with the export: the export runs through its announcement. */
  checkpoint: Checkpoint | null;
};

/** The filter as it is written into the audit: ids and instants, nothing else. */
export function filterDetails(filter: AuditFilter): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(filter)) {
    if (v === null || v === undefined || v === 'all') continue;
    out[k] = v instanceof Date ? v.toISOString() : v;
  }
  return out;
}

/**
 * Records `audit.exported` with the filters and fixes the export to the chain as it stands now
 * (through the export event itself), so events appended while it streams are not half included.
 */
export function startExport(
  db: Db,
  actor: Actor,
  filter: AuditFilter,
  format: ExportFormat,
  now: Date,
  signer: CheckpointSigner | null = null,
): ExportSnapshot {
  return transaction(db, (tx) => {
    const head = tx
      .select({ seq: auditEvents.seq })
      .from(auditEvents)
      .orderBy(desc(auditEvents.seq))
      .limit(1)
      .get();
    const event = recordEvent(tx, {
      at: now,
      actor,
      action: 'audit.exported',
      crisisId: filter.crisisId ?? null,
      channelId: filter.channelId ?? null,
      departmentId: filter.departmentId ?? null,
      details: { format, filters: filterDetails(filter), throughSeq: (head?.seq ?? 0) + 1 },
    });
    const checkpoint = signer ? makeCheckpoint(tx, signer, 'export', now, actor) : null;
    return {
      throughSeq: checkpoint?.size ?? event.seq,
      window: seqWindow(tx as unknown as Db, filter),
      filter,
      checkpoint,
    };
  });
}

/** The snapshot's events, oldest first, one batch at a time. */
export function* exportBatches(
  db: Db,
  snap: ExportSnapshot,
  batchSize = EXPORT_BATCH,
): Generator<AuditEvent[]> {
  if (!snap.window) return;
  let after = 0;
  for (;;) {
    const batch = batchQuery(db, snap.filter, snap.window, after, snap.throughSeq, batchSize).all();
    if (batch.length) yield batch;
    if (batch.length < batchSize) return;
    after = batch.at(-1)!.seq;
  }
}

// ---------------------------------------------------------------- serialisation
// Column names follow the database; values are stored text, untouched (details stays the
// canonical JSON string that was hashed).
export const CSV_COLUMNS = [
  'seq',
  'at',
  'actor_user_id',
  'actor_role',
  'action',
  'crisis_id',
  'channel_id',
  'case_id',
  'department_id',
  'details',
  'prev_hash',
  'hash',
] as const;

// RFC 4180 quoting. No cell can start a spreadsheet formula: ids and seq are numbers, at is an
// ISO time, action and role come from closed lists, details starts with "{", hashes are hex.
const csvCell = (v: string | number | null) => {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export const csvHeader = () => `${CSV_COLUMNS.join(',')}\r\n`;

export function csvRows(batch: AuditEvent[]): string {
  return (
    batch
      .map((e) =>
        [
          e.seq,
          e.at,
          e.actorUserId,
          e.actorRole,
          e.action,
          e.crisisId,
          e.channelId,
          e.caseId,
          e.departmentId,
          e.details,
          e.prevHash,
          e.hash,
        ]
          .map(csvCell)
          .join(','),
      )
      .join('\r\n') + '\r\n'
  );
}

/** One event as exported: the hashed fields under their README names, then the two hashes. */
export const jsonEvent = (e: AuditEvent) =>
  JSON.stringify({
    seq: e.seq,
    at: e.at,
    actorUserId: e.actorUserId,
    actorRole: e.actorRole,
    action: e.action,
    crisisId: e.crisisId,
    channelId: e.channelId,
    caseId: e.caseId,
    departmentId: e.departmentId,
    details: e.details,
    prevHash: e.prevHash,
    hash: e.hash,
  });

export const jsonOpen = (snap: ExportSnapshot, exportedAt: Date) =>
  `{"exportedAt":${JSON.stringify(exportedAt.toISOString())},"throughSeq":${snap.throughSeq},` +
  `"filters":${JSON.stringify(filterDetails(snap.filter))},` +
  (snap.checkpoint ? `"checkpoint":${JSON.stringify(snap.checkpoint.note)},` : '') +
  `"hashRule":"hash = hex SHA-256 of prevHash followed by the canonical JSON (keys sorted, no spaces) of the other fields","events":[\n`;

export const jsonRows = (batch: AuditEvent[], first: boolean) =>
  (first ? '' : ',\n') + batch.map(jsonEvent).join(',\n');

export const jsonClose = () => '\n]}\n';
