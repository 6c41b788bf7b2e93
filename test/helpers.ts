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
import { stepAt, totpCode, TOTP_PERIOD } from '../src/domain/auth/totp';
import { DEMO_TOTP_SECRET, DEMO_USERS } from '../src/seed/demo';

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
  registerApp(app, config.now);
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

// The second step of the sign-in, as a person with an authenticator app does it. What the
// "app" knows per user (its secret, the last time step whose code it gave, the recovery codes
// shown at enrolment) is kept per app under test; the clock is the app's (a test's movable one,
// or real time for a server over HTTP). Demo accounts use the seed's known secret.
type Authenticator = { secret: string; lastStep: number; recovery: string[] };
const clocks = new WeakMap<object, () => Date>();
const authenticators = new WeakMap<object, Map<string, Authenticator>>();
const overHttp = new Map<string, Authenticator>();

/** The app's clock, for the second step's codes. */
export function registerApp(app: App, now: () => Date) {
  clocks.set(app, now);
}

/** A copy of an app (a cloned world) shares the original's authenticators and clock. */
export function shareFactors(from: App, to: App) {
  const known = authenticators.get(from);
  if (known) authenticators.set(to, new Map([...known].map(([k, v]) => [k, { ...v }])));
  const now = clocks.get(from);
  if (now) clocks.set(to, now);
}

function authenticatorsOf(app: object): Map<string, Authenticator> {
  if (!clocks.has(app)) return overHttp;
  let known = authenticators.get(app);
  if (!known) authenticators.set(app, (known = new Map()));
  return known;
}

const DEMO_FACTOR_EMAILS = new Set(
  DEMO_USERS.filter((u) => u.roles.some((r) => r !== 'owner')).map((u) => u.email),
);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the second step needs of a browser: pages and form posts, redirects not followed. */
export type StepIo = {
  get(path: string): Promise<StepReply>;
  post(path: string, form: Record<string, string>): Promise<StepReply>;
};
type StepReply = { status: number; location: string; text: string };
const reply = (res: Res): StepReply => ({
  status: res.status,
  location: res.headers.get('Location') ?? '',
  text: res.text_,
});

/**
 * Enrols an authenticator app (a new account that must have one: the page shows the secret, the
 * recovery codes shown then are kept) or gives the app's next code; `app` is the app under test
 * (its clock), or anything else for a server over HTTP (real time).
 */
export async function passSecondStep(
  io: StepIo,
  app: object,
  email: string,
  path: string,
): Promise<void> {
  const now = clocks.get(app) ?? (() => new Date());
  const known = authenticatorsOf(app);
  let page = await io.get(path);
  if (page.status === 303 && page.location) page = await io.get(page.location);
  const shown = /id="totp-secret">([A-Z2-7 ]+)</.exec(page.text)?.[1];
  if (shown) {
    const secret = shown.replace(/ /g, '');
    const codes = await io.post('/second-factor/totp/confirm', { code: totpCode(secret, now()) });
    const recovery = [...codes.text.matchAll(/<li><code>([a-z0-9-]+)<\/code>/g)].map((m) => m[1]!);
    if (codes.status !== 200 || recovery.length === 0)
      throw new Error(`enrolment of ${email} answered ${codes.status}`);
    known.set(email, { secret, lastStep: stepAt(now()), recovery });
    return;
  }
  let authenticator = known.get(email);
  if (!authenticator && DEMO_FACTOR_EMAILS.has(email))
    known.set(email, (authenticator = { secret: DEMO_TOTP_SECRET, lastStep: 0, recovery: [] }));
  if (!authenticator) throw new Error(`no authenticator known for ${email}`);
  // A code is accepted once, and one step either side of now: at most three sign-ins per 30 s
  // with codes, then a recovery code; over HTTP (real time) the next step is waited for.
  for (let round = 0; round < 3; round++) {
    const current = stepAt(now());
    for (
      let step = Math.max(current - 1, authenticator.lastStep + 1);
      step <= current + 1;
      step++
    ) {
      authenticator.lastStep = step;
      const code = totpCode(authenticator.secret, new Date(step * TOTP_PERIOD * 1000));
      if ((await io.post('/second-factor/totp', { code })).status === 303) return;
    }
    const recovery = authenticator.recovery.shift();
    if (recovery) {
      const res = await io.post('/second-factor/recovery', { recoveryCode: recovery });
      if (res.status === 303) return;
    }
    if (clocks.has(app)) break;
    await sleep(TOTP_PERIOD * 1000 - (Date.now() % (TOTP_PERIOD * 1000)) + 100);
  }
  throw new Error(`the second step of ${email} failed`);
}

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
    if (res.status !== 303) return res;
    const landing = await this.get('/'); // picks up the new session's CSRF token
    const step = landing.headers.get('Location') ?? '';
    if (landing.status === 303 && step.startsWith('/second-factor')) {
      await this.secondStep(email, step);
      await this.get('/');
    }
    return res;
  }

  /** The second step at `path`: see passSecondStep. */
  secondStep(email: string, path: string): Promise<void> {
    const io: StepIo = {
      get: async (p) => reply(await this.get(p)),
      post: async (p, form) => reply(await this.post(p, form)),
    };
    return passSecondStep(io, this.app, email, path);
  }
}
