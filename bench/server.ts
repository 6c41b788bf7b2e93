// The console as `npm start` runs it, as a child process the benchmark drives over HTTP: start it
// on a free port, sign in like a browser, fetch what a browser downloads, read its peak memory,
// and always stop it.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type Database from 'better-sqlite3';
import { buildServer, startCommand } from '../scripts/build';
import { totpCode } from '../src/domain/auth/totp';
import { BENCH_CREDENTIAL_KEY, BENCH_TOTP_SECRET } from './build-db';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export type Server = {
  origin: string;
  port: number;
  pid: number;
  /** Lines the server wrote to stderr (request failures are logged there). */
  errors: string[];
  /** VmHWM and VmRSS from /proc/<pid>/status, in bytes. */
  memory(): { peak: number; current: number };
  /** CPU seconds the server has used (user + system, /proc/<pid>/stat). */
  cpuSeconds(): number;
  stop(): Promise<void>;
};

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const probe = createServer()
      .listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => ok(port));
      })
      .on('error', fail);
  });
}

const statusKb = (pid: number, key: string) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${key}:`));
  return Number(line?.match(/(\d+)/)?.[1] ?? 0) * 1024;
};

// Fields 14 and 15 after the command name: user and system time in clock ticks (100 a second on Linux).
export const cpuSecondsOf = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

/**
 * What the bench asks about: the open crisis, and its case with the longest history (the case an
 * operator opens after logging an attempt). run.ts and growth.ts pick the same.
 */
export function benchSubjects(probe: Database.Database): { crisisId: number; caseId: number } {
  const crisisId = probe
    .prepare("SELECT id FROM crises WHERE status = 'open' ORDER BY id DESC LIMIT 1")
    .pluck()
    .get() as number;
  const caseId = probe
    .prepare(
      `SELECT c.id FROM takeover_cases c LEFT JOIN contact_attempts a ON a.case_id = c.id
      WHERE c.crisis_id = ? GROUP BY c.id ORDER BY count(a.id) DESC, c.id LIMIT 1`,
    )
    .pluck()
    .get(crisisId) as number;
  return { crisisId, caseId };
}

/** The server's checkpoint key, beside its database (bench/checkpoints.ts signs with it too). */
export const checkpointKeyFile = (databasePath: string) =>
  join(dirname(databasePath), 'checkpoint.key');

/**
 * As `npm start`: the build (prestart), then its command from package.json (startCommand: the
 * environment it sets, `node dist/node/server.js`) with NODE_ENV=production on the given database;
 * resolves once it answers /healthz. The child is node itself, not npm, so the pid, CPU time and
 * memory read are the server's own.
 */
export async function startServer(databasePath: string, nodeArgs: string[] = []): Promise<Server> {
  await buildServer();
  const start = startCommand();
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, ...start.args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...start.env,
      NODE_ENV: 'production',
      DATABASE_PATH: databasePath,
      PORT: String(port),
      HOST: '127.0.0.1',
      // The builder's vault key (it sealed the bench user's TOTP secret); without one the server
      // would create ./data/credential.key.
      CREDENTIAL_KEY: BENCH_CREDENTIAL_KEY,
      CHECKPOINT_KEY_FILE: checkpointKeyFile(databasePath),
      SMTP_URL: '',
    },
  });
  const errors: string[] = [];
  child.stdout!.resume();
  child
    .stderr!.setEncoding('utf8')
    .on('data', (chunk: string) => errors.push(...chunk.split('\n').filter(Boolean)));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  // Never outlive the benchmark, whatever ends it.
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  const origin = `http://127.0.0.1:${port}`;
  const server: Server = {
    origin,
    port,
    pid: child.pid!,
    errors,
    memory: () => ({ peak: statusKb(child.pid!, 'VmHWM'), current: statusKb(child.pid!, 'VmRSS') }),
    cpuSeconds: () => cpuSecondsOf(child.pid!),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      process.off('exit', orphanGuard);
    },
  };
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null)
      throw new Error(`the server exited with ${child.exitCode}: ${errors.join('\n')}`);
    try {
      if ((await get(origin, '/healthz')).status === 200) return server;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await server.stop();
  throw new Error('the server did not answer /healthz within 30 s');
}

export type Fetched = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  wireBytes: number;
  body: string;
};

/** A GET (or form POST) as a browser sends it, gzip accepted; wireBytes is what crossed the socket as body. */
export function get(
  origin: string,
  path: string,
  headers: Record<string, string> = {},
  form?: string,
): Promise<Fetched> {
  return new Promise((ok, fail) => {
    const req = request(
      `${origin}${path}`,
      {
        method: form === undefined ? 'GET' : 'POST',
        headers: {
          'Accept-Encoding': 'gzip',
          Accept: 'text/html',
          ...headers,
          ...(form === undefined
            ? {}
            : {
                'Content-Type': 'application/x-www-form-urlencoded',
                'Content-Length': Buffer.byteLength(form),
              }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const body = res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
          ok({
            status: res.statusCode!,
            headers: res.headers,
            wireBytes: raw.length,
            body: body.toString('utf8'),
          });
        });
      },
    );
    req.on('error', fail);
    req.setTimeout(30_000, () => req.destroy(new Error(`GET ${path} timed out`)));
    req.end(form);
  });
}

const cookiesOf = (f: Fetched) =>
  [f.headers['set-cookie'] ?? []].flat().map((c) => c.split(';')[0]!);
export const csrfIn = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)?.[1];

/** Signs in through the sign-in form; returns the session cookie and the session's CSRF token. */
export async function signIn(origin: string, email: string, password: string, landing: string) {
  const page = await get(origin, '/sign-in');
  const anonCsrf = csrfIn(page.body);
  if (!anonCsrf) throw new Error('no CSRF token on the sign-in page');
  const form = new URLSearchParams({ _csrf: anonCsrf, email, password }).toString();
  const posted = await get(origin, '/sign-in', { Cookie: cookiesOf(page).join('; ') }, form);
  const session = cookiesOf(posted).find((c) => c.startsWith('session='));
  if (posted.status !== 303 || !session) throw new Error(`sign-in failed with ${posted.status}`);
  let signedIn = await get(origin, landing, { Cookie: session });
  // The crisis cell's second factor (the builder enrolled a TOTP secret); owners have none.
  const step = String(signedIn.headers.location ?? '');
  if (signedIn.status === 303 && step.startsWith('/second-factor')) {
    const stepPage = await get(origin, step, { Cookie: session });
    const csrf = csrfIn(stepPage.body) ?? '';
    // A code counts once: a run started within 30 s of the last one waits for the next code.
    for (let tries = 1; ; tries++) {
      const code = totpCode(BENCH_TOTP_SECRET, new Date());
      const form = new URLSearchParams({ _csrf: csrf, code }).toString();
      const passed = await get(origin, '/second-factor/totp', { Cookie: session }, form);
      if (passed.status === 303) break;
      if (tries === 2) throw new Error(`the second factor answered ${passed.status}`);
      await new Promise((r) => setTimeout(r, 30_100 - (Date.now() % 30_000)));
    }
    signedIn = await get(origin, landing, { Cookie: session });
  }
  const csrf = csrfIn(signedIn.body);
  if (signedIn.status !== 200 || !csrf)
    throw new Error(
      `${landing} answered ${signedIn.status} after sign-in (to ${signedIn.headers.location})`,
    );
  return { cookie: session, csrf };
}
