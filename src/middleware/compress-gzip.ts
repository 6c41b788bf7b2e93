// A gzip member assembled from pieces deflated separately (RFC 1951/1952): each piece ends on a
// byte boundary without ending the stream (a sync flush), so pieces concatenate, and a piece many
// responses share (the live board) is compressed once and copied into each of them. The CRC-32
// of the whole is combined from the pieces' own CRCs, so a shared piece is never read again.
// Pure JavaScript: the deflating itself is injected by the runtime (see Deflater).

/** What the runtime compresses with (Node: node:zlib, injected from src/node.ts). */
export type Deflater = {
  /**
   * Raw deflate of `bytes` ending in a sync flush: byte-aligned and not final. With a
   * `dictionary` (what precedes the piece in the response) it may refer back into it.
   */
  deflateRaw(bytes: Uint8Array, dictionary?: Uint8Array): Uint8Array;
  crc32(bytes: Uint8Array): number;
};

export type GzipPiece = { deflated: Uint8Array; crc: number; size: number };

const encoder = new TextEncoder();

/**
 * A piece; with a `dictionary`, the bytes that will precede it in every response it goes in,
 * except where they hold a byte no piece holds (a zero byte: no match can reach into it).
 */
export function gzipPiece(
  deflater: Deflater,
  content: string | Uint8Array,
  dictionary?: Uint8Array,
): GzipPiece {
  const bytes = typeof content === 'string' ? encoder.encode(content) : content;
  const deflated =
    bytes.length < STORED_BELOW ? stored(bytes) : deflater.deflateRaw(bytes, dictionary);
  return { deflated, crc: deflater.crc32(bytes), size: bytes.length };
}

// A few bytes (the page's closing tags) gain nothing from deflating but would cost a deflater
// (zlib allocates a quarter of a megabyte for each): they go in a stored block, as they are.
const STORED_BELOW = 128;

/** A non-final stored block: a header byte, the length and its complement, the bytes. */
function stored(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length + 5);
  out.set([
    0,
    bytes.length & 0xff,
    bytes.length >> 8,
    ~bytes.length & 0xff,
    (~bytes.length >> 8) & 0xff,
  ]);
  out.set(bytes, 5);
  return out;
}

// Magic, deflate, no flags, no mtime, no extra flags, unknown OS.
const HEADER = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
// An empty final block with fixed codes: ends the deflate stream after the last piece.
const END = [0x03, 0x00];

/** One gzip body of the pieces in order. */
export function gzipOf(pieces: GzipPiece[]): Uint8Array<ArrayBuffer> {
  let crc = 0;
  let size = 0;
  let length = HEADER.length + END.length + 8;
  for (const p of pieces) {
    crc = crc32Combine(crc, p.crc, p.size);
    size += p.size;
    length += p.deflated.length;
  }
  const out = new Uint8Array(length);
  out.set(HEADER);
  let at = HEADER.length;
  for (const p of pieces) {
    out.set(p.deflated, at);
    at += p.deflated.length;
  }
  out.set(END, at);
  const trailer = new DataView(out.buffer, at + END.length);
  trailer.setUint32(0, crc >>> 0, true);
  trailer.setUint32(4, size >>> 0, true); // ISIZE is the length modulo 2^32
  return out;
}

// CRC-32 combination as zlib's crc32_combine does it: shifting crc1 over len2 zero bytes is a
// multiplication by x^(8·len2) modulo the CRC polynomial, made of precomputed x^(2^k) factors.
const POLY = 0xedb88320;

function multModP(a: number, b: number): number {
  let m = 1 << 31;
  let p = 0;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return p >>> 0;
}

/** X2N[k] = x^(2^k) modulo the polynomial. */
const X2N: number[] = [1 << 30];
for (let k = 1; k < 32; k++) X2N.push(multModP(X2N[k - 1]!, X2N[k - 1]!));

function x2nModP(n: number, k: number): number {
  let p = 1 << 31; // x^0
  for (; n; n = Math.floor(n / 2), k++) if (n % 2) p = multModP(X2N[k & 31]!, p);
  return p;
}

/** The CRC-32 of A followed by B, from crc(A), crc(B) and B's length. */
export const crc32Combine = (crc1: number, crc2: number, len2: number) =>
  (multModP(x2nModP(len2, 3), crc1) ^ crc2) >>> 0;
