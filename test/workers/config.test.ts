// The Worker's runtime-free parts, run on Node: settings from wrangler vars and secrets (the
// checkpoint key among them, and what a console without one shows), the first start of an empty
// Durable Object, and the e-mail HTTP API transport.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { auditEvents, users } from '../../db/schema';
import { makeConfig } from '../../src/config';
import {
  keyLine,
  signerKeyText,
  verifierKey,
  verifierKeyText,
} from '../../src/domain/audit/checkpoint';
import { signerOf } from '../../src/domain/audit/signer';
import { OWASP_SCRYPT_N } from '../../src/domain/auth/password';
import { openDatabase } from '../../src/node/database';
import { singleKey } from '../../src/node/vault-key';
import { mailApi, workerConfig } from '../../src/worker/config';
import { firstStart } from '../../src/worker/first-start';
import { httpMailTransport } from '../../src/worker/mail';
import { runNode, testKey } from '../fixtures/checkpoints';
import { setup, TEST_SCRYPT_N } from '../helpers';
import { startMailStub, type StubMail } from './mail-stub';

const KEY = Buffer.alloc(32, 7).toString('base64');
const OLD_KEY = Buffer.alloc(32, 9).toString('base64');

describe('Worker settings', () => {
  it('run as production with the OWASP scrypt cost, which only development may lower', () => {
    const config = workerConfig({});
    expect(config.env).toBe('production');
    expect(config.scryptN).toBe(OWASP_SCRYPT_N);
    expect(config.vault).toBeNull();
    expect(workerConfig({ SCRYPT_N: '1024' }).scryptN).toBe(OWASP_SCRYPT_N);
    expect(workerConfig({ ENVIRONMENT: 'development', SCRYPT_N: 'lots' }).scryptN).toBe(
      OWASP_SCRYPT_N,
    );
    expect(workerConfig({ ENVIRONMENT: 'development', SCRYPT_N: '1024' }).scryptN).toBe(1024);
  });

  it('take the escalation step time from ESCALATION_STEP_MINUTES, a whole number, or keep 5', () => {
    expect(workerConfig({}).rules.escalationStepMinutes).toBe(5);
    expect(workerConfig({ ESCALATION_STEP_MINUTES: '0' }).rules.escalationStepMinutes).toBe(0);
    expect(workerConfig({ ESCALATION_STEP_MINUTES: '10' }).rules).toMatchObject({
      escalationStepMinutes: 10,
      unreachableMinAttempts: 2,
    });
    expect(workerConfig({ ESCALATION_STEP_MINUTES: 'soon' }).rules.escalationStepMinutes).toBe(5);
  });

  it("read CREDENTIAL_KEY as Node does: one base64 key named by its fingerprint, or the key file's JSON", () => {
    expect(workerConfig({ CREDENTIAL_KEY: KEY }).vault).toEqual(singleKey(KEY));
    const rotating = { currentKeyId: 'k2', keys: { k2: KEY, k1: OLD_KEY } };
    expect(workerConfig({ CREDENTIAL_KEY: JSON.stringify(rotating) }).vault).toEqual(rotating);
    expect(() => workerConfig({ CREDENTIAL_KEY: '{"currentKeyId":"k3","keys":{}}' })).toThrow(
      /CREDENTIAL_KEY/,
    );
  });

  it('turn on secure cookies for an https address and need both mail secrets to send', () => {
    const config = workerConfig({ BASE_URL: 'https://crisis.city.invalid' });
    expect(config.secureCookies).toBe(true);
    expect(mailApi({ MAIL_API_URL: 'https://mail.invalid/emails' }, config)).toBeNull();
    expect(
      mailApi({ MAIL_API_URL: 'https://mail.invalid/emails', MAIL_API_TOKEN: 't' }, config)?.from,
    ).toBe(config.mailFrom);
  });
});

