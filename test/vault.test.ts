import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { auditEvents, credentials, notifications } from '../db/schema';
import { createApp } from '../src/app';
import { makeConfig } from '../src/config';
import { SYSTEM } from '../src/domain/audit/trail';
import { addChannelsToCrisis } from '../src/domain/crisis/crises';
import { openRow, reencryptAll } from '../src/domain/vault/credentials';
import { createUser } from '../src/domain/auth/users';
import { open, seal, VaultError, type VaultKeys } from '../src/domain/vault/vault';
import { loadAssets } from '../src/node/assets';
import { openDatabase } from '../src/node/database';
import { loadVaultKeys, VaultKeyError } from '../src/node/vault-key';
import { Browser, PASSWORD, registerApp, setup, TEST_SCRYPT_N, type TestContext } from './helpers';
import { channel, crisis, owner } from './registry-fixtures';

const SECRET = 'Zomer!Festival-9431-geheim';
const keys = (id = 'k1'): VaultKeys => ({
  currentKeyId: id,
  keys: { [id]: randomBytes(32).toString('base64') },
});
const login = {
  username: 'zomerfestival.turnhout',
  password: SECRET,
  twoFactor: 'Herstelcodes 4821-0932',
};
const reason = 'Controle na overdracht van het team';

async function withStoredLogin(t: TestContext) {
  const o = owner(t, 'Laura Michiels');
  const c = channel(t, 'Zomerfestival', { platform: 'instagram', owners: [o.id] });
  const admin = await t.as(['communicatie'], 'Lotte Communicatie');
  expect((await admin.post(`/channels/${c.id}/credentials`, login)).status).toBe(303);
  return { c, admin };
}

