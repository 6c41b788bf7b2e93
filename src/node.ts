// Node entry: the only file that knows it runs on Node. Opens the database, seeds the demo on
// an empty database (never in production), and serves the app on 127.0.0.1.
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { count } from 'drizzle-orm';
import { users } from '../db/schema';
import { createApp } from './app';
import { makeConfig, platformSettings } from './config';
import { loadAssets } from './node/assets';
import { nodeDeflater } from './node/deflate';
import { describeSmtp, smtpTransport, startOutboxLoop } from './node/mailer';
import { openDatabase } from './node/database';
import { groupCommit } from './node/group-commit';
import { vaultKeysOrExit } from './node/vault-key';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from './seed/demo';

const env = process.env;
const production = env.NODE_ENV === 'production';
const port = Number(env.PORT ?? 3000);
const host = env.HOST ?? '127.0.0.1';
const databasePath = env.DATABASE_PATH ?? './data/console.db';

const config = makeConfig({
  env: production ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development',
  baseUrl: env.BASE_URL ?? `http://${host}:${port}`,
  trustProxy: env.TRUST_PROXY === '1',
  // Login details in the vault: CREDENTIAL_KEY, or the key file (created with mode 0600 if missing).
  vault: vaultKeysOrExit(env).vault,
  smtpUrl: env.SMTP_URL || null,
  // Tests (the browser suite) lower the password hashing cost; never in production.
  ...(!production && Number.isInteger(Number(env.SCRYPT_N)) && Number(env.SCRYPT_N) > 1
    ? { scryptN: Number(env.SCRYPT_N) }
    : {}),
  ...(env.MAIL_FROM ? { mailFrom: env.MAIL_FROM } : {}),
  platforms: platformSettings(env),
});

const { db, sqlite } = openDatabase(databasePath);
const empty = db.select({ n: count() }).from(users).get()!.n === 0;
if (empty && !production) {
  await seedDemo(db, config.now(), config.scryptN, config.vault);
  console.log(`Demo data created in ${databasePath}. Sign in with password "${DEMO_PASSWORD}" as:`);
  for (const u of DEMO_USERS) console.log(`  ${u.email.padEnd(28)} ${u.roles.join(', ')}`);
} else if (empty) {
  console.log('No users yet: create the first one with `npm run user:create`.');
}

const durability = groupCommit(db, sqlite);
const app = createApp({
  db,
  config,
  assets: loadAssets(),
  deflater: nodeDeflater,
  durability,
  clientIp: (c) => getConnInfo(c).remote.address,
});
const server = serve({ fetch: app.fetch, hostname: host, port }, (info) => {
  console.log(
    `Crisis Takeover Console listening on http://${info.address}:${info.port} (database ${databasePath})`,
  );
});

// Owner notifications: the outbox is drained by SMTP when configured; otherwise messages stay in
// the outbox, readable at /outbox.
const mailer = config.smtpUrl ? smtpTransport(config.smtpUrl, config.mailFrom) : null;
const outboxLoop = mailer ? startOutboxLoop(db, config, mailer) : null;
console.log(
  config.smtpUrl
    ? `Owner notifications are e-mailed through ${describeSmtp(config.smtpUrl)} from ${config.mailFrom}.`
    : `SMTP_URL is not set: owner notifications stay in the outbox; read them at ${config.baseUrl}/outbox.`,
);

async function shutdown() {
  await outboxLoop?.stop();
  mailer?.close();
  server.close(() => {
    durability.flush();
    sqlite.close();
    process.exit(0);
  });
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
