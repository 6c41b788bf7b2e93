// Secrets, end to end on the real server: login details stored, revealed, the vault key rotated
// with `npm run vault:rotate-key`, revealed again. Afterwards the plaintext is nowhere but on the
// reveal page itself: not in the database file, its WAL, the server's log, the audit export or
// any page. Passwords, session cookies, the SMTP password and vault keys never reach the log.
// The server runs against an SMTP server that accepts and never answers, which also shows that
// a request that queues a notification does not wait for SMTP.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { makeConfig } from '../../src/config';
import { openDatabase } from '../../src/node/database';
import { toBrusselsLocal } from '../../src/i18n/format';
import { ACCOUNTS, DEMO_PASSWORD, OTHER_OWNER, pathsFor } from '../fixtures/scenario';
import { startSilentPeer } from '../fixtures/smtp';
import { Client, prepareWorld, startServer, type Prepared, type Server } from './server';

const run = promisify(execFile);
const mark = randomBytes(6).toString('hex');
const SECRET = {
  password: `Wachtwoord-${mark}-!`,
  twoFactor: `Herstelcodes 9${mark}1`,
  username: `login_${mark}`,
};
const SMTP_PASSWORD = `smtp-${mark}-pass`;

let p: Prepared;
let silent: Awaited<ReturnType<typeof startSilentPeer>>;
let server: Server;
const outputs: string[] = [];
const env = () => ({ SMTP_URL: `smtp://mailer:${SMTP_PASSWORD}@127.0.0.1:${silent.port}` });
const sqlite = () => new Database(p.dbPath, { readonly: true });

beforeAll(async () => {
  p = await prepareWorld();
  silent = await startSilentPeer();
  server = await startServer(p, env());
}, 120_000);

afterAll(async () => {
  if (server.proc.exitCode === null) await server.crash();
  await silent.stop();
  rmSync(p.dir, { recursive: true, force: true });
});

/** Every page of the app (routes read from a throwaway app), for every id of the world. */
function pages(): string[] {
  const app = createApp({ db: openDatabase(':memory:').db, config: makeConfig() });
  const patterns = new Set(
    app.routes
      .filter((r) => r.method === 'GET' && !r.path.startsWith('/api/') && !r.path.includes('*'))
      .map((r) => r.path),
  );
  return [...patterns].flatMap((pattern) => pathsFor(p.world, pattern));
}

describe('owner notifications while SMTP hangs', () => {
  it('answers the takeover at once and keeps every notice it queued', async () => {
    // The sender has connected to the SMTP server with the world's queued notices and waits for a greeting that never comes.
    while (silent.connections() === 0) await new Promise((r) => setTimeout(r, 20));
    const operator = await new Client(server.url).signIn(ACCOUNTS.crisis_operator, DEMO_PASSWORD);
    const caseId = p.world.cases.contacting;
    const db = sqlite();
    const version = db
      .prepare('SELECT version FROM takeover_cases WHERE id = ?')
      .pluck()
      .get(caseId) as number;
    db.close();
    const res = await operator.post(`/crises/${p.world.crisisId}/cases/${caseId}/acute`, {
      version: String(version),
      justification: 'De kaaien gaan dicht; dat moet nu online.',
      deadline: toBrusselsLocal(new Date(Date.now() + 30 * 60_000)),
    });
    expect(res.status).toBe(303);
    const after = sqlite();
    const notices = after
      .prepare(
        "SELECT id, status FROM notifications WHERE case_id = ? AND event = 'takeover_authorised'",
      )
      .all(caseId) as { id: number; status: string }[];
    const owners = after
      .prepare('SELECT count(*) FROM channel_owners WHERE channel_id = ?')
      .pluck()
      .get(p.world.channels.login.id);
    const tried = after
      .prepare(
        `SELECT count(*) FROM delivery_attempts WHERE notification_id IN (${notices.map((n) => n.id).join(',') || 0})`,
      )
      .pluck()
      .get();
    after.close();
    expect(notices).toHaveLength(owners as number);
    expect(notices.every((n) => n.status === 'queued')).toBe(true);
    // Answered while SMTP has not said a word: no delivery of these notices was even attempted yet.
    expect(tried).toBe(0);
  }, 60_000);

  it('stops on SIGTERM without opening another SMTP connection, leaving the unsent notices queued', async () => {
    const opened = silent.connections();
    const queued = () => {
      const db = sqlite();
      const n = db
        .prepare("SELECT count(*) FROM notifications WHERE status = 'queued'")
        .pluck()
        .get() as number;
      db.close();
      return n;
    };
    const before = queued();
    // The sender is stuck on the send in flight; it finishes that one (or its timeout) and sends no more.
    await server.stop();
    expect(silent.connections()).toBe(opened);
    expect(queued()).toBe(before);
    expect(server.output()).not.toContain(SMTP_PASSWORD);
  }, 60_000);
});

