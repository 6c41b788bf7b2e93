// One seq range of the audit chain verified on its own read-only connection: the domain's own
// check (checkChainRows, the one canonicaliser) over rows read with one prepared raw statement.
// src/node/audit-verify.ts runs it in this thread or in worker threads, one range each.
import Database from 'better-sqlite3';
import {
  checkChainRows,
  type ChainBreak,
  type ChainCursor,
  type ChainRow,
} from '../domain/audit/chain';

/** What one range [lo, hi) holds: its first break, and the hashes that join it to its neighbours. */
export type RangeResult = {
  lo: number;
  hi: number;
  broken: ChainBreak | null;
  /** The first event's prev_hash ('' when it is missing), for the caller to check against the range before. */
  firstPrevHash: string;
  lastHash: string;
  lastAt: string | null;
};

const SELECT = `SELECT seq, at, actor_user_id, actor_role, action, crisis_id, channel_id, case_id, department_id,
  details, prev_hash, hash FROM audit_events WHERE seq >= ? AND seq < ? ORDER BY seq`;
const BATCH = 2000;

/**
 * Verifies events lo..hi-1 on its own connection: every seq present, every link inside the range,
 * every hash. The first event's link is the caller's to check, against the range before.
 */
export function verifyRange(path: string, lo: number, hi: number): RangeResult {
  const sqlite = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const select = sqlite.prepare(SELECT).raw();
    const cursor: ChainCursor = { nextSeq: lo, prevHash: '', lastAt: null };
    let firstPrevHash = '';
    for (let from = lo; from < hi; from += BATCH) {
      const rows = select.all(from, Math.min(hi, from + BATCH)) as ChainRow[];
      if (from === lo) firstPrevHash = cursor.prevHash = rows[0]?.[10] ?? '';
      const broken = checkChainRows(rows, cursor);
      if (broken) return { lo, hi, broken, firstPrevHash, lastHash: '', lastAt: null };
    }
    const broken: ChainBreak | null =
      cursor.nextSeq === hi
        ? null
        : { ok: false, count: cursor.nextSeq - 1, brokenAt: cursor.nextSeq, reason: 'sequence' };
    return { lo, hi, broken, firstPrevHash, lastHash: cursor.prevHash, lastAt: cursor.lastAt };
  } finally {
    sqlite.close();
  }
}
