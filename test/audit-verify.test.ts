// The Node verifier (npm run audit:verify): by seq range, in this thread and in worker threads,
// each on its own read-only connection. Whatever was tampered with, and wherever it falls against
// the ranges' edges, it must report what the domain's verifyChain reports.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM, recordEvent, verifyChain } from '../src/domain/audit/trail';
import { transaction } from '../src/domain/lib/db';
import { openDatabase } from '../src/node/database';
import { joinRanges, splitRanges, verifyChainFile } from '../src/node/audit-verify';
import { verifyRange } from '../src/node/audit-verify-range';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A database file with `n` chained events; `tamper` runs with the append-only triggers dropped. */
function chainFile(n: number, tamper = '') {
  const dir = mkdtempSync(join(tmpdir(), 'audit-verify-'));
  dirs.push(dir);
  const path = join(dir, 'console.db');
  const { db, sqlite } = openDatabase(path);
  for (let i = 0; i < n; i++) {
    transaction(db, (tx) =>
      recordEvent(tx, {
        at: new Date(Date.UTC(2026, 10, 25, 13, i)),
        actor: SYSTEM,
        action: 'department.created',
        details: { i, name: `Dienst ${i} «é»` },
      }),
    );
  }
  if (tamper)
    sqlite.exec(
      `DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete; ${tamper}`,
    );
  return { path, db, sqlite };
}

/** The chain through its last event in three ranges, as verifyChainFile splits it: thirty events as 1-10, 11-20, 21-30. */
function inThree(path: string, sqlite: ReturnType<typeof openDatabase>['sqlite']) {
  const last = sqlite.prepare('SELECT max(seq) FROM audit_events').pluck().get() as number;
  return joinRanges(splitRanges(last, 3).map(([lo, hi]) => verifyRange(path, lo, hi)));
}

describe('the Node audit verifier', () => {
  it('splits the chain into ranges that cover every event once', () => {
    expect(splitRanges(30, 3)).toEqual([
      [1, 11],
      [11, 21],
      [21, 31],
    ]);
    expect(splitRanges(2, 4)).toEqual([
      [1, 2],
      [2, 3],
    ]);
    expect(splitRanges(0, 2)).toEqual([]);
  });

  it.each([
    ['no change at all', ''],
    [
      'a change to the content of the first event of a range',
      `UPDATE audit_events SET details = '{"i":0}' WHERE seq = 11`,
    ],
    [
      'a change to the action of an event inside a range',
      `UPDATE audit_events SET action = 'user.created' WHERE seq = 15`,
    ],
    [
      'a change to the link of the first event of a range',
      `UPDATE audit_events SET prev_hash = '${'a'.repeat(64)}' WHERE seq = 21`,
    ],
    [
      'a change to the stored hash of the last event of a range',
      `UPDATE audit_events SET hash = '${'b'.repeat(64)}' WHERE seq = 10`,
    ],
    ['removing the first event of a range', 'DELETE FROM audit_events WHERE seq = 11'],
    ['removing the last event of a range', 'DELETE FROM audit_events WHERE seq = 20'],
    ['removing the very last event', 'DELETE FROM audit_events WHERE seq = 30'],
    [
      'changes to two events in different ranges',
      `UPDATE audit_events SET at = 'x' WHERE seq IN (7, 25)`,
    ],
  ])('reports what verifyChain reports after %s', (_, tamper) => {
    const { path, db, sqlite } = chainFile(30, tamper);
    expect(inThree(path, sqlite)).toEqual(verifyChain(db));
  });

  it('finds a link broken at a range edge, even when the range after it verifies on its own', () => {
    // Events 11-20 re-chained from a forged start: inside the range every link and hash holds.
    const { path, sqlite } = chainFile(30);
    sqlite.exec('DROP TRIGGER audit_events_no_update');
    const forged = 'c'.repeat(64);
    sqlite.prepare('UPDATE audit_events SET prev_hash = ? WHERE seq = 11').run(forged);
    const ranges = splitRanges(30, 3).map(([lo, hi]) => verifyRange(path, lo, hi));
    expect(ranges[1]!.broken).toMatchObject({ brokenAt: 11, reason: 'hash' });
    expect(joinRanges(ranges)).toEqual({ ok: false, count: 10, brokenAt: 11, reason: 'link' });
  });

  it('verifies in worker threads with the same report as verifyChain', async () => {
    const intact = chainFile(30);
    expect(await verifyChainFile(intact.path, { threads: 3, minPerThread: 1 })).toEqual({
      ...verifyChain(intact.db),
      threads: 3,
    });
    const tampered = chainFile(30, `UPDATE audit_events SET details = '{}' WHERE seq = 26`);
    expect(await verifyChainFile(tampered.path, { threads: 3, minPerThread: 1 })).toEqual({
      ok: false,
      count: 25,
      brokenAt: 26,
      reason: 'hash',
      threads: 3,
    });
  }, 30_000);

  it('verifies a short chain, or an empty one, in this thread alone', async () => {
    const { path, db } = chainFile(5);
    expect(await verifyChainFile(path, { threads: 4 })).toEqual({ ...verifyChain(db), threads: 1 });
    const empty = chainFile(0);
    expect(await verifyChainFile(empty.path)).toEqual({
      ok: true,
      count: 0,
      lastSeq: 0,
      lastAt: null,
      threads: 1,
    });
  });
});
