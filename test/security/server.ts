// The real server as `npm start` runs it (the build, then its command from package.json) as a
// child process on a database FILE, for the suites that crash it, race it or read its logs; and a
// small cookie-keeping HTTP client for it.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { eq } from 'drizzle-orm';
import { channels, takeoverCases, users } from '../../db/schema';
import { buildServer, startCommand } from '../../scripts/build';
import { makeConfig } from '../../src/config';
import { addChannelsToCrisis } from '../../src/domain/crisis/crises';
import { singleKey, writeKeyFile } from '../../src/node/vault-key';
import { openDatabase } from '../../src/node/database';
import { ACCOUNTS, buildWorld, type World } from '../fixtures/scenario';
import { passSecondStep, TEST_SCRYPT_N } from '../helpers';

const ROOT = resolve(import.meta.dirname, '../..');

export type Prepared = { dir: string; dbPath: string; keyFile: string; world: World };

/** A temporary folder with the seeded world in `console.db` (checkpointed, closed) and its vault key file. */
export async function prepareWorld(): Promise<Prepared> {
  const dir = mkdtempSync(join(tmpdir(), 'ctc-security-'));
  const dbPath = join(dir, 'console.db');
  const keyFile = join(dir, 'credential.key');
  const vault = singleKey(randomBytes(32).toString('base64'));
  writeKeyFile(keyFile, vault);
  const { db, sqlite } = openDatabase(dbPath);
  const world = await buildWorld(db, makeConfig({ env: 'test', scryptN: TEST_SCRYPT_N, vault }));
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
  return { dir, dbPath, keyFile, world };
}

/** Adds every channel not yet in the open crisis to it: fresh cases (contacting, version 1). */
export function addFreshCases(p: Prepared): number[] {
  const { db, sqlite } = openDatabase(p.dbPath);
  const jef = db.select().from(users).where(eq(users.email, ACCOUNTS.crisis_operator)).get()!;
  const taken = new Set(
    db
      .select()
      .from(takeoverCases)
      .where(eq(takeoverCases.crisisId, p.world.crisisId))
      .all()
      .map((k) => k.channelId),
  );
  const added = addChannelsToCrisis(
    db,
    { userId: jef.id, role: 'crisis_operator' },
    {
      crisisId: p.world.crisisId,
      channelIds: db
        .select()
        .from(channels)
        .all()
        .filter((c) => !taken.has(c.id))
        .map((c) => c.id),
    },
    new Date(),
  );
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
  if (!added.ok) throw new Error(added.error);
  return added.value.added.map((k) => k.id);
}

export type Server = {
  url: string;
  proc: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output: () => string;
  exited: Promise<number | null>;
  /** SIGKILL: no shutdown handler runs, as in a crash. */
  crash: () => Promise<void>;
  stop: () => Promise<void>;
};

// Built once per test file: its servers (restarts, two at once) all run the same bundle.
let built: Promise<string> | undefined;

/** Starts the console on `dbPath` on a free port and waits until it listens. */
export async function startServer(
  p: Pick<Prepared, 'dbPath' | 'keyFile'>,
  env: Record<string, string> = {},
): Promise<Server> {
  await (built ??= buildServer());
  const start = startCommand();
  const proc = spawn(process.execPath, start.args, {
    cwd: ROOT,
    env: {
      ...process.env,
      ...start.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_PATH: p.dbPath,
      CREDENTIAL_KEY_FILE: p.keyFile,
      CREDENTIAL_KEY: '',
      CHECKPOINT_KEY_FILE: join(dirname(p.keyFile), 'checkpoint.key'),
      SMTP_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  proc.stderr!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((done) => proc.on('exit', (code) => done(code)));
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${out}`)), 60_000);
    const check = () => {
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        done(m[1]!);
      }
    };
    proc.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`server exited (${code}):\n${out}`));
    });
  });
  return {
    url,
    proc,
    exited,
    output: () => out,
    crash: async () => {
      proc.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

export type Reply = { status: number; location: string; text: string };

/** Cookies across requests and the CSRF token of the current session, over real HTTP. */
export class Client {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(public base: string) {}

  async request(path: string, init: RequestInit = {}): Promise<Reply> {
    const headers = new Headers(init.headers);
    if (this.cookies.size)
      headers.set('Cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(this.base + path, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      if (attrs.some((a) => /max-age=0/i.test(a)) || rest.join('=') === '')
        this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), rest.join('='));
    }
    const text = await res.text();
    this.csrf = /name="_csrf" value="([^"]+)"/.exec(text)?.[1] ?? this.csrf;
    return { status: res.status, location: res.headers.get('Location') ?? '', text };
  }

  get(path: string) {
    return this.request(path);
  }

  post(path: string, form: Record<string, string>) {
    return this.request(path, {
      method: 'POST',
      body: new URLSearchParams({ _csrf: this.csrf, ...form }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
  }

  async signIn(email: string, password: string) {
    await this.get('/sign-in');
    const res = await this.post('/sign-in', { email, password });
    if (res.status !== 303) throw new Error(`sign-in as ${email} failed: ${res.status}`);
    const landing = await this.get('/');
    if (landing.status === 303 && landing.location.startsWith('/second-factor')) {
      await passSecondStep(this, this, email, landing.location);
      await this.get('/');
    }
    return this;
  }

  /** The same session on another server (another process on the same database). */
  on(base: string): Client {
    const c = new Client(base);
    c.cookies = new Map(this.cookies);
    c.csrf = this.csrf;
    return c;
  }
}
