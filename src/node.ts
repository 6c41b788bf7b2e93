// Node entry: the only file that knows it runs on Node. Opens the database, seeds the demo on
// an empty database (never in production), and serves the app on 127.0.0.1.
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { count } from 'drizzle-orm';
import { users } from '../db/schema';
import { createApp } from './app';
import {
  checkpointInterval,
  contactSettings,
  makeConfig,
  platformSettings,
  rulesFrom,
  secondFactorFrom,
  signInSettings,
  witnessEmails,
} from './config';
import { loadAssets } from './node/assets';
import { nodeDeflater } from './node/deflate';
import { describeSmtp, smtpTransport, startOutboxLoop } from './node/mailer';
import { startContactLoop } from './node/contact-loop';
import { openDatabase } from './node/database';
import { groupCommit } from './node/group-commit';
import { vaultKeysOrExit } from './node/vault-key';
import { checkpointKeyOrExit } from './node/checkpoint-key';
import { checkLastCheckpoint, ensureAppendOnly } from './domain/audit/integrity';
import { startCheckpointTimer } from './node/checkpoint-timer';
import { publicationReadInterval, startPublicationTimer } from './node/publication-timer';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from './seed/demo';

const env = process.env;
const production = env.NODE_ENV === 'production';
const port = Number(env.PORT ?? 3000);
const host = env.HOST ?? '127.0.0.1';
const databasePath = env.DATABASE_PATH ?? './data/console.db';

const baseUrl = env.BASE_URL ?? `http://${host}:${port}`;
const config = makeConfig({
  env: production ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development',
  baseUrl,
  trustProxy: env.TRUST_PROXY === '1',
  // Login details in the vault: CREDENTIAL_KEY, or the key file (created with mode 0600 if missing).
  vault: vaultKeysOrExit(env).vault,
  // Audit checkpoints: CHECKPOINT_KEY, or the key file (created with mode 0600 if missing).
  checkpoint: checkpointKeyOrExit(env, baseUrl),
  witnessEmails: witnessEmails(env.AUDIT_WITNESS_EMAILS),
  smtpUrl: env.SMTP_URL || null,
  // Tests (the browser suite) lower the password hashing cost; never in production.
  ...(!production && Number.isInteger(Number(env.SCRYPT_N)) && Number(env.SCRYPT_N) > 1
    ? { scryptN: Number(env.SCRYPT_N) }
    : {}),
  ...(env.MAIL_FROM ? { mailFrom: env.MAIL_FROM } : {}),
  ...rulesFrom(env),
  ...secondFactorFrom(env),
  platforms: platformSettings(env),
  contact: contactSettings(env),
  // The city's identity provider (OIDC_*) and PASSWORD_SIGN_IN; a wrong setting stops the start.
  ...signInSettings(env, baseUrl),
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

// The audit's defences, before anything is served (README "Audit checkpoints", "On start").
const recreated = ensureAppendOnly(db, config.now());
if (recreated.length)
  console.error(
    `ERROR: the audit's append-only triggers ${recreated.join(', ')} were missing; recreated and audited (audit.triggers_recreated). Someone changed the database outside the console: run npm run audit:verify with the checkpoints the auditors kept.`,
  );
const lastCheckpoint = checkLastCheckpoint(db, config.checkpoint!.trusted);
if (!lastCheckpoint.ok) {
  console.error(
    `ERROR: audit checkpoint ${lastCheckpoint.number} of ${lastCheckpoint.madeAt} does not match the trail (${lastCheckpoint.reason}). See README "Audit checkpoints", "On start".`,
  );
  if (production) process.exit(1);
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
if (config.witnessEmails.length)
  console.log(
    config.smtpUrl
      ? `Audit checkpoints are e-mailed to ${config.witnessEmails.join(', ')}.`
      : `AUDIT_WITNESS_EMAILS is set but SMTP_URL is not: checkpoints wait to be e-mailed (see /audit/checkpoints).`,
  );

// Contact requests to owners: SMS through the gateway when SMS_API_URL is set, e-mail by SMTP.
const contactLoop = startContactLoop(db, config, mailer);
if (!config.contact.sms)
  console.log('SMS_API_URL is not set: contact requests to owners go by e-mail only.');

const checkpointEvery = checkpointInterval(env.CHECKPOINT_INTERVAL_MINUTES);
const checkpointTimer = startCheckpointTimer(db, config.checkpoint!, config.now, checkpointEvery, {
  dir: env.CHECKPOINT_WITNESS_DIR || null,
  emails: config.witnessEmails,
});

// Article 1: the connected channels' last publication, read from their platforms daily.
const publicationTimer = startPublicationTimer(
  db,
  config,
  publicationReadInterval(env.PLATFORM_READ_INTERVAL_MINUTES),
);

async function shutdown() {
  checkpointTimer.stop();
  publicationTimer.stop();
  await outboxLoop?.stop();
  await contactLoop.stop();
  mailer?.close();
  server.close(() => {
    durability.flush();
    sqlite.close();
    process.exit(0);
  });
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
