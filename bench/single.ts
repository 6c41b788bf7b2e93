// One page asked one request at a time on an otherwise idle server: what a single answer costs,
// not what fifty at once queue behind. The time is the request's wall time at the client (request
// sent to last byte received, before unpacking), the median of a few; the server's CPU is read
// from /proc/<pid>/stat before and after them all and divided (its clock ticks are 10 ms: too
// coarse for one request alone, but it holds up while other processes use the cores).
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';

export type SinglePage = {
  name: string;
  path: string;
  status: number;
  /** Requests timed (after a second of the same requests, thrown away). */
  requests: number;
  wallMs: { median: number; min: number; max: number };
  /** The first request's wall time: the page rendered (a kept page is, once per change). */
  firstMs: number;
  serverCpuMsPerRequest: number;
  /** The HTML unpacked, and the gzip bytes of its body on the wire. */
  htmlBytes: number;
  gzipBytes: number;
};

export type SingleOptions = {
  origin: string;
  headers: Record<string, string>;
  serverCpuSeconds: () => number;
  requests?: number;
  warmupMs?: number;
};

type Timed = { status: number; ms: number; wire: Buffer; gzip: boolean };

function timedGet(origin: string, path: string, headers: Record<string, string>): Promise<Timed> {
  return new Promise((ok, fail) => {
    const started = performance.now();
    const req = request(`${origin}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        ok({
          status: res.statusCode!,
          ms: performance.now() - started,
          wire: Buffer.concat(chunks),
          gzip: res.headers['content-encoding'] === 'gzip',
        }),
      );
    });
    req.on('error', fail);
    req.setTimeout(120_000, () => req.destroy(new Error(`GET ${path} timed out`)));
    req.end();
  });
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const round = (x: number, places = 1) => Math.round(x * 10 ** places) / 10 ** places;

export async function singlePage(
  name: string,
  path: string,
  o: SingleOptions,
): Promise<SinglePage> {
  const headers = { Accept: 'text/html', 'Accept-Encoding': 'gzip', ...o.headers };
  // The first answers after a start pay for compiling the code (V8's compiler threads count in
  // the server's CPU) and reading the file's pages: thrown away for a second, at least twice.
  // The first answer renders the page (kept pages are rendered once per change), cold code too.
  const first = await timedGet(o.origin, path, headers);
  const warm = performance.now() + (o.warmupMs ?? 1000);
  for (let i = 1; i < 2 || performance.now() < warm; i++) await timedGet(o.origin, path, headers);
  const times: number[] = [];
  let last: Timed | undefined;
  const cpu = o.serverCpuSeconds();
  for (let i = 0; i < (o.requests ?? 7); i++) {
    last = await timedGet(o.origin, path, headers);
    times.push(last.ms);
  }
  const cpuMs = (o.serverCpuSeconds() - cpu) * 1000;
  const html = last!.gzip ? gunzipSync(last!.wire) : last!.wire;
  return {
    name,
    path,
    status: last!.status,
    requests: times.length,
    wallMs: {
      median: round(median(times)),
      min: round(Math.min(...times)),
      max: round(Math.max(...times)),
    },
    firstMs: round(first.ms),
    serverCpuMsPerRequest: round(cpuMs / times.length),
    htmlBytes: html.length,
    gzipBytes: last!.gzip ? last!.wire.length : 0,
  };
}
