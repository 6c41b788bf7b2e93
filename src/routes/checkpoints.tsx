// The audit checkpoints (README "Audit checkpoints"): the page for Communicatie and auditors,
// and the public keys as plain text for anyone, so an auditor can fetch them without an account:
// the current one (/checkpoint-key.pub) and every key with its validity (/checkpoint-keys.txt).
import { Hono } from 'hono';
import { CheckpointsPage } from '../../views/pages/audit/Checkpoints';
import { keyLine, verifierKey, verifierKeyText } from '../domain/audit/checkpoint';
import { recentCheckpoints } from '../domain/audit/checkpoints';
import { recentWitnessMails } from '../domain/notify/witness';
import type { AppEnv } from '../env';
import { allow, publicRoute } from '../middleware/access';

/** Mounted at /audit/checkpoints. */
export const checkpointRoutes = new Hono<AppEnv>();
/** Mounted at /checkpoint-key.pub. */
export const checkpointKeyRoutes = new Hono<AppEnv>();
/** Mounted at /checkpoint-keys.txt. */
export const checkpointKeysRoutes = new Hono<AppEnv>();

checkpointRoutes.get('/', allow('communicatie'), (c) => {
  const { db, config, t } = c.var;
  const list = recentCheckpoints(db);
  const key = config.checkpoint ? verifierKey(config.checkpoint.key) : null;
  const page = (
    <CheckpointsPage
      publicKey={key}
      keys={(config.checkpoint?.trusted ?? []).map((k) => ({
        key: verifierKeyText(k),
        from: k.from ?? null,
        until: k.until ?? null,
      }))}
      list={list}
      mails={recentWitnessMails(db)}
    />
  );
  return c.render(page, {
    title: t('checkpoints.title'),
  });
});

// Outside /audit/* (Communicatie only): a public key is no secret.
checkpointKeyRoutes.get('/', publicRoute(), (c) => {
  const { config } = c.var;
  if (!config.checkpoint) return c.notFound();
  return c.text(`${verifierKey(config.checkpoint.key)}\n`);
});

checkpointKeysRoutes.get('/', publicRoute(), (c) => {
  const { config } = c.var;
  if (!config.checkpoint) return c.notFound();
  return c.text(`${config.checkpoint.trusted.map(keyLine).join('\n')}\n`);
});
