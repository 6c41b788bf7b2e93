// A worker thread of verifyChainFile (src/node/audit-verify.ts): verifies one seq range on its own
// read-only connection and posts the result back.
import { parentPort, workerData } from 'node:worker_threads';
import { verifyRange } from './audit-verify-range';

const { path, lo, hi } = workerData as { path: string; lo: number; hi: number };
parentPort!.postMessage(verifyRange(path, lo, hi));
