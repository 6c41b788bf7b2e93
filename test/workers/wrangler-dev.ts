// Starts `wrangler dev` (workerd, local mode, no Cloudflare account) on a free port with a fresh
// Durable Object store, and stops it by its own PID. scripts/wrangler.sh execs wrangler, so the
// PID we spawn is wrangler's; it is also a process group leader, so its workerd children can be
// killed with it if wrangler does not stop them itself.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../fixtures/smtp';

const ROOT = resolve(import.meta.dirname, '../..');
const READY_WITHIN_MS = 90_000;

export type DevServer = {
  url: string;
  pid: number;
  startMs: number;
  log: () => string;
  stop: () => Promise<void>;
};

export const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

export function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((done) => {
    const timer = setTimeout(() => done(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      done(true);
    });
  });
}

export async function startWranglerDev(
  vars: Record<string, string>,
  flags: string[] = [],
  port?: number,
): Promise<DevServer> {
  port ??= await freePort();
  const url = `http://127.0.0.1:${port}`;
  const persist = mkdtempSync(join(tmpdir(), 'console-do-'));
  const args = [
    'dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--persist-to',
    persist,
    ...flags,
    ...Object.entries({ BASE_URL: url, ...vars }).flatMap(([k, v]) => ['--var', `${k}:${v}`]),
  ];
  const started = performance.now();
  const child = spawn(join(ROOT, 'scripts/wrangler.sh'), args, {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CI: '1' },
  });
  let output = '';
  child.stdout!.on('data', (d) => {
    output += d;
  });
  child.stderr!.on('data', (d) => {
    output += d;
  });

  const stop = async () => {
    if (!exited(child)) {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, 10_000))) {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* already gone */
        }
        await waitForExit(child, 5_000);
      }
    }
    rmSync(persist, { recursive: true, force: true });
  };

  const deadline = Date.now() + READY_WITHIN_MS;
  for (;;) {
    if (exited(child)) throw new Error(`wrangler dev exited early:\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`wrangler dev not ready within ${READY_WITHIN_MS / 1000} s:\n${output}`);
    }
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, pid: child.pid!, startMs: performance.now() - started, log: () => output, stop };
}
