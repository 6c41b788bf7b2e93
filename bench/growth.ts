// npm run bench:growth — how the cost of a page grows with the audit trail. For each size
// (default 100,000, 1,000,000 and 3,000,000 events) the benchmark's database is built in a
// temporary folder (the same builder as npm run bench: only the number of past events changes; the
// open crisis keeps its 300 channels and its own 853 events), the server started on it as
// `npm start`, and the case page, the audit list (first page and a keyset page 90% back) and the
// incident report each asked one request at a time on the otherwise idle server (single.ts):
// median wall time at the client and server CPU per request, beside the sign-in page as a control
// (no database work: when it slows down, the machine did). The folder is removed before the next
// size. Writes bench/growth.json.
//
//   --sizes=100000,1000000,3000000   audit events per database
//   --requests=11                    timed requests per page (after a second of warm-up)
//   --rounds=2                       every page this many times, in turn; the best median counts
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BENCH_EMAIL, BENCH_PASSWORD, buildBenchDb, CRISIS_SCALE } from './build-db';
import { benchSubjects, ROOT, signIn, startServer, type Server } from './server';
import { singlePage, type SinglePage } from './single';

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .map((a) => a.replace(/^--/, '').split('='))
    .map(([k, v]) => [k!, v ?? 'true']),
);
const say = (line = '') => console.log(line);
const sizes = (args.sizes ?? '100000,1000000,3000000').split(',').map(Number);
const requests = Number(args.requests ?? 11);
const rounds = Number(args.rounds ?? 2);
// The file is ~560 MB per million events (bench/README.md); the index builds sort beside it.
const diskNeeded = (events: number) => 200 * 2 ** 20 + events * 1100;

type Size = {
  auditEvents: number;
  crisisEvents: number;
  buildSeconds: number;
  fileBytes: number;
  /** The 1-minute load average when this size's pages had been measured. */
  loadAverage: number;
  pages: Record<string, SinglePage>;
};

/** The open crisis, its case with the longest history and its own events, as run.ts picks them. */
function pagesOf(path: string) {
  const probe = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const { crisisId, caseId } = benchSubjects(probe);
    const one = (sql: string, ...params: unknown[]) =>
      probe
        .prepare(sql)
        .pluck()
        .get(...params) as number;
    return {
      crisisId,
      caseId,
      crisisEvents: one('SELECT count(*) FROM audit_events WHERE crisis_id = ?', crisisId),
      auditEvents: one('SELECT max(seq) FROM audit_events'),
      fileBytes: statSync(path).size,
    };
  } finally {
    probe.close();
  }
}