describe('secrets', () => {
  it('keeps the plaintext of login details out of the database, WAL, log, audit export and every page but the reveal', async () => {
    // SMTP is down from here on (refused at once), so stopping the console does not wait for it.
    await silent.stop();
    server = await startServer(p, env());
    const comm = await new Client(server.url).signIn(ACCOUNTS.communicatie, DEMO_PASSWORD);
    const operator = await new Client(server.url).signIn(ACCOUNTS.crisis_operator, DEMO_PASSWORD);
    const channel = p.world.channels.login.id;
    expect((await comm.post(`/channels/${channel}/credentials`, SECRET)).status).toBe(303);
    const revealed = await operator.post(`/channels/${channel}/reveal`, {
      crisisId: String(p.world.crisisId),
      reason: 'Kanaal overnemen tijdens de overstroming',
    });
    expect(revealed.status).toBe(200);
    expect(revealed.text).toContain(SECRET.password);
    expect(revealed.text).toContain(SECRET.twoFactor);
    const files = (): Record<string, Buffer> =>
      Object.fromEntries(
        [p.dbPath, `${p.dbPath}-wal`].filter(existsSync).map((f) => [f, readFileSync(f)]),
      );
    const whileRunning = files();
    const keysBefore = readFileSync(p.keyFile, 'utf8');

    // Rotate the vault key the way an operator does: stop, rotate, start.
    await server.stop();
    outputs.push(server.output());
    const rotated = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/vault-rotate-key.ts'],
      {
        env: {
          ...process.env,
          DATABASE_PATH: p.dbPath,
          CREDENTIAL_KEY_FILE: p.keyFile,
          CREDENTIAL_KEY: '',
        },
      },
    );
    expect(rotated.stdout).toMatch(/Re-encrypted \d+ login details/);
    outputs.push(rotated.stdout, rotated.stderr);
    server = await startServer(p, env());
    const comm2 = comm.on(server.url);
    const again = await comm2.post(`/channels/${channel}/reveal`, {
      crisisId: '',
      reason: 'Controle na het wisselen van de sleutel',
    });
    expect(again.text).toContain(SECRET.password);

    const exported = [
      await comm2.post('/audit/export.json', {}),
      await comm2.post('/audit/export.csv', {}),
    ];
    for (const e of exported) expect(e.status).toBe(200);
    const seen: Record<string, string> = {};
    const viewers = {
      communicatie: comm2,
      crisis_operator: operator.on(server.url),
      owner: await new Client(server.url).signIn(ACCOUNTS.owner, DEMO_PASSWORD),
      otherOwner: await new Client(server.url).signIn(OTHER_OWNER.email, DEMO_PASSWORD),
      anonymous: new Client(server.url),
    };
    for (const page of pages()) {
      for (const [who, client] of Object.entries(viewers))
        seen[`${page} as ${who}`] = (await client.get(page)).text;
    }
    seen['audit export (json)'] = exported[0]!.text;
    seen['audit export (csv)'] = exported[1]!.text;
    await server.stop();
    outputs.push(server.output());

    const plaintext = [SECRET.password, SECRET.twoFactor, SECRET.username];
    const where = (haystacks: Record<string, string | Buffer>, needles: string[]) =>
      Object.entries(haystacks).flatMap(([name, text]) =>
        needles.filter((s) => text.includes(s)).map((s) => `${s} in ${name}`),
      );
    expect(where({ ...seen, ...whileRunning, ...files() }, plaintext)).toEqual([]);

    // The log: no login detail, password, session cookie (nor its hash), SMTP password or vault key.
    const cookies = [comm, operator, ...Object.values(viewers)]
      .flatMap((c) => [...c.cookies.values()])
      .filter((v) => v.length >= 32);
    const keys = [keysBefore, readFileSync(p.keyFile, 'utf8')].flatMap((k) =>
      Object.values(JSON.parse(k).keys as Record<string, string>),
    );
    const forbidden = [
      ...plaintext,
      DEMO_PASSWORD,
      SMTP_PASSWORD,
      ...cookies,
      ...cookies.map((c) => createHash('sha256').update(c).digest('hex')),
      ...keys,
    ];
    expect(outputs.join('\n').length).toBeGreaterThan(0);
    expect(where({ log: outputs.join('\n') }, forbidden)).toEqual([]);
  }, 180_000);
});
