// One route under load: autocannon with 50 connections over 127.0.0.1, a short warm-up that is
// thrown away, then the measured run. Every figure comes from the measured run only.
import autocannon, { type Request } from 'autocannon';

export type Route = {
  name: string;
  path: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** The statuses an answer may have (200 unless said otherwise). */
  expect?: number[];
  /** For requests that differ each time (a write on a varying case); called before each run. */
  requests?: () => Request[];
  /** Counts what the route leaves behind (audit events), read before and after the measured run. */
  count?: () => number;
};

export type RouteResult = {
  name: string;
  method: string;
  path: string;
  rps: number;
  latencyMs: { p50: number; p97_5: number; p99: number; max: number };
  requests: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Answers with another status than the expected one. */
  unexpected: number;
  statusCodes: Record<string, number>;
  /** Server CPU time per answered request, in ms: what the route costs, whatever else runs on the machine. */
  serverCpuMsPerRequest: number;
  /** The growth of route.count over the measured run. */
  counted?: number;
};

export type LoadOptions = {
  origin: string;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  serverCpuSeconds: () => number;
};

function once(route: Route, o: LoadOptions, seconds: number) {
  return autocannon({
    url: `${o.origin}${route.path}`,
    method: route.method ?? 'GET',
    connections: o.connections,
    duration: seconds,
    headers: route.headers,
    ...(route.requests ? { requests: route.requests() } : {}),
  });
}

export async function measure(route: Route, o: LoadOptions): Promise<RouteResult> {
  const settle = () => new Promise((done) => setTimeout(done, 1000));
  if (o.warmupSeconds > 0) {
    await once(route, o, o.warmupSeconds);
    // Writes the warm-up left in flight land before the measured run reads the cases' versions.
    await settle();
  }
  const cpu = o.serverCpuSeconds();
  const counted = route.count?.();
  const r = await once(route, o, o.seconds);
  const cpuMs = (o.serverCpuSeconds() - cpu) * 1000;
  // Requests the server took before the run ended are still being answered: let them land first.
  await settle();
  const statusCodes = Object.fromEntries(
    Object.entries(r.statusCodeStats ?? {}).map(([code, v]) => [
      code,
      Number((v as { count: number }).count),
    ]),
  );
  const answered = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  return {
    name: route.name,
    method: route.method ?? 'GET',
    path: route.path,
    rps: Math.round(r.requests.average),
    latencyMs: {
      p50: r.latency.p50,
      p97_5: r.latency.p97_5,
      p99: r.latency.p99,
      max: r.latency.max,
    },
    requests: r.requests.total,
    errors: r.errors + r.timeouts,
    unexpected:
      answered -
      (route.expect ?? [200]).reduce((n, code) => n + (statusCodes[String(code)] ?? 0), 0),
    statusCodes,
    serverCpuMsPerRequest: Math.round((cpuMs / Math.max(1, answered)) * 100) / 100,
    ...(counted === undefined ? {} : { counted: route.count!() - counted }),
  };
}
