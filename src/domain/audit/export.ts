// Export of the filtered audit trail as CSV or JSON, in batches, so a million events stream out
// without being held in memory. Every row carries the hashed columns exactly as stored plus
// prev_hash and hash, so an auditor can recompute each hash outside the console (README: "Audit
// chain"); an unfiltered export re-verifies as a whole chain.
import { desc } from 'drizzle-orm';
import { auditEvents, type AuditEvent, type Checkpoint } from '../../../db/schema';
import { makeCheckpoint, type CheckpointSigner } from './checkpoints';
import { recordEvent, type Actor } from './trail';
import { batchQuery, seqWindow, type AuditFilter, type SeqWindow } from './query';
import type { SubjectNames } from './names';
import { transaction, type Db } from '../lib/db';
import { CSV_BOM, csvLine } from '../lib/csv';
import { label, type Translate } from '../../i18n';
import { brusselsWithOffset } from '../../i18n/format';

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
    // hideSignIns is the list's view, never an export's (it would leave gaps in the chain).
    if (v === null || v === undefined || v === 'all' || typeof v === 'boolean') continue;
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
// The CSV opens in a Flemish spreadsheet as it is: UTF-8 with a byte order mark, semicolons, and
// every cell a spreadsheet would run as a formula neutralised (the registry CSV's helper). The
// hashed columns keep the database's names and their stored text (details stays the canonical
// JSON string that was hashed); the columns for people sit beside them. The last row carries
// the checkpoint the export was made up to (first cell `checkpoint`, then the signed note).
type CsvColumn = { name: string; hashed: boolean; cell: (e: AuditEvent, p: People) => unknown };
type People = { names: SubjectNames; t: Translate };

const stored = (name: string, key: keyof AuditEvent): CsvColumn => ({
  name,
  hashed: true,
  cell: (e) => e[key],
});
const added = (name: string, cell: CsvColumn['cell']): CsvColumn => ({ name, hashed: false, cell });

export const CSV_COLUMNS: CsvColumn[] = [
  stored('seq', 'seq'),
  stored('at', 'at'),
  added('at_brussels', (e) => brusselsWithOffset(e.at)),
  stored('actor_user_id', 'actorUserId'),
  added('actor_name', (e, p) => e.actorUserId && p.names.users.get(e.actorUserId)),
  stored('actor_role', 'actorRole'),
  stored('action', 'action'),
  added('action_label', (e, p) => label(p.t, 'audit.action', e.action)),
  stored('crisis_id', 'crisisId'),
  added('crisis_title', (e, p) => e.crisisId && p.names.crises.get(e.crisisId)?.title),
  stored('channel_id', 'channelId'),
  added('channel_name', (e, p) => e.channelId && p.names.channels.get(e.channelId)),
  stored('case_id', 'caseId'),
  stored('department_id', 'departmentId'),
  added('department_name', (e, p) => e.departmentId && p.names.departments.get(e.departmentId)),
  stored('details', 'details'),
  stored('prev_hash', 'prevHash'),
  stored('hash', 'hash'),
];

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));

export const csvHeader = () => CSV_BOM + csvLine(CSV_COLUMNS.map((c) => c.name));

/** A batch of events as CSV lines; `names` are the people and subjects the batch mentions. */
export function csvRows(batch: AuditEvent[], names: SubjectNames, t: Translate): string {
  const people = { names, t };
  return batch.map((e) => csvLine(CSV_COLUMNS.map((c) => text(c.cell(e, people))))).join('');
}

/** The closing row: the signed checkpoint the export runs through, for the verifier. */
export const csvClose = (snap: ExportSnapshot) =>
  snap.checkpoint ? csvLine(['checkpoint', snap.checkpoint.note]) : '';

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
