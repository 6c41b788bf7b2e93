// The deflater the compress middleware uses on Node (src/middleware/compress.ts): zlib, in one
// synchronous call per piece; a sync flush ends each piece so pieces deflated apart concatenate.
import { constants, crc32, deflateRawSync } from 'node:zlib';
import type { Deflater } from '../middleware/compress-gzip';

export const nodeDeflater: Deflater = {
  deflateRaw: (bytes, dictionary) => {
    // A window no larger than the input loses nothing and spares most of zlib's 256 KB per call
    // (and the garbage collections that much memory brings on) for a page's per-user head.
    const reach = bytes.length + (dictionary?.length ?? 0);
    const windowBits = Math.min(15, Math.max(9, Math.ceil(Math.log2(reach))));
    return deflateRawSync(bytes, {
      ...(dictionary?.length ? { dictionary } : {}),
      finishFlush: constants.Z_SYNC_FLUSH,
      windowBits,
      memLevel: windowBits - 7,
      chunkSize: Math.min(16 * 1024, Math.max(64, bytes.length)),
    });
  },
  crc32: (bytes) => crc32(bytes),
};
