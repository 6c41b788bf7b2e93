// Crash safety: the real server on a database file takes a stream of takeover writes and is
// killed with SIGKILL at a random moment, several times. After each restart every acknowledged
// write is there, none is there by halves, and the audit chain verifies. An online backup taken
// mid-stream is restored the way the README says, and the console runs on it.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, DEMO_PASSWORD } from '../fixtures/scenario';
import {
  addFreshCases,
  Client,
  prepareWorld,
  startServer,
  type Prepared,
  type Server,
} from './server';
import { casesIn, problemsIn, stream, type Write } from './stream';

const run = promisify(execFile);
const ROUNDS = 3;
const WRITERS = 4;

let p: Prepared;
let fresh: number[];
const servers: Server[] = [];

beforeAll(async () => {
  p = await prepareWorld();
  fresh = addFreshCases(p);
});

afterAll(async () => {
  for (const s of servers) if (s.proc.exitCode === null) await s.crash();
  rmSync(p.dir, { recursive: true, force: true });
});

const start = async () => {
  const s = await startServer(p);
  servers.push(s);
  return s;
};

describe('crash safety', () => {
  it('keeps every acknowledged write, whole, through repeated SIGKILLs at random moments', async () => {
    const writes: Write[] = [];
    let server = await start();
    const operator = await new Client(server.url).signIn(ACCOUNTS.crisis_operator, DEMO_PASSWORD);
    let backup: Promise<unknown> | undefined;
    const backupPath = join(p.dir, 'backups', 'mid-stream.db');
    for (let round = 1; round <= ROUNDS; round++) {
      // The cases not finished yet, as the database has them now, dealt out to the writers.
      const open = casesIn(p.dbPath, fresh).filter((k) => k.state !== 'handed_back');
      const lists = Array.from({ length: WRITERS }, (_, i) =>
        open.filter((_, j) => j % WRITERS === i),
      );
      const threshold = 5 + Math.floor(Math.random() * 25);
      let killed = false;
      const acked = () => writes.filter((w) => w.acked).length;
      const before = acked();
      const client = operator.on(server.url);
      let done = false;
      const dying = (async () => {
        while (acked() - before < threshold && !done) await new Promise((r) => setTimeout(r, 2));
        await new Promise((r) => setTimeout(r, Math.random() * 15));
        killed = true;
        await server.crash();
      })();
      // The first round also takes an online backup while the writes go on; it reads the file,
      // so the crash does not disturb it.
      if (round === 1) {
        backup = run(process.execPath, ['--import', 'tsx', 'scripts/db-backup.ts', backupPath], {
          env: { ...process.env, DATABASE_PATH: p.dbPath },
        });
      }
      await stream(client, p.world.crisisId, lists, `r${round}`, writes, () => killed).finally(
        () => {
          done = true;
        },
      );
      await dying;
      await backup;
      expect(acked() - before).toBeGreaterThanOrEqual(threshold);

      server = await start(); // recovers the WAL the killed process left
      expect(problemsIn(p.dbPath, writes)).toEqual([]);
      const page = await operator.on(server.url).get(`/crises/${p.world.crisisId}`);
      expect(page.status).toBe(200);
    }
    expect(writes.filter((w) => !w.acked).length).toBeLessThanOrEqual(ROUNDS * WRITERS);
    await server.stop();
    expect(existsSync(backupPath)).toBe(true);
  }, 180_000);

  it('restores the mid-stream backup the way the README says, and the console runs on it', async () => {
    const backupPath = join(p.dir, 'backups', 'mid-stream.db');
    // README "Back up and restore": stop the console, put the backup in place of the database
    // (no -wal or -shm of the old one beside it), verify the chain, start the console.
    const restored = join(p.dir, 'restored');
    mkdirSync(restored);
    const target = join(restored, 'console.db');
    copyFileSync(backupPath, target);
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], {
      env: { ...process.env, DATABASE_PATH: target },
    });
    expect(stdout).toMatch(/^verified \d+ events/);
    const server = await startServer({ dbPath: target, keyFile: p.keyFile });
    servers.push(server);
    const operator = await new Client(server.url).signIn(ACCOUNTS.crisis_operator, DEMO_PASSWORD);
    const page = await operator.get(`/crises/${p.world.crisisId}/cases/${fresh[0]}`);
    expect(page.status).toBe(200);
    await server.stop();
    expect(problemsIn(target, [])).toEqual([]);
  }, 60_000);
});
