// The audit chain's arithmetic, with no database in it: the canonical serialisation, the hash of
// an event and the check of events read in seq order. src/domain/audit/trail.ts appends and verifies
// with it; the Node verifier's worker threads (src/node/audit-verify.ts) load only this module.
// hash = SHA-256(prev_hash || canonical JSON of every other column). README: "Audit chain".
import * as nodeCrypto from 'node:crypto';
import type { AuditEvent } from '../../../db/schema';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth: the same event always serialises the same way. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The hashed columns of an event in the table's order, as plain values. */
type EventFields = [
  seq: number,
  at: string,
  actorUserId: number | null,
  actorRole: string | null,
  action: string,
  crisisId: number | null,
  channelId: number | null,
  caseId: number | null,
  departmentId: number | null,
  details: string,
];
/** An event as the verifier reads it: value arrays, no row objects to build for a million events. */
export type ChainRow = [...EventFields, prevHash: string, hash: string];

const json = JSON.stringify;

/**
 * canonicalJson of the hashed columns, byte for byte, with the keys already in sorted order:
 * verifying a million events spent most of its time sorting the same ten keys again. The id
 * columns and seq are integers or null, which print the same in a template as in JSON.
 */
function canonicalEvent(r: EventFields | ChainRow): string {
  return (
    `{"action":${json(r[4])},"actorRole":${json(r[3])},"actorUserId":${r[2]},"at":${json(r[1])},` +
    `"caseId":${r[7]},"channelId":${r[6]},"crisisId":${r[5]},"departmentId":${r[8]},` +
    `"details":${json(r[9])},"seq":${r[0]}}`
  );
}

// One-shot SHA-256 (Node >= 20.12, workerd) makes no Hash object per event: at a million events
// that was a fifth of the verifier's time. Older Node falls back to createHash: the same digest.
const sha256Hex: (input: string) => string =
  typeof nodeCrypto.hash === 'function'
    ? (input) => nodeCrypto.hash('sha256', input, 'hex')
    : (input) => nodeCrypto.createHash('sha256').update(input).digest('hex');

/** The hash of an event from its columns (its own `hash`, if given, is not used). */
export function eventHash(e: Omit<AuditEvent, 'hash'> & { hash?: string }): string {
  return sha256Hex(
    e.prevHash +
      canonicalEvent([
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
      ]),
  );
}

export type ChainReport =
  | { ok: true; count: number; lastSeq: number; lastAt: string | null }
  | { ok: false; count: number; brokenAt: number; reason: 'sequence' | 'link' | 'hash' };
export type ChainBreak = Extract<ChainReport, { ok: false }>;

/** Where a walk along the chain stands: the seq it expects next and the hash that event must link to. */
export type ChainCursor = { nextSeq: number; prevHash: string; lastAt: string | null };

export const chainStart = (): ChainCursor => ({ nextSeq: 1, prevHash: GENESIS_HASH, lastAt: null });

/** The report of a walk from the first event that found no break before the cursor. */
export const chainIntact = (c: ChainCursor): ChainReport => ({
  ok: true,
  count: c.nextSeq - 1,
  lastSeq: c.nextSeq - 1,
  lastAt: c.lastAt,
});

/**
 * Checks that `rows` (in seq order) continue the chain at `cursor` and moves the cursor past them;
 * returns the first break: a missing seq, a prev_hash that is not the hash before, or a hash that
 * does not recompute, in that order. Every event before a break verified: its count is brokenAt - 1.
 */
export function checkChainRows(rows: readonly ChainRow[], cursor: ChainCursor): ChainBreak | null {
  let { nextSeq, prevHash, lastAt } = cursor;
  for (const r of rows) {
    const seq = r[0];
    if (seq !== nextSeq)
      return { ok: false, count: nextSeq - 1, brokenAt: nextSeq, reason: 'sequence' };
    if (r[10] !== prevHash) return { ok: false, count: seq - 1, brokenAt: seq, reason: 'link' };
    // prev_hash equals prevHash here: hashing prevHash hashes the stored bytes.
    if (sha256Hex(prevHash + canonicalEvent(r)) !== r[11])
      return { ok: false, count: seq - 1, brokenAt: seq, reason: 'hash' };
    prevHash = r[11];
    lastAt = r[1];
    nextSeq++;
  }
  cursor.nextSeq = nextSeq;
  cursor.prevHash = prevHash;
  cursor.lastAt = lastAt;
  return null;
}
