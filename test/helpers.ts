// Test harness: the real app on a fresh in-memory SQLite database with the real migrations,
// a movable clock, and a tiny browser that keeps cookies and sends the CSRF token.
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { createApp, type App } from '../src/app';
import { makeConfig, type Config } from '../src/config';
import { SYSTEM } from '../src/domain/audit/trail';
import type { Db } from '../src/domain/lib/db';
import { createUser } from '../src/domain/auth/users';
import { loadAssets } from '../src/node/assets';
import { openDatabase } from '../src/node/database';
import { groupCommit, type GroupCommit } from '../src/node/group-commit';
import type { Role, User } from '../db/schema';

// Low scrypt cost keeps the suite fast; the OWASP default is tested in password.test.ts.
export const TEST_SCRYPT_N = 2 ** 10;
export const PASSWORD = 'correct horse battery';

export type Clock = { now: Date; advance(ms: number): void; set(d: Date | string): void };

export type TestContext = {
  app: App;
  db: Db;
  sqlite: Database.Database;
  config: Config;
  clock: Clock;
  /** Creates a user with the given roles (password: PASSWORD). */
  user(roles: Role[], name?: string): Promise<User>;
  /** A signed-in browser for a new user with these roles. */
  as(roles: Role[], name?: string): Promise<Browser>;
  browser(): Browser;
  /** The Node server's group commit, when asked for. */
  commits?: GroupCommit;
};

export type SetupOptions = {
  /** A database file instead of one in memory (to look at it from a second connection). */
  path?: string;
  /** Run with the Node server's group commit (src/node/group-commit.ts), as `npm start` does. */
  groupCommit?: boolean;
};

export async function setup(
  overrides: Partial<Config> = {},
  options: SetupOptions = {},
): Promise<TestContext> {
  const { db, sqlite } = openDatabase(options.path ?? ':memory:');
  const commits = options.groupCommit ? groupCommit(db, sqlite) : undefined;
  const clock: Clock = {
    now: new Date('2026-11-25T13:00:00.000Z'),
    advance(ms) {
      this.now = new Date(this.now.getTime() + ms);
    },
    set(d) {
      this.now = new Date(d);
    },
  };
  const config = makeConfig({
    env: 'test',
    scryptN: TEST_SCRYPT_N,
    now: () => clock.now,
    vault: { currentKeyId: 'k1', keys: { k1: randomBytes(32).toString('base64') } },
    ...overrides,
  });
  const app = createApp({
    db,
    config,
    assets: loadAssets(),
    ...(commits ? { durability: commits } : {}),
  });
  let n = 0;
  const ctx: TestContext = {
    app,
    db,
    sqlite,
    config,
    clock,
    ...(commits ? { commits } : {}),
    async user(roles, name) {
      n += 1;
      const result = await createUser(
        db,
        SYSTEM,
        {
          name: name ?? `${roles.join('+')} ${n}`,
          email: `user${n}@test.invalid`,
          password: PASSWORD,
          roles,
          language: 'nl',
          active: true,
        },
        clock.now,
        TEST_SCRYPT_N,
      );
      if (!result.ok) throw new Error(result.error);
      return result.value;
    },
    async as(roles, name) {
      const user = await ctx.user(roles, name);
      const b = new Browser(app);
      await b.signIn(user.email);
      return b;
    },
    browser: () => new Browser(app),
  };
  return ctx;
}

export type Res = Response & { text_: string };

/** Cookies across requests, the CSRF token of the current session, form posts. */
export class Browser {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(private app: App) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      const expired = attrs.some((a) => /max-age=0/i.test(a.trim())) || value === '';
      if (expired) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
  }

  async request(path: string, init: RequestInit = {}): Promise<Res> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('Cookie', this.cookieHeader());
    const res = await this.app.request(path, { ...init, headers });
    this.keep(res);
    const text = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
    if (token) this.csrf = token;
    return Object.assign(res, { text_: text });
  }

  get(path: string, headers: Record<string, string> = {}) {
    return this.request(path, { headers });
  }

  /** POSTs a form with this session's CSRF token (fetching a page first if none is known). */
  async post(
    path: string,
    form: Record<string, string | string[]> = {},
    headers: Record<string, string> = {},
  ) {
    if (!this.csrf) await this.get('/sign-in');
    const body = new URLSearchParams();
    body.append('_csrf', this.csrf);
    for (const [k, v] of Object.entries(form)) for (const x of [v].flat()) body.append(k, x);
    return this.request(path, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    });
  }

  async signIn(email: string, password = PASSWORD) {
    await this.get('/sign-in');
    const res = await this.post('/sign-in', { email, password });
    if (res.status === 303) await this.get('/'); // picks up the new session's CSRF token
    return res;
  }
}
