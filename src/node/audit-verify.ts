// The audit chain verified from a database file on Node (npm run audit:verify, the bench): split by
// seq range over this thread and worker threads, each range read on its own read-only connection
// and checked by the domain's own checkChainRows (src/node/audit-verify-range.ts); the ranges are
// then joined link by link. The report is verifyChain's, event for event.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { GENESIS_HASH, type ChainReport } from '../domain/audit/chain';
import { verifyRange, type RangeResult } from './audit-verify-range';

export type VerifyOptions = {
  /**
   * Threads in all, this one included. Default: every core but one, which is left to the server
   * beside it (on the 2-vCPU machine a second thread gained 1.1-1.3x when the other core was idle
   * and lost when it was busy: SHA-256 itself scales only 1.2-1.4x over its two vCPUs).
   */
  threads?: number;
  /** Fewer events than this per thread are not worth starting a thread for. */
  minPerThread?: number;
};

/** The ranges, in seq order, joined into one report: the first break, as verifyChain meets it. */
export function joinRanges(ranges: RangeResult[]): ChainReport {
  let prevHash = GENESIS_HASH;
  let last: RangeResult | null = null;
  for (const r of ranges) {
    // At a range's first event verifyChain checks the seq first, then the link, then the hash.
    if (r.broken && r.broken.brokenAt === r.lo && r.broken.reason === 'sequence') return r.broken;
    if (r.firstPrevHash !== prevHash)
      return { ok: false, count: r.lo - 1, brokenAt: r.lo, reason: 'link' };
    if (r.broken) return r.broken;
    prevHash = r.lastHash;
    last = r;
  }
  const lastSeq = last ? last.hi - 1 : 0;
  return { ok: true, count: lastSeq, lastSeq, lastAt: last?.lastAt ?? null };
}

/** 1..lastSeq as `parts` ranges [lo, hi) of nearly equal size. */
export function splitRanges(lastSeq: number, parts: number): [number, number][] {
  const n = Math.max(0, Math.min(parts, lastSeq));
  return Array.from({ length: n }, (_, i) => [
    1 + Math.floor((lastSeq * i) / n),
    1 + Math.floor((lastSeq * (i + 1)) / n),
  ]);
}

/**
 * Verifies the chain in the file at `path` through its last event at the start (events appended
 * meanwhile are left for the next run), in parallel when it is long enough to pay for the threads.
 */
export async function verifyChainFile(
  path: string,
  options: VerifyOptions = {},
): Promise<ChainReport & { threads: number }> {
  const probe = new Database(path, { readonly: true, fileMustExist: true });
  const lastSeq =
    (probe.prepare('SELECT max(seq) FROM audit_events').pluck().get() as number | null) ?? 0;
  probe.close();
  const wanted = Math.max(1, options.threads ?? availableParallelism() - 1);
  const ranges = splitRanges(
    lastSeq,
    Math.min(wanted, Math.ceil(lastSeq / (options.minPerThread ?? 50_000))),
  );
  if (ranges.length <= 1)
    return { ...joinRanges(ranges.map(([lo, hi]) => verifyRange(path, lo, hi))), threads: 1 };
  const code = await workerCode();
  const others = Promise.all(ranges.slice(1).map(([lo, hi]) => inWorker(code, path, lo, hi)));
  others.catch(() => undefined); // awaited below; not an unhandled rejection if this thread's range throws first
  const first = verifyRange(path, ...ranges[0]!);
  return { ...joinRanges([first, ...(await others)]), threads: ranges.length };
}

let bundled: Promise<string> | null = null;

/**
 * The worker's code: src/node/audit-verify-worker.ts and what it imports (the range reader and
 * src/domain/audit/chain.ts, nothing else), bundled once as one script. A worker thread does not
 * inherit tsx's loader, and registering it in each worker cost about a second of CPU per worker.
 */
function workerCode(): Promise<string> {
  bundled ??= import('esbuild').then(async ({ build }) => {
    const { outputFiles } = await build({
      entryPoints: [fileURLToPath(new URL('./audit-verify-worker.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      packages: 'external',
      write: false,
      logLevel: 'silent',
      // Packages (better-sqlite3) resolve from here, not from the current directory of an eval'd script.
      banner: {
        js: `require = require('node:module').createRequire(${JSON.stringify(import.meta.url)});`,
      },
    });
    return outputFiles[0]!.text;
  });
  return bundled;
}

function inWorker(code: string, path: string, lo: number, hi: number): Promise<RangeResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { path, lo, hi } });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (exit) =>
      reject(
        new Error(
          `audit verify worker for ${lo}-${hi - 1} stopped (exit ${exit}) without a result`,
        ),
      ),
    );
  });
}
