// The benchmark's database builder (bench/build-db.ts) at a small scale: what `npm run bench`
// measures must be a database the console itself accepts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBenchDb, type BenchDb } from '../bench/build-db';
import { verifyChain } from '../src/domain/audit/trail';
import { loadBoard } from '../src/domain/crisis/board';
import { makeConfig } from '../src/config';
import { openDatabase } from '../src/node/database';

const dir = mkdtempSync(join(tmpdir(), 'bench-build-'));
let built: BenchDb;
let opened: ReturnType<typeof openDatabase>;

beforeAll(async () => {
  built = await buildBenchDb(dir, {
    channels: 60,
    departments: 4,
    pastCrises: 5,
    openCases: 20,
    auditEvents: 1000,
  });
  opened = openDatabase(built.path);
});

afterAll(() => {
  opened?.sqlite.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the benchmark database builder', () => {
  it('writes an audit chain of exactly the events asked for, then the bench user enrols a second factor, and it verifies link by link', () => {
    expect(verifyChain(opened.db)).toMatchObject({ ok: true, count: 1001, lastSeq: 1001 });
    const last = opened.sqlite.prepare('SELECT action FROM audit_events WHERE seq = 1001');
    expect(last.pluck().get()).toBe('second_factor.enrolled');
  });

  it('builds the registry with two ordered owners per channel', () => {
    expect(built.counts).toMatchObject({
      channels: 60,
      owners: 120,
      channel_owners: 120,
      departments: 4,
    });
  });

  it('opens one crisis whose board shows every affected channel in a mix of states', () => {
    const board = loadBoard(opened.db, built.openCrisis.id, new Date(), makeConfig().rules)!;
    expect(board.gate.open).toBe(true);
    expect(board.rows).toHaveLength(20);
    expect(Object.values(board.counts).filter((n) => n > 0).length).toBe(4);
    expect(built.openCrisis.writable.length).toBeGreaterThan(0);
  });
});
