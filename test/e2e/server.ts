// The real Node server as `npm start` runs it (the build, then its command from package.json) as a
// child process on a free port of 127.0.0.1 with a fresh database in a temporary folder, the demo
// seeded. Stopped by its own PID, SIGTERM first (it drains the mailer and closes SQLite), SIGKILL
// if it does not go.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildServer, startCommand } from '../../scripts/build';
import { freePort } from '../fixtures/smtp';
import { exited, waitForExit } from '../workers/wrangler-dev';

const ROOT = resolve(import.meta.dirname, '../..');
const READY_WITHIN_MS = 90_000;

export type ConsoleServer = {
  url: string;
  pid: number;
  startMs: number;
  log: () => string;
  stop: () => Promise<void>;
};

/**
 * `hostname` names the server in its URL and BASE_URL (it listens on 127.0.0.1 either way):
 * passkeys need a domain name such as localhost, never an IP address, as their relying party.
 */
export async function startConsole(
  env: Record<string, string> = {},
  hostname = '127.0.0.1',
): Promise<ConsoleServer> {
  await buildServer();
  const start = startCommand();
  const port = await freePort();
  const url = `http://${hostname}:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'console-e2e-'));
  const started = performance.now();
  const child = spawn(process.execPath, start.args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...start.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      BASE_URL: url,
      DATABASE_PATH: join(dir, 'console.db'),
      // A vault key of its own, so no key file is written into ./data.
      CREDENTIAL_KEY: randomBytes(32).toString('base64'),
      CHECKPOINT_KEY_FILE: join(dir, 'checkpoint.key'),
      ...env,
    },
  });
  // Last resort: never leave the server behind when this process ends without the teardown.
  const killOnExit = () => {
    if (!exited(child)) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  let output = '';
  child.stdout!.on('data', (d) => {
    output += d;
  });
  child.stderr!.on('data', (d) => {
    output += d;
  });

  const stop = async () => {
    process.off('exit', killOnExit);
    if (!exited(child)) {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, 10_000))) {
        child.kill('SIGKILL');
        await waitForExit(child, 5_000);
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + READY_WITHIN_MS;
  while (!/listening on http/.test(output)) {
    if (exited(child)) {
      await stop();
      throw new Error(`the console exited before it listened:\n${output}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the console did not listen within ${READY_WITHIN_MS / 1000} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, pid: child.pid!, startMs: performance.now() - started, log: () => output, stop };
}
