// The compress middleware: small bodies as they are, buffered bodies deflated in one call, streams
// compressed as they flow, static files once per ETag, nothing at all without a deflater
// (Workers), and gzip assembled from separately deflated pieces that any gunzip accepts.
import { crc32, gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { describe, expect, it } from 'vitest';
import { acceptsGzip, compress, inParts, type SharedText } from '../src/middleware/compress';
import { crc32Combine, gzipOf, gzipPiece, type Deflater } from '../src/middleware/compress-gzip';
import { nodeDeflater } from '../src/node/deflate';

const BIG = '<p>Stormschade centrum: bomen omgewaaid.</p>\n'.repeat(100);

function app(deflater: Deflater | null = nodeDeflater) {
  const calls: number[] = [];
  const counting = deflater
    ? { ...deflater, deflateRaw: (b: Uint8Array) => (calls.push(b.length), deflater.deflateRaw(b)) }
    : undefined;
  const a = new Hono();
  a.use(compress(counting));
  a.get('/small', (c) => c.text('ok'));
  a.get('/big', (c) => c.html(BIG));
  a.get('/static', (c) => {
    c.header('ETag', '"abc"');
    return c.body(new TextEncoder().encode(BIG), 200, { 'Content-Type': 'text/javascript' });
  });
  a.get('/stream', (c) => {
    c.header('Content-Type', 'text/csv');
    return stream(c, async (out) => {
      for (let i = 0; i < 5; i++) await out.write(`${i},${BIG.length}\n`);
    });
  });
  a.get('/events', (c) => c.body(BIG, 200, { 'Content-Type': 'text/event-stream' }));
  a.get('/none', (c) => c.body(null, 204));
  return { a, calls };
}
const gz = { 'Accept-Encoding': 'gzip, deflate, br' };
const unzip = async (res: Response) => gunzipSync(Buffer.from(await res.arrayBuffer())).toString();

describe('the compress middleware', () => {
  it('sends a body under 1 KB as it is, and a larger one gzipped, both marked as varying by encoding', async () => {
    const { a } = app();
    const small = await a.request('/small', { headers: gz });
    expect(small.headers.get('Content-Encoding')).toBeNull();
    expect(small.headers.get('Vary')).toBe('Accept-Encoding');
    expect(await small.text()).toBe('ok');
    const big = await a.request('/big', { headers: gz });
    expect(big.headers.get('Content-Encoding')).toBe('gzip');
    expect(big.headers.get('Vary')).toBe('Accept-Encoding');
    expect(await unzip(big)).toBe(BIG);
  });

  it('sends the body as it is to a client that does not take gzip', async () => {
    const { a } = app();
    for (const accept of [undefined, 'identity', 'br', 'gzip;q=0, *', 'gzip;q=0.0']) {
      const res = await a.request('/big', { headers: accept ? { 'Accept-Encoding': accept } : {} });
      expect(res.headers.get('Content-Encoding')).toBeNull();
      expect(await res.text()).toBe(BIG);
    }
  });

  it('reads Accept-Encoding with its weights', () => {
    expect(acceptsGzip('gzip')).toBe(true);
    expect(acceptsGzip('GZIP;q=0.5')).toBe(true);
    expect(acceptsGzip('br, *;q=0.1')).toBe(true);
    expect(acceptsGzip('*, gzip;q=0')).toBe(false);
    expect(acceptsGzip('deflate')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });

  it('compresses a stream as it flows, and leaves server-sent events and empty answers alone', async () => {
    const { a } = app();
    const csv = await a.request('/stream', { headers: gz });
    expect(csv.headers.get('Content-Encoding')).toBe('gzip');
    expect(await unzip(csv)).toBe([0, 1, 2, 3, 4].map((i) => `${i},${BIG.length}\n`).join(''));
    const events = await a.request('/events', { headers: gz });
    expect(events.headers.get('Content-Encoding')).toBeNull();
    expect((await a.request('/none', { headers: gz })).status).toBe(204);
  });

  it("compresses a file with a strong ETag once, and marks the gzipped copy's ETag as weak", async () => {
    const { a, calls } = app();
    for (let i = 0; i < 3; i++) {
      const res = await a.request('/static', { headers: gz });
      expect(res.headers.get('ETag')).toBe('W/"abc"');
      expect(await unzip(res)).toBe(BIG);
    }
    expect(calls).toHaveLength(1);
  });

  it('does nothing without a deflater: on Workers the edge compresses', async () => {
    const { a } = app(null);
    const res = await a.request('/big', { headers: gz });
    expect(res.headers.get('Content-Encoding')).toBeNull();
    expect(res.headers.get('Vary')).toBeNull();
    expect(await res.text()).toBe(BIG);
  });

  it('sends a response in parts whole, and gzipped with the shared part compressed only once', async () => {
    const { a, calls } = app();
    const shared: SharedText = { text: BIG };
    a.get('/parts/:who', (c) =>
      inParts(c, [`<h1>${c.req.param('who')}</h1>`, shared, '<footer>einde</footer>']),
    );
    const expected = (who: string) => `<h1>${who}</h1>${BIG}<footer>einde</footer>`;
    expect(await (await a.request('/parts/jef')).text()).toBe(expected('jef'));
    expect(await unzip(await a.request('/parts/jef', { headers: gz }))).toBe(expected('jef'));
    expect(await unzip(await a.request('/parts/ahmed', { headers: gz }))).toBe(expected('ahmed'));
    expect(calls.filter((n) => n === BIG.length)).toHaveLength(1);
  });
});

describe('gzip from pieces', () => {
  const texts = ['<!DOCTYPE html><html>', '', 'é'.repeat(70_000), '</html>\n'];

  it('combines CRC-32s as if the bytes had been read in one go', () => {
    const bytes = texts.map((s) => Buffer.from(s));
    let crc = 0;
    for (const b of bytes) crc = crc32Combine(crc, crc32(b), b.length);
    expect(crc).toBe(crc32(Buffer.concat(bytes)));
  });

  it('makes one gzip body of pieces deflated apart, with a CRC and length gunzip checks', () => {
    const body = gzipOf(texts.map((s) => gzipPiece(nodeDeflater, s)));
    expect(gunzipSync(body).toString()).toBe(texts.join(''));
    const broken = body.slice();
    broken[broken.length - 5]! ^= 1;
    expect(() => gunzipSync(broken)).toThrow();
  });
});