describe('the vault', () => {
  it('encrypts each value with a fresh nonce and the key id beside it', () => {
    const v = keys();
    const a = seal(v, 1, SECRET);
    const b = seal(v, 1, SECRET);
    expect(a.keyId).toBe('k1');
    expect(Buffer.from(a.nonce, 'base64')).toHaveLength(12);
    expect(a.nonce).not.toBe(b.nonce);
    expect(a.ciphertext).not.toContain(SECRET);
    expect(open(v, 1, a)).toBe(SECRET);
  });

  it('gives a clear error for a wrong, missing or absent key, never garbage', () => {
    const sealed = seal(keys(), 7, SECRET);
    const fail = (fn: () => unknown) => {
      try {
        fn();
        return null;
      } catch (e) {
        return e as VaultError;
      }
    };
    expect(
      fail(() =>
        open({ currentKeyId: 'k1', keys: { k1: randomBytes(32).toString('base64') } }, 7, sealed),
      )?.reason,
    ).toBe('vault.wrongKey');
    expect(fail(() => open(keys('k2'), 7, sealed))?.reason).toBe('vault.keyMissing');
    expect(fail(() => open(null, 7, sealed))?.reason).toBe('vault.notConfigured');
    // A value copied onto another channel's row does not open either.
    const v = keys();
    expect(fail(() => open(v, 8, seal(v, 7, SECRET)))?.reason).toBe('vault.wrongKey');
  });

  it('shows a clear message when the console runs with another key than the one that stored the details', async () => {
    const t = await setup();
    const { c } = await withStoredLogin(t);
    const other = createApp({
      db: t.db,
      config: { ...t.config, vault: keys() },
      assets: loadAssets(),
    });
    registerApp(other, t.config.now);
    const user = await t.user(['communicatie']);
    const b = new Browser(other);
    await b.signIn(user.email);
    const res = await b.post(`/channels/${c.id}/reveal`, { crisisId: '', reason });
    expect(res.status).toBe(422);
    expect(res.text_).toContain('Deze gegevens openen niet met sleutel k1');
    expect(
      t.db.select().from(auditEvents).where(eq(auditEvents.action, 'credentials.revealed')).all(),
    ).toHaveLength(0);
  });

  it('re-encrypts every value under a new key in one go, and every secret stays readable', async () => {
    const t = await setup();
    const v1 = t.config.vault!;
    const rows = [1, 2, 3].map((n) => channel(t, `Kanaal ${n}`, { platform: 'tiktok' }));
    for (const c of rows) {
      t.db
        .insert(credentials)
        .values({
          channelId: c.id,
          ...seal(v1, c.id, JSON.stringify({ ...login, password: `pw-${c.id}` })),
          changedAt: t.clock.now.toISOString(),
        })
        .run();
    }
    const v2 = keys('k2');
    expect(reencryptAll(t.db, SYSTEM, v1, v2, t.clock.now)).toBe(3);
    for (const row of t.db.select().from(credentials).all()) {
      expect(row.keyId).toBe('k2');
      const opened = openRow(v2, row);
      expect(opened.ok && opened.value.password).toBe(`pw-${row.channelId}`);
      expect(openRow(v1, row).ok).toBe(false);
    }
    expect(
      t.db.select().from(auditEvents).where(eq(auditEvents.action, 'vault.key_rotated')).all(),
    ).toHaveLength(1);
  });

  it('changes nothing when one value does not open with the old key', async () => {
    const t = await setup();
    const [a, b] = [channel(t, 'A', { platform: 'x' }), channel(t, 'B', { platform: 'x' })];
    t.db
      .insert(credentials)
      .values({ channelId: a.id, ...seal(t.config.vault, a.id, '{}'), changedAt: 'x' })
      .run();
    t.db
      .insert(credentials)
      .values({ channelId: b.id, ...seal(keys('k1'), b.id, '{}'), changedAt: 'x' })
      .run();
    const before = t.db.select().from(credentials).all();
    expect(() => reencryptAll(t.db, SYSTEM, t.config.vault!, keys('k2'), t.clock.now)).toThrow(
      VaultError,
    );
    expect(t.db.select().from(credentials).all()).toEqual(before);
  });

  it('updates login details, audited, keeping the user name and clearing the rotation flag', async () => {
    const t = await setup();
    const { c, admin } = await withStoredLogin(t);
    t.db.update(credentials).set({ mustRotate: true }).run();
    t.clock.advance(60_000);
    expect(
      (
        await admin.post(`/channels/${c.id}/credentials`, {
          username: '',
          password: 'Nieuw-wachtwoord-2027',
          twoFactor: '',
        })
      ).status,
    ).toBe(303);
    const row = t.db.select().from(credentials).get()!;
    expect(row.mustRotate).toBe(false);
    expect(row.changedAt).toBe(t.clock.now.toISOString());
    const opened = openRow(t.config.vault, row);
    expect(opened.ok && opened.value).toEqual({
      username: login.username,
      password: 'Nieuw-wachtwoord-2027',
      twoFactor: login.twoFactor,
    });
    const event = t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'credentials.updated'))
      .get()!;
    expect(JSON.parse(event.details).changed).toEqual(['password']);
  });
});

describe('the vault key on Node', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('creates a key file with mode 0600 on the first start and reads the same key afterwards', () => {
    dir = mkdtempSync(join(tmpdir(), 'vault-'));
    const path = join(dir, 'sub', 'credential.key');
    const lines: string[] = [];
    const first = loadVaultKeys({ CREDENTIAL_KEY_FILE: path }, (l) => lines.push(l));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(lines.join()).toContain(path);
    expect(loadVaultKeys({ CREDENTIAL_KEY_FILE: path }).vault).toEqual(first.vault);
  });

  it('takes CREDENTIAL_KEY first, and refuses one that is not 32 bytes of base64', () => {
    const key = randomBytes(32).toString('base64');
    const fromEnv = loadVaultKeys({
      CREDENTIAL_KEY: key,
      CREDENTIAL_KEY_FILE: '/nonexistent/never-created',
    });
    expect(Object.values(fromEnv.vault.keys)).toEqual([key]);
    expect(existsSync('/nonexistent/never-created')).toBe(false);
    expect(() => loadVaultKeys({ CREDENTIAL_KEY: 'c2hvcnQ=' })).toThrow(VaultKeyError);
  });
});