async function measureSize(events: number, state: { dir?: string; server?: Server }) {
  const free = statfsSync(tmpdir());
  const freeBytes = free.bavail * free.bsize;
  if (freeBytes < diskNeeded(events))
    throw new Error(
      `${events.toLocaleString('en')} events need about ${(diskNeeded(events) / 2 ** 30).toFixed(1)} GiB in ${tmpdir()}; ${(freeBytes / 2 ** 30).toFixed(1)} GiB free`,
    );
  const dir = (state.dir = mkdtempSync(join(tmpdir(), 'ctc-growth-')));
  say(`\n${events.toLocaleString('en')} events: building in ${dir} ...`);
  const started = performance.now();
  const built = await buildBenchDb(dir, { ...CRISIS_SCALE, auditEvents: events });
  const buildSeconds = Math.round((performance.now() - started) / 100) / 10;
  const at = pagesOf(built.path);
  say(`  built in ${buildSeconds} s; starting the server ...`);
  const server = (state.server = await startServer(built.path));
  const session = await signIn(server.origin, BENCH_EMAIL, BENCH_PASSWORD, '/crises');
  const options = {
    origin: server.origin,
    headers: { Cookie: session.cookie },
    serverCpuSeconds: server.cpuSeconds,
    requests,
  };
  const list: Record<string, { name: string; path: string; headers?: Record<string, string> }> = {
    // No database work and no cookie: how fast the machine was while this size was measured.
    control: { name: "sign-in page (control: the machine's pace)", path: '/sign-in', headers: {} },
    case: { name: 'case page (busiest case)', path: `/crises/${at.crisisId}/cases/${at.caseId}` },
    'audit-first': { name: 'audit list, first page', path: '/audit' },
    'audit-deep': {
      name: 'audit list, keyset page 90% back',
      path: `/audit?before=${Math.max(2, Math.round(at.auditEvents / 10))}`,
    },
    report: { name: 'incident report, open crisis', path: `/reports/crises/${at.crisisId}` },
  };
  const pages: Record<string, SinglePage> = {};
  for (let round = 1; round <= rounds; round++)
    for (const [key, page] of Object.entries(list)) {
      const p = await singlePage(page.name, page.path, {
        ...options,
        headers: page.headers ?? options.headers,
      });
      // The best round counts, as in run.ts: other work on the machine only slows a request down.
      if (!pages[key] || p.wallMs.median < pages[key]!.wallMs.median) pages[key] = p;
    }
  say(`  load average ${loadavg()[0]!.toFixed(2)}`);
  for (const p of Object.values(pages))
    say(
      `  ${p.name}: ${p.wallMs.median} ms, server CPU ${p.serverCpuMsPerRequest} ms/request (${p.status}, ${(p.htmlBytes / 1024).toFixed(1)} KB)`,
    );
  await server.stop();
  state.server = undefined;
  rmSync(dir, { recursive: true, force: true });
  state.dir = undefined;
  const size: Size = {
    auditEvents: at.auditEvents,
    crisisEvents: at.crisisEvents,
    buildSeconds,
    fileBytes: at.fileBytes,
    loadAverage: Math.round(loadavg()[0]! * 100) / 100,
    pages,
  };
  return size;
}

function growthTable(results: Size[]): string {
  const keys = Object.keys(results[0]!.pages);
  const head = [
    'page (median ms / server CPU ms per request)',
    ...results.map((r) => `${r.auditEvents.toLocaleString('en')} events`),
    'last / first',
  ];
  const rows = keys.map((key) => {
    const first = results[0]!.pages[key]!;
    const last = results.at(-1)!.pages[key]!;
    return [
      first.name,
      ...results.map(
        (r) => `${r.pages[key]!.wallMs.median} / ${r.pages[key]!.serverCpuMsPerRequest}`,
      ),
      `${(last.wallMs.median / first.wallMs.median).toFixed(2)}x`,
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

const state: { dir?: string; server?: Server } = {};
const finish = async () => {
  await state.server?.stop();
  if (state.dir) rmSync(state.dir, { recursive: true, force: true });
};
process.once('SIGINT', () => void finish().then(() => process.exit(130)));
try {
  const load = () => loadavg().map((l) => Math.round(l * 100) / 100);
  const loadAtStart = load();
  say(
    `Cost growth with the audit trail: ${sizes.map((s) => s.toLocaleString('en')).join(', ')} events; ${requests} requests per page, one at a time, best of ${rounds} rounds; load average ${loadAtStart.join(' ')} on ${cpus().length} cores`,
  );
  const results: Size[] = [];
  for (const events of sizes) results.push(await measureSize(events, state));
  say(
    `\nOne request at a time on the idle server (open crisis: ${results[0]!.crisisEvents} events of its own at every size)`,
  );
  say(growthTable(results));
  const loadAtEnd = load();
  const out = {
    ranAt: new Date().toISOString(),
    commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim(),
    machine: { cpus: cpus().length, node: process.version, loadAverage: loadAtStart, loadAtEnd },
    requestsPerPage: requests,
    rounds,
    sizes: results,
  };
  writeFileSync(join(ROOT, 'bench/growth.json'), `${JSON.stringify(out, null, 2)}\n`);
  say(`\nWrote bench/growth.json (load average at the end ${loadAtEnd.join(' ')})`);
} catch (e) {
  console.error(`bench:growth failed: ${(e as Error).stack}`);
  process.exitCode = 1;
} finally {
  await finish();
}
