// Figures measured without the server: how fast the console verifies its audit chain beside how
// fast this machine can SHA-256 the very same bytes (the limit), and what a million events weigh.
import { createHash, hash } from 'node:crypto';
import { closeSync, fdatasyncSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { canonicalJson, verifyChain, type ChainReport } from '../src/domain/audit/trail';
import { verifyChainFile } from '../src/node/audit-verify';
import { openDatabase } from '../src/node/database';

// Rates per wall-clock second, and per CPU second of this process: the second holds up better
// while other processes compete for the cores.
// CPU time is the whole process's, worker threads included.
export type ChainSpeed = {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  eventsPerCpuSecond: number;
  ok: boolean;
  threads: number;
};
type Rate = { eventsPerSecond: number; eventsPerCpuSecond: number };
/** The best way this Node hashes (the limit), each way on its own, and every core at once. */
export type Sha256Speed = Rate & {
  sampled: number;
  meanBytes: number;
  mbPerSecond: number;
  method: 'crypto.hash' | 'createHash';
  oneShot: Rate;
  createHash: Rate;
  allCores: { threads: number; eventsPerSecond: number; mbPerSecond: number };
};
export type FsyncSpeed = { p50Ms: number; p90Ms: number; commitsPerSecond: number };
export type DbSize = {
  fileBytes: number;
  auditBytes: number;
  auditEvents: number;
  auditMbPerMillion: number;
  fileMbPerMillion: number;
};

/** The domain's verifyChain (the reference, and what the Workers target runs), in this thread. */
export function verifySpeed(path: string): ChainSpeed {
  const { db, sqlite } = openDatabase(path);
  try {
    const started = clock();
    return chainSpeed(verifyChain(db), 1, started());
  } finally {
    sqlite.close();
  }
}

/** npm run audit:verify's verifier (src/node/audit-verify.ts) in `threads` threads, their start-up included. */
export async function fileVerifySpeed(path: string, threads: number): Promise<ChainSpeed> {
  const started = clock();
  const report = await verifyChainFile(path, { threads });
  return chainSpeed(report, report.threads, started());
}

function chainSpeed(
  report: ChainReport,
  threads: number,
  { seconds, cpuSeconds }: { seconds: number; cpuSeconds: number },
): ChainSpeed {
  return {
    events: report.count,
    seconds: round(seconds, 2),
    ok: report.ok,
    threads,
    eventsPerSecond: Math.round(report.count / seconds),
    eventsPerCpuSecond: Math.round(report.count / cpuSeconds),
  };
}

type Row = Record<string, unknown> & { prevHash: string; hash: string };

/**
 * The limit: SHA-256 over exactly the bytes eventHash() hashes (prev_hash + canonical JSON of the
 * other columns), for every `step`-th event, prepared in memory first so only hashing is timed;
 * best of 3. One core both ways Node hashes (one-shot crypto.hash and createHash), then every core.
 */
export async function sha256Speed(path: string, step = 5): Promise<Sha256Speed> {
  const { sqlite } = openDatabase(path);
  const rows = sqlite
    .prepare(
      `SELECT seq, at, actor_user_id AS actorUserId, actor_role AS actorRole, action, crisis_id AS crisisId,
      channel_id AS channelId, case_id AS caseId, department_id AS departmentId, details, prev_hash AS prevHash, hash
    FROM audit_events WHERE seq % ? = 0`,
    )
    .all(step) as Row[];
  sqlite.close();
  const inputs = rows.map(({ prevHash, hash: _hash, ...fields }) =>
    Buffer.from(prevHash + canonicalJson(fields)),
  );
  const bytes = inputs.reduce((n, b) => n + b.length, 0);
  const rate = (hashOne: (input: Buffer) => string): Rate => {
    let best = Infinity;
    let bestCpu = Infinity;
    for (let pass = 0; pass < 3; pass++) {
      const started = clock();
      for (const input of inputs) hashOne(input);
      const { seconds, cpuSeconds } = started();
      best = Math.min(best, seconds);
      bestCpu = Math.min(bestCpu, cpuSeconds);
    }
    return {
      eventsPerSecond: Math.round(inputs.length / best),
      eventsPerCpuSecond: Math.round(inputs.length / bestCpu),
    };
  };
  const oneShot = rate((input) => hash('sha256', input, 'hex'));
  const created = rate((input) => createHash('sha256').update(input).digest('hex'));
  const [method, best] =
    oneShot.eventsPerSecond >= created.eventsPerSecond
      ? (['crypto.hash', oneShot] as const)
      : (['createHash', created] as const);
  const allCores = await sha256AllCores(inputs, availableParallelism());
  return {
    sampled: inputs.length,
    meanBytes: Math.round(bytes / inputs.length),
    mbPerSecond: round((best.eventsPerSecond * bytes) / inputs.length / 1e6, 1),
    method,
    ...best,
    oneShot,
    createHash: created,
    allCores: {
      threads: allCores.threads,
      eventsPerSecond: allCores.eventsPerSecond,
      mbPerSecond: round((allCores.eventsPerSecond * bytes) / inputs.length / 1e6, 1),
    },
  };
}

// Each worker hashes its share (one-shot) when told to and answers when done.
const HASHER = `const { parentPort, workerData } = require('node:worker_threads');
const { hash } = require('node:crypto');
parentPort.on('message', (go) => { if (!go) return process.exit(0); for (const input of workerData) hash('sha256', input, 'hex'); parentPort.postMessage('done'); });
parentPort.postMessage('ready');`;

/** The same hashing on `threads` worker threads at once, timed from the start signal to the last answer; best of 3. */
async function sha256AllCores(
  inputs: Buffer[],
  threads: number,
): Promise<{ threads: number; eventsPerSecond: number }> {
  const shares = Array.from({ length: threads }, (_, i) =>
    inputs.filter((_, j) => j % threads === i),
  );
  const workers = shares.map((share) => new Worker(HASHER, { eval: true, workerData: share }));
  const next = (w: Worker) =>
    new Promise<void>((resolve, reject) => {
      w.once('message', () => resolve());
      w.once('error', reject);
    });
  try {
    await Promise.all(workers.map(next));
    let best = Infinity;
    for (let pass = 0; pass < 3; pass++) {
      const started = performance.now();
      const done = Promise.all(workers.map(next));
      for (const w of workers) w.postMessage(true);
      await done;
      best = Math.min(best, (performance.now() - started) / 1000);
    }
    return { threads, eventsPerSecond: Math.round(inputs.length / best) };
  } finally {
    for (const w of workers) w.postMessage(false);
  }
}

export function dbSize(path: string): DbSize {
  const { sqlite } = openDatabase(path);
  const audit = sqlite
    .prepare(
      `SELECT sum(pgsize) FROM dbstat WHERE name = 'audit_events' OR name LIKE 'audit\\_%' ESCAPE '\\'`,
    )
    .pluck()
    .get() as number;
  const events = sqlite.prepare('SELECT count(*) FROM audit_events').pluck().get() as number;
  sqlite.close();
  const fileBytes = statSync(path).size;
  const perMillion = (b: number) => round((b / 1e6) * (1e6 / Math.max(1, events)), 1);
  return {
    fileBytes,
    auditBytes: audit,
    auditEvents: events,
    auditMbPerMillion: perMillion(audit),
    fileMbPerMillion: perMillion(fileBytes),
  };
}

/**
 * The limit of a write under synchronous=FULL: every commit waits for one fdatasync of the WAL,
 * and better-sqlite3 waits on the event loop, so commits per second cannot beat 1 / fsync time.
 */
export function fsyncSpeed(nextTo: string, times = 200): FsyncSpeed {
  const file = join(dirname(nextTo), 'fsync-probe');
  const fd = openSync(file, 'w');
  const page = Buffer.alloc(4096, 1);
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    writeSync(fd, page);
    fdatasyncSync(fd);
    ms.push(performance.now() - started);
  }
  closeSync(fd);
  rmSync(file);
  ms.sort((a, b) => a - b);
  const p50 = ms[Math.floor(times / 2)]!;
  return {
    p50Ms: round(p50, 2),
    p90Ms: round(ms[Math.floor(times * 0.9)]!, 2),
    commitsPerSecond: Math.round(1000 / p50),
  };
}

/** Starts a stopwatch over wall time and this process's CPU time. */
export function clock() {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return {
      seconds: (performance.now() - wall) / 1000,
      cpuSeconds: (used.user + used.system) / 1e6,
    };
  };
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