describe('reveal (break-glass)', () => {
  it('says so when a channel has no login details to reveal', async () => {
    const t = await setup();
    const c = channel(t, 'Zonder login', { platform: 'tiktok' });
    const b = await t.as(['communicatie']);
    const res = await b.post(`/channels/${c.id}/reveal`, { crisisId: '', reason });
    expect(res.status).toBe(422);
    expect(res.text_).toContain('Voor dit kanaal zijn geen logingegevens bewaard.');
    expect((await b.post('/channels/999/reveal', { crisisId: '', reason })).status).toBe(404);
  });

  it('refuses an owner before anything happens', async () => {
    const t = await setup();
    const { c } = await withStoredLogin(t);
    const b = await t.as(['owner']);
    const res = await b.post(`/channels/${c.id}/reveal`, { crisisId: '', reason });
    expect(res.status).toBe(403);
    expect(res.text_).not.toContain(SECRET);
  });

  it('refuses without a reason and writes nothing', async () => {
    const t = await setup();
    const { c, admin } = await withStoredLogin(t);
    const before = t.db.select({ n: count() }).from(auditEvents).get()!.n;
    const res = await admin.post(`/channels/${c.id}/reveal`, { crisisId: '', reason: '  ' });
    expect(res.status).toBe(422);
    expect(res.text_).toContain('Dit veld is verplicht.');
    expect(
      (await admin.post(`/channels/${c.id}/reveal`, { crisisId: '', reason: 'kort' })).text_,
    ).toContain('Geef een reden van minstens 10 tekens.');
    expect(t.db.select({ n: count() }).from(auditEvents).get()!.n).toBe(before);
    expect(t.db.select().from(credentials).get()!.mustRotate).toBe(false);
  });

  it('lets Communicatie verify outside a crisis: audited without the secret, owners told, rotation required, not cached', async () => {
    const t = await setup();
    const { c, admin } = await withStoredLogin(t);
    const res = await admin.post(`/channels/${c.id}/reveal`, { crisisId: '', reason });
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toContain('no-store');
    expect(res.text_).toMatch(/<details[^>]*data-secret/);
    expect(res.text_).toContain(`<code>${SECRET}</code>`);
    expect(res.text_).not.toMatch(new RegExp(`value="${SECRET}"`));
    const event = t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'credentials.revealed'))
      .get()!;
    expect(event.channelId).toBe(c.id);
    expect(event.actorRole).toBe('communicatie');
    expect(JSON.parse(event.details)).toMatchObject({
      purpose: 'verification',
      reason,
      who: 'Lotte Communicatie',
    });
    expect(event.details).not.toContain(SECRET);
    const row = t.db.select().from(credentials).get()!;
    expect(row.mustRotate).toBe(true);
    expect(row.lastRevealedAt).toBe(t.clock.now.toISOString());
    expect(
      t.db
        .select()
        .from(notifications)
        .where(eq(notifications.event, 'credentials_revealed'))
        .all(),
    ).toHaveLength(1);
  });

  it('refuses a crisis operator outside a crisis, and one in a crisis to which Article 2 does not apply', async () => {
    const t = await setup();
    const { c } = await withStoredLogin(t);
    const op = await t.as(['crisis_operator']);
    const declarer = await t.user(['crisis_operator']);
    expect((await op.post(`/channels/${c.id}/reveal`, { crisisId: '', reason })).text_).toContain(
      'Buiten een crisis mag alleen Communicatie',
    );
    const small = crisis(t, declarer.id, { impact: 'limited' });
    const res = await op.post(`/channels/${c.id}/reveal`, { crisisId: String(small.id), reason });
    expect(res.status).toBe(422);
    expect(res.text_).toContain('Artikel 2 geldt alleen');
    expect(
      t.db.select().from(auditEvents).where(eq(auditEvents.action, 'credentials.revealed')).all(),
    ).toHaveLength(0);
  });

  it('lets a crisis operator reveal during a crisis in which Article 2 applies, audited with the crisis', async () => {
    const t = await setup();
    const { c } = await withStoredLogin(t);
    const op = await t.as(['crisis_operator']);
    const declarer = await t.user(['crisis_operator']);
    const storm = crisis(t, declarer.id);
    // The choice lists the crises that affect the channel (or that the operator joined).
    expect((await op.get(`/channels/${c.id}/reveal`)).text_).not.toContain('Stormschade');
    const declarerActor = { userId: declarer.id, role: 'crisis_operator' as const };
    addChannelsToCrisis(
      t.db,
      declarerActor,
      { crisisId: storm.id, channelIds: [c.id] },
      t.clock.now,
    );
    expect((await op.get(`/channels/${c.id}/reveal`)).text_).toContain('Stormschade');
    const res = await op.post(`/channels/${c.id}/reveal`, {
      crisisId: String(storm.id),
      reason: 'Evacuatiebericht moet nu online',
    });
    expect(res.status).toBe(200);
    expect(res.text_).toContain(SECRET);
    const event = t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'credentials.revealed'))
      .get()!;
    expect(event.crisisId).toBe(storm.id);
    expect(event.actorRole).toBe('crisis_operator');
  });

  it('in an exercise only confirms that the details exist and decrypt', async () => {
    const t = await setup();
    const { c, admin } = await withStoredLogin(t);
    const drill = crisis(t, (await t.user(['crisis_operator'])).id, {
      isExercise: true,
      title: 'Oefening brand',
    });
    const res = await admin.post(`/channels/${c.id}/reveal`, {
      crisisId: String(drill.id),
      reason: 'Oefening van de crisiscel',
    });
    expect(res.status).toBe(200);
    expect(res.text_).toContain('de gegevens bestaan en openen correct');
    expect(res.text_).not.toContain(SECRET);
    expect(res.text_).not.toContain(login.username);
    expect(t.db.select().from(credentials).get()!.mustRotate).toBe(false);
    expect(
      JSON.parse(
        t.db.select().from(auditEvents).where(eq(auditEvents.action, 'credentials.revealed')).get()!
          .details,
      ).masked,
    ).toBe(true);
  });
});

