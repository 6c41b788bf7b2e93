// The benchmark's verdict: the targets checked against the figures of one run, and the
// tables printed to the terminal.
import type { RouteResult } from './load';
import type { CheckpointSpeed } from './checkpoints';
import type { ChainSpeed, DbSize, Sha256Speed } from './offline';
import type { PageWeight } from './weight';

export const KB = 1024;
export const MB = 1024 * 1024;

export type Figures = {
  routes: Record<string, RouteResult>;
  bareRps: number;
  verify: ChainSpeed;
  /** npm run audit:verify's verifier in one thread and in one per core. */
  verifyFile: { one: ChainSpeed; all: ChainSpeed };
  checkpoint: CheckpointSpeed;
  sha256: Sha256Speed;
  db: DbSize;
  memory: { peak: number; atStart: number; peakAfterSignIn: number; atEnd: number };
  weight: PageWeight;
  write: { synchronousFull: boolean; auditEventsWritten: number; attemptsAccepted: number };
};

export type Target = { target: string; value: string; met: boolean };

export function targets(f: Figures): Target[] {
  const list: Target[] = [];
  const add = (target: string, value: string, met: boolean) => list.push({ target, value, met });
  for (const key of ['board', 'board-partial']) {
    const r = f.routes[key];
    if (!r) continue;
    add(
      `${r.name}: p99 < 50 ms at 50 connections`,
      `${r.latencyMs.p99} ms`,
      r.latencyMs.p99 < 50 && r.errors === 0 && r.unexpected === 0,
    );
    add(
      `${r.name}: >= 25% of bare /healthz req/s`,
      `${pct(r.rps / f.bareRps)} (${r.rps} of ${f.bareRps})`,
      r.rps >= 0.25 * f.bareRps,
    );
  }
  // The pages an operator, auditor or owner opens after the board (issue 22).
  for (const key of [
    'case',
    'audit-first',
    'audit-deep',
    'channels',
    'readiness',
    'report',
    'mine',
  ]) {
    const r = f.routes[key];
    if (!r) continue;
    add(
      `${r.name}: <= 1.0 ms server CPU per request, p99 < 100 ms at 50 connections`,
      `${r.serverCpuMsPerRequest} ms, p99 ${r.latencyMs.p99} ms`,
      r.serverCpuMsPerRequest <= 1 && r.latencyMs.p99 < 100 && r.errors === 0 && r.unexpected === 0,
    );
  }
  const w = f.routes.attempt;
  if (w) {
    add(
      'contact attempt: >= 1,000/s with its audit event, synchronous=FULL',
      `${w.rps}/s; ${f.write.auditEventsWritten} audit events for ${f.write.attemptsAccepted} accepted; FULL ${f.write.synchronousFull ? 'kept' : 'NOT kept'}`,
      w.rps >= 1000 &&
        f.write.synchronousFull &&
        f.write.auditEventsWritten >= f.write.attemptsAccepted &&
        w.unexpected === 0,
    );
  }
  const first = f.routes['audit-first'];
  const deep = f.routes['audit-deep'];
  if (first && deep) {
    add(
      "audit list: deep page within 1.5x the first page's latency (p50)",
      `${deep.latencyMs.p50} ms vs ${first.latencyMs.p50} ms (${(deep.latencyMs.p50 / Math.max(1, first.latencyMs.p50)).toFixed(2)}x; p99 ${deep.latencyMs.p99} vs ${first.latencyMs.p99} ms)`,
      deep.latencyMs.p50 <= 1.5 * Math.max(1, first.latencyMs.p50),
    );
  }
  // What an auditor waits for, per million events, with the raw SHA-256 of the same bytes on
  // every core beside it as the limit (the driver's floor keeps any verifier far from it).
  const n = (x: number) => x.toLocaleString('en');
  const { all } = f.verifyFile;
  const perMillion = (all.seconds * 1_000_000) / all.events;
  add(
    `audit verification: 1,000,000 events in <= 2.5 s on ${f.sha256.allCores.threads} cores`,
    `${perMillion.toFixed(2)} s per million (${n(all.events)} events in ${all.seconds} s, ${all.threads} threads, ${n(all.eventsPerSecond)} events/s; raw SHA-256 of the same bytes on every core ${n(f.sha256.allCores.eventsPerSecond)} events/s)`,
    all.ok && perMillion <= 2.5,
  );
  const c = f.checkpoint;
  add(
    `audit verification against ${c.checkpoints} checkpoints: within 5% of the chain alone`,
    `${c.withCheckpointsSeconds} s vs ${c.chainSeconds} s (the checkpoints' check ${c.checkMs} ms: ${(c.overhead * 100).toFixed(3)}%); one checkpoint made and signed in ${c.makeMs} ms`,
    c.ok && c.overhead <= 0.05,
  );
  add(
    'crisis board: <= 30 KB HTML gzipped',
    `${kb(f.weight.htmlBytes)}`,
    f.weight.htmlBytes <= 30 * KB,
  );
  add(
    'crisis board: <= 25 KB JavaScript gzipped (htmx + ours)',
    `${kb(f.weight.jsBytes)}`,
    f.weight.jsBytes <= 25 * KB,
  );
  add(
    'crisis board: no fonts or images',
    f.weight.other.length ? f.weight.other.join(', ') : 'none',
    f.weight.other.length === 0,
  );
  add(
    'server memory < 200 MB with the million-event database',
    `peak ${mb(f.memory.peak)} (VmHWM; ${mb(f.memory.atStart)} after start, ${mb(f.memory.peakAfterSignIn)} after one sign-in)`,
    f.memory.peak < 200 * MB,
  );
  return list;
}

export const pct = (x: number) => `${Math.round(x * 100)}%`;
export const kb = (b: number) => `${(b / KB).toFixed(1)} KB`;
export const mb = (b: number) => `${(b / MB).toFixed(1)} MB`;

export function routeTable(routes: RouteResult[], bareRps: number): string {
  const head = [
    'route',
    'req/s',
    'p50 ms',
    'p97.5 ms',
    'p99 ms',
    'errors',
    'unexpected',
    'vs bare',
    'server CPU ms/req',
  ];
  const rows = routes.map((r) => [
    r.name,
    String(r.rps),
    String(r.latencyMs.p50),
    String(r.latencyMs.p97_5),
    String(r.latencyMs.p99),
    String(r.errors),
    r.unexpected ? `${r.unexpected} ${JSON.stringify(r.statusCodes)}` : '0',
    pct(r.rps / bareRps),
    r.serverCpuMsPerRequest.toFixed(2),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}
