// The Worker's runtime-free parts, run on Node: settings from wrangler vars and secrets, the
// first start of an empty Durable Object, and the e-mail HTTP API transport.
import { afterEach, describe, expect, it } from 'vitest';
import { auditEvents, users } from '../../db/schema';
import { makeConfig } from '../../src/config';
import { OWASP_SCRYPT_N } from '../../src/domain/auth/password';
import { openDatabase } from '../../src/node/database';
import { singleKey } from '../../src/node/vault-key';
import { mailApi, workerConfig } from '../../src/worker/config';
import { firstStart } from '../../src/worker/first-start';
import { httpMailTransport } from '../../src/worker/mail';
import { TEST_SCRYPT_N } from '../helpers';
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