describe('no plaintext at rest', () => {
  let dir = '';
  afterEach(() => {
    vi.restoreAllMocks();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the password out of the database file, its WAL, the audit table and the log, after storing and revealing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vault-db-'));
    const path = join(dir, 'console.db');
    const logged: string[] = [];
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        logged.push(args.map(String).join(' '));
      });
    }
    const { db, sqlite } = openDatabase(path);
    const now = new Date('2026-11-25T13:00:00.000Z');
    const config = makeConfig({
      env: 'test',
      scryptN: TEST_SCRYPT_N,
      now: () => now,
      vault: keys(),
    });
    const app = createApp({ db, config, assets: loadAssets() });
    registerApp(app, config.now);
    const t = { db, clock: { now } } as unknown as TestContext;
    const c = channel(t, 'Zomerfestival', {
      platform: 'instagram',
      owners: [owner(t, 'Laura Michiels').id],
    });
    const user = await createUser(
      db,
      SYSTEM,
      {
        name: 'Lotte',
        email: 'lotte@test.invalid',
        password: PASSWORD,
        roles: ['communicatie'],
        language: 'nl',
        active: true,
      },
      now,
      TEST_SCRYPT_N,
    );
    expect(user.ok).toBe(true);
    const b = new Browser(app);
    await b.signIn('lotte@test.invalid');
    expect((await b.post(`/channels/${c.id}/credentials`, login)).status).toBe(303);
    // A failing save must not echo the password back either.
    expect(
      (await b.post(`/channels/${c.id}/credentials`, { ...login, username: 'x'.repeat(201) }))
        .text_,
    ).not.toContain(SECRET);
    expect((await b.post(`/channels/${c.id}/reveal`, { crisisId: '', reason })).text_).toContain(
      SECRET,
    );

    const files = [path, `${path}-wal`].filter(existsSync);
    expect(files).toContain(`${path}-wal`);
    const inWal = Buffer.concat(files.map((f) => readFileSync(f)));
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const afterCheckpoint = readFileSync(path);
    for (const bytes of [inWal, afterCheckpoint]) {
      expect(bytes.includes(Buffer.from(SECRET, 'utf8'))).toBe(false);
      expect(bytes.includes(Buffer.from(login.twoFactor, 'utf8'))).toBe(false);
      expect(bytes.includes(Buffer.from(SECRET, 'utf16le'))).toBe(false);
    }
    expect(afterCheckpoint.includes(Buffer.from('credentials.revealed'))).toBe(true);
    expect(JSON.stringify(db.select().from(auditEvents).all())).not.toContain(SECRET);
    expect(logged.join('\n')).not.toContain(SECRET);
    sqlite.close();
  });
});
