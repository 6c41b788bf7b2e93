// gzip for clients that take it, at a cost in proportion to what it saves. Hono's compress()
// opened a CompressionStream (a zlib stream on a worker thread) per response: 0.6 ms even for a
// 2-byte body. Here bodies under 1 KB go out as they are, a buffered body is deflated in one
// synchronous call, and what many responses share is compressed once: static files by their
// ETag, and the live board (see inParts) inside every full crisis page.
// The runtime injects the deflater (src/node.ts); without one (Workers, where Cloudflare's edge
// compresses) this does nothing.
import type { Context, MiddlewareHandler } from 'hono';
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/compress';
import { gzipOf, gzipPiece, type Deflater, type GzipPiece } from './compress-gzip';

const THRESHOLD = 1024;
const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i;

/**
 * Text that many responses carry (the live board, a kept page's pieces): compressed on first
 * use, then copied. `dictionary`: what precedes it in every response (see gzipPiece), used once.
 */
export type SharedText = { readonly text: string; gzip?: GzipPiece; dictionary?: Uint8Array };
type Part = string | SharedText;

type Body = Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array>;

const partsOf = new WeakMap<Response, Part[]>();

/**
 * An HTML response of `parts` in order; gzipped, the shared parts are not compressed again, and
 * the same `parts` array again is the same gzip.
 */
export function inParts(c: Context, parts: Part[]): Response {
  const res = c.html(
    parts.reduce<string>((html, p) => html + (typeof p === 'string' ? p : p.text), ''),
  );
  partsOf.set(res, parts);
  return res;
}

/** gzip (or any coding) accepted with a q above 0; an explicit gzip;q=0 refuses it. */
export function acceptsGzip(header: string | undefined): boolean {
  const q = new Map<string, number>();
  for (const item of (header ?? '').toLowerCase().split(',')) {
    const [coding, ...params] = item.split(';').map((s) => s.trim());
    const weight = params.find((p) => p.startsWith('q='));
    q.set(coding!, weight ? Number(weight.slice(2)) || 0 : 1);
  }
  return (q.get('gzip') ?? q.get('x-gzip') ?? q.get('*') ?? 0) > 0;
}

export function compress(deflater?: Deflater): MiddlewareHandler {
  if (!deflater) return async (_c, next) => next();
  // Static files carry a strong ETag of their content: one gzip per file, not per request.
  const byEtag = new Map<string, Uint8Array<ArrayBuffer>>();
  const shared = (p: Part) => {
    if (typeof p === 'string') return gzipPiece(deflater, p);
    if (!p.gzip) {
      p.gzip = gzipPiece(deflater, p.text, p.dictionary);
      delete p.dictionary;
    }
    return p.gzip;
  };
  // The same parts (the same array, or one shared text alone) make the same gzip: assembled once.
  const assembled = new WeakMap<object, Uint8Array<ArrayBuffer>>();
  const gzipOfParts = (parts: Part[]) => {
    const key = parts.length === 1 && typeof parts[0] === 'object' ? parts[0] : parts;
    let gzip = assembled.get(key);
    if (!gzip) assembled.set(key, (gzip = gzipOf(parts.map(shared))));
    return gzip;
  };
  return async (c, next) => {
    await next();
    const res = c.res;
    if (!compressible(c, res)) return;
    const vary = res.headers.get('Vary');
    if (!vary) res.headers.set('Vary', 'Accept-Encoding');
    else if (!/accept-encoding|\*/i.test(vary)) res.headers.set('Vary', `${vary}, Accept-Encoding`);
    if (!acceptsGzip(c.req.header('Accept-Encoding'))) return;

    const etag = res.headers.get('ETag');
    const strong = etag && !etag.startsWith('W/') ? etag : null;
    const parts = partsOf.get(res);
    let gzipped: Body | undefined = parts
      ? gzipOfParts(parts)
      : strong
        ? byEtag.get(strong)
        : undefined;
    if (!gzipped) {
      const body = await read(res);
      if (!body) return;
      if (body instanceof ReadableStream) gzipped = body.pipeThrough(new CompressionStream('gzip'));
      else if (body.length < THRESHOLD) return replace(c, res, body);
      else {
        gzipped = gzipOf([gzipPiece(deflater, body)]);
        if (strong) byEtag.set(strong, gzipped);
        if (byEtag.size > 32) byEtag.delete(byEtag.keys().next().value!);
      }
    }
    res.headers.set('Content-Encoding', 'gzip');
    res.headers.delete('Content-Length');
    if (strong) res.headers.set('ETag', `W/${strong}`);
    replace(c, res, gzipped);
  };
}

function compressible(c: Context, res: Response): boolean {
  const type = res.headers.get('Content-Type');
  return (
    c.req.method !== 'HEAD' &&
    ![204, 206, 304].includes(res.status) &&
    !!type &&
    COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type) &&
    !res.headers.has('Content-Encoding') &&
    !NO_TRANSFORM.test(res.headers.get('Cache-Control') ?? '')
  );
}

/**
 * The body: whole when it came in one chunk (a handler's string or bytes), otherwise a stream
 * (the audit export) that goes on flowing rather than being buffered here.
 */
async function read(res: Response): Promise<Body | null> {
  if (!res.body) return null;
  const reader = (res.body as ReadableStream<Uint8Array<ArrayBuffer>>).getReader();
  const first = await reader.read();
  if (first.done) return new Uint8Array();
  const second = await reader.read();
  if (second.done) return first.value;
  return new ReadableStream({
    start(controller) {
      controller.enqueue(first.value);
      controller.enqueue(second.value);
    },
    async pull(controller) {
      const chunk = await reader.read();
      if (chunk.done) controller.close();
      else controller.enqueue(chunk.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

function replace(c: Context, res: Response, body: Body) {
  // Cleared first: assigning over a response makes Hono copy the old one around a stream of the new body.
  c.res = undefined;
  c.res = new Response(body, { status: res.status, headers: res.headers });
}
