// The load generator's own ceiling for an answer of a given size: node:http alone (no app, no
// Hono), in a child process, answering that many random bytes as a gzip body, measured like the
// routes. autocannon 9 turns every response body into a string (req.body += chunk), and decoding
// compressed bytes as UTF-8 costs the client in proportion to their size: on this machine 25 KB
// of random bytes did 3,161 req/s and 25 KB of ASCII 19,795. The board page runs against this.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { measure, type LoadOptions, type RouteResult } from './load';
import { cpuSecondsOf } from './server';

const SERVER = `const body = require('node:crypto').randomBytes(Number(process.argv[1]));
require('node:http').createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=UTF-8', 'Content-Encoding': 'gzip', 'Content-Length': body.length });
  res.end(body);
}).listen(0, '127.0.0.1', function () { process.send(this.address().port); });`;

export async function ceilingFor(
  bytes: number,
  load: Omit<LoadOptions, 'origin' | 'serverCpuSeconds'>,
): Promise<RouteResult> {
  const child = spawn(process.execPath, ['-e', SERVER, String(bytes)], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  try {
    const [port] = (await once(child, 'message')) as [number];
    return await measure(
      { name: `node:http alone, ${(bytes / 1024).toFixed(1)} KB of gzip bytes`, path: '/' },
      {
        ...load,
        origin: `http://127.0.0.1:${port}`,
        serverCpuSeconds: () => cpuSecondsOf(child.pid!),
      },
    );
  } finally {
    child.kill();
  }
}