describe('the checkpoint key secrets', () => {
  it('make no signer without CHECKPOINT_KEY, and the signer Node would with it', () => {
    expect(workerConfig({}).checkpoint).toBeNull();
    const key = testKey();
    const config = workerConfig({ CHECKPOINT_KEY: `${signerKeyText(key)}\n` });
    expect(config.checkpoint).toEqual(signerOf(key));
    expect(
      workerConfig({ AUDIT_WITNESS_EMAILS: 'a@stad.invalid, b@stad.invalid' }).witnessEmails,
    ).toEqual(['a@stad.invalid', 'b@stad.invalid']);
  });

  it('refuse a secret that is not a note signing key, naming it and not printing it', () => {
    // A vault key among them: the two keys are never taken for each other.
    for (const bad of ['PRIVATE+KEY+x+00000000+AAAA', KEY, 'not a key at all']) {
      expect(() => workerConfig({ CHECKPOINT_KEY: bad })).toThrow(
        /^CHECKPOINT_KEY is not a note signing key \(PRIVATE\+KEY\+\.\.\.\)$/,
      );
    }
    const key = signerKeyText(testKey());
    expect(() =>
      workerConfig({ CHECKPOINT_KEY: key, CHECKPOINT_PREVIOUS_KEYS: 'k 2026-01-01 -' }),
    ).toThrow('CHECKPOINT_PREVIOUS_KEYS is not a list of keys ("KEY FROM UNTIL" lines)');
    expect(() =>
      workerConfig({ CHECKPOINT_PREVIOUS_KEYS: keyLine(signerOf(testKey()).trusted[0]!) }),
    ).toThrow(/CHECKPOINT_PREVIOUS_KEYS is set but CHECKPOINT_KEY is not/);
    expect(() => workerConfig({ AUDIT_WITNESS_EMAILS: 'auditor' })).toThrow(/AUDIT_WITNESS_EMAILS/);
  });

  it('take a rotation made by npm run checkpoint:new-key, and refuse the retired key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'worker-keys-'));
    try {
      const old = testKey();
      const listFile = join(dir, 'checkpoint-keys.txt');
      // What the Worker's /checkpoint-keys.txt prints before the rotation.
      writeFileSync(listFile, `${keyLine(signerOf(old).trusted[0]!)}\n`);
      const res = await runNode([
        '--import',
        'tsx',
        'scripts/checkpoint-new-key.ts',
        '--keys',
        listFile,
      ]);
      expect(res.code, res.out).toBe(0);
      const secrets = JSON.parse(res.out.slice(0, res.out.lastIndexOf('}') + 1)) as {
        CHECKPOINT_KEY: string;
        CHECKPOINT_PREVIOUS_KEYS: string;
      };
      const signer = workerConfig(secrets).checkpoint!;
      expect(signer.key.name).toBe(old.name);
      expect(res.out).toContain(
        `The public key, for the auditors to keep: ${verifierKey(signer.key)}`,
      );
      const [current, retired] = signer.trusted;
      expect(current).toMatchObject({ until: null });
      expect(retired!.until! > current!.from!).toBe(true); // the grace while the secrets deploy
      expect(verifierKeyText(retired!)).toBe(verifierKey(old));
      expect(() => workerConfig({ ...secrets, CHECKPOINT_KEY: signerKeyText(old) })).toThrow(
        /was retired at/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a Worker without the CHECKPOINT_KEY secret', () => {
  it('runs, and says loudly on /audit and /audit/checkpoints that it makes no checkpoints', async () => {
    const t = await setup({ checkpoint: workerConfig({}).checkpoint });
    const b = await t.as(['communicatie']);
    for (const path of ['/audit', '/audit/checkpoints']) {
      const res = await b.get(path);
      expect(res.status).toBe(200);
      expect(res.text_).toMatch(
        /id="no-checkpoint-key"[^>]*>\s*<p>Deze console maakt geen ondertekende checkpoints: ze heeft geen sleutel \(CHECKPOINT_KEY\)/,
      );
    }
    expect((await b.post('/audit/verify')).text_).toContain('no-checkpoint-key');
    const signed = await setup({ checkpoint: signerOf(testKey()) });
    const a = await signed.as(['communicatie']);
    expect((await a.get('/audit')).text_).not.toContain('no-checkpoint-key');
  });
});

describe('the first start of an empty Durable Object', () => {
  const fresh = () => openDatabase(':memory:').db;
  const config = (env: 'production' | 'development') => makeConfig({ env, scryptN: TEST_SCRYPT_N });
  const first = {
    FIRST_USER_EMAIL: 'Hoofd@Stad.invalid',
    FIRST_USER_NAME: 'Hoofd Communicatie',
    FIRST_USER_PASSWORD: 'a long first password',
  };

  it('creates the first Communicatie account from the secrets, audited as the system', async () => {
    const db = fresh();
    await firstStart(db, first, config('production'));
    const [user, ...others] = db.select().from(users).all();
    expect(others).toHaveLength(0);
    expect(user).toMatchObject({
      email: 'hoofd@stad.invalid',
      roles: ['communicatie'],
      active: true,
    });
    const [event] = db.select().from(auditEvents).all();
    expect(event).toMatchObject({ action: 'user.created', actorRole: 'system' });
    expect(event!.details).not.toContain('a long first password');
  });

  it('leaves a database with users alone', async () => {
    const db = fresh();
    await firstStart(db, first, config('production'));
    await firstStart(
      db,
      { ...first, FIRST_USER_EMAIL: 'tweede@stad.invalid' },
      config('production'),
    );
    expect(
      db
        .select()
        .from(users)
        .all()
        .map((u) => u.email),
    ).toEqual(['hoofd@stad.invalid']);
  });

  it('seeds the demo only in development, never in production', async () => {
    const prod = fresh();
    await firstStart(prod, { DEMO_SEED: '1' }, config('production'));
    expect(prod.select().from(users).all()).toHaveLength(0);
    const dev = fresh();
    await firstStart(dev, { DEMO_SEED: '1' }, config('development'));
    expect(
      dev
        .select()
        .from(users)
        .all()
        .map((u) => u.email),
    ).toContain('communicatie@demo.invalid');
  });
});

describe('the e-mail HTTP API transport', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  async function sendThrough(status: number) {
    const stub = await startMailStub(status);
    close = stub.close;
    const transport = httpMailTransport({
      url: `${stub.url}/emails`,
      token: 'tok',
      from: 'Console <c@stad.invalid>',
    });
    const result = await transport.send({
      to: 'eigenaar@stad.invalid',
      subject: 'Overname',
      text: 'Tekst',
    });
    const sent = (await (await fetch(`${stub.url}/sent`)).json()) as StubMail[];
    return { result, sent };
  }

  it('posts the message as JSON with the bearer token and records the answer', async () => {
    const { result, sent } = await sendThrough(200);
    expect(result).toEqual({ ok: true, response: 'HTTP 200 {"id":"stub-1"}' });
    expect(sent).toEqual([
      {
        authorization: 'Bearer tok',
        body: {
          from: 'Console <c@stad.invalid>',
          to: ['eigenaar@stad.invalid'],
          subject: 'Overname',
          text: 'Tekst',
        },
      },
    ]);
  });

  it('gives up on a refused message but retries a refused token, a rate limit or an outage', async () => {
    expect((await sendThrough(422)).result).toMatchObject({ ok: false, permanent: true });
    for (const status of [401, 429, 503]) {
      await close?.();
      expect((await sendThrough(status)).result, String(status)).toMatchObject({
        ok: false,
        permanent: false,
      });
    }
  });
});
