// Recording that a revealed password was changed on the platform: by the owner from /mine, or by
// Communicatie from the channel's access page.
import { Hono } from 'hono';
import { z } from 'zod';
import { ErrorPage } from '../../views/pages/ErrorPage';
import { recordRotation } from '../domain/vault/rotation';
import type { AppEnv } from '../env';
import { redirectTo, setFlash, type Ctx } from '../http';
import { allow } from '../middleware/access';
import { f, parseForm } from '../validation';

/** Mounted at /mine/channels/:id/rotated. */
export const ownerRotationRoutes = new Hono<AppEnv>();
/** Mounted at /channels/:id/credentials/rotated. */
export const credentialRotationRoutes = new Hono<AppEnv>();

async function rotate(c: Ctx, asOwner: boolean, back: string) {
  const { db, actor, config, t } = c.var;
  const parsed = await parseForm(c, z.object({ version: f.id() }));
  if (!parsed.ok) {
    c.status(422);
    return c.render(<ErrorPage title={t('error.form')} body={t('rotation.ask')} />, {
      title: t('error.form'),
    });
  }
  const result = recordRotation(
    db,
    actor,
    { channelId: Number(c.req.param('id')), version: parsed.data.version, asOwner },
    config.now(),
  );
  if (!result.ok && result.status === 404) return c.notFound();
  // The vault still holds the old password: the confirmation says who stores the new one.
  setFlash(c, result.ok ? (asOwner ? 'rotation.doneOwner' : 'rotation.done') : result.error);
  return redirectTo(c, back);
}

ownerRotationRoutes.post('/', allow('owner'), (c) => rotate(c, true, '/mine#rotate'));
credentialRotationRoutes.post('/', allow('communicatie'), (c) =>
  rotate(c, false, `/channels/${c.req.param('id')}/access`),
);
