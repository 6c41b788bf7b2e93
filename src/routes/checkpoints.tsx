// The audit checkpoints (README "Audit checkpoints"): the page for Communicatie and auditors,
// and the public key as plain text for anyone, so an auditor can fetch it without an account.
import { Hono } from 'hono';
import { CheckpointsPage } from '../../views/pages/audit/Checkpoints';
import { verifierKey } from '../domain/audit/checkpoint';
import { recentCheckpoints } from '../domain/audit/checkpoints';
import type { AppEnv } from '../env';
import { allow, publicRoute } from '../middleware/access';

/** Mounted at /audit/checkpoints. */
export const checkpointRoutes = new Hono<AppEnv>();
/** Mounted at /checkpoint-key.pub. */
export const checkpointKeyRoutes = new Hono<AppEnv>();

checkpointRoutes.get('/', allow('communicatie'), (c) => {
  const { db, config, t } = c.var;
  const list = recentCheckpoints(db);
  const key = config.checkpoint ? verifierKey(config.checkpoint.key) : null;
  return c.render(<CheckpointsPage publicKey={key} list={list} />, {
    title: t('checkpoints.title'),
  });
});

// Outside /audit/* (Communicatie only): a public key is no secret.
checkpointKeyRoutes.get('/', publicRoute(), (c) => {
  const { config } = c.var;
  if (!config.checkpoint) return c.notFound();
  return c.text(`${verifierKey(config.checkpoint.key)}\n`);
});
