// The sweep and holds through a platform's API, mounted at /crises/:id/sweep/api: record a
// result from the platform's own list, hold a listed post there, put a held post back. Each
// failure of the platform is shown on the sweep page with "nothing was recorded".
import { Hono } from 'hono';
import { z } from 'zod';
import {
  channelOfHold,
  channelOfSweepItem,
  holdThroughPlatform,
  recordSweepThroughApi,
  restoreThroughPlatform,
} from '../domain/crisis/platform-holds';
import type { Failure } from '../domain/lib/result';
import { PLATFORM_PROBLEMS } from '../domain/platforms/connector';
import { connectorOf } from '../domain/vault/connections';
import type { AppEnv } from '../env';
import { failureErrors, redirectTo, setFlash, type Ctx } from '../http';
import { label, type MessageKey } from '../i18n';
import { allow } from '../middleware/access';
import { f, parseForm } from '../validation';
import { sweepPage } from './sweep';

export const platformSweepRoutes = new Hono<AppEnv>();
platformSweepRoutes.use('*', allow('crisis_operator', 'communicatie'));

const crisisId = (c: Ctx) => Number(c.req.param('id'));
const back = (c: Ctx, flash: MessageKey, platform?: string) => {
  setFlash(c, flash, platform ? { platform } : undefined);
  return redirectTo(c, `/crises/${crisisId(c)}/sweep#sweep`);
};

function refused(c: Ctx, failure: Failure) {
  if (failure.status === 404) return c.notFound();
  const errors = failureErrors(c, failure);
  if ((PLATFORM_PROBLEMS as readonly string[]).includes(failure.error))
    errors._form = `${errors._form} ${c.var.t('platform.nothingRecorded')}`;
  return sweepPage(c, errors, failure.status === 409 ? 409 : 422);
}

const invalid = (c: Ctx, errors: Record<string, string>) =>
  sweepPage(c, { _form: Object.values(errors)[0] ?? c.var.t('error.form') }, 422);

platformSweepRoutes.post('/:itemId{[0-9]+}/record', async (c) => {
  const parsed = await parseForm(
    c,
    z.object({
      version: f.id(),
      result: f.choice(['no_scheduled_posts', 'none_conflicting'] as const),
      seen: z.preprocess(
        (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
        z.array(f.text(200)),
      ),
    }),
  );
  if (!parsed.ok) return invalid(c, parsed.errors);
  const { db, actor, config } = c.var;
  const itemId = Number(c.req.param('itemId'));
  const connector = connectorOf(db, config, channelOfSweepItem(db, itemId) ?? 0);
  if (!connector.ok) return refused(c, connector);
  const result = await recordSweepThroughApi(
    db,
    actor,
    connector.value,
    { crisisId: crisisId(c), itemId, ...parsed.data },
    config.now(),
  );
  return result.ok ? back(c, 'sweep.recorded') : refused(c, result);
});

platformSweepRoutes.post('/:itemId{[0-9]+}/hold', async (c) => {
  const parsed = await parseForm(
    c,
    z.object({ caseId: f.id(), version: f.id(), postId: f.text(200), conflict: f.longText(2000) }),
  );
  if (!parsed.ok) return invalid(c, parsed.errors);
  const { db, actor, config } = c.var;
  const connector = connectorOf(
    db,
    config,
    channelOfSweepItem(db, Number(c.req.param('itemId'))) ?? 0,
  );
  if (!connector.ok) return refused(c, connector);
  const result = await holdThroughPlatform(
    db,
    actor,
    connector.value,
    { crisisId: crisisId(c), ...parsed.data },
    config.now(),
    config.rules,
  );
  return result.ok
    ? back(c, 'sweepApi.held', label(c.var.t, 'platform', connector.value.platform))
    : refused(c, result);
});

platformSweepRoutes.post('/holds/:holdId{[0-9]+}/restore', async (c) => {
  const parsed = await parseForm(c, z.object({ version: f.id(), note: f.longText(2000) }));
  if (!parsed.ok) return invalid(c, parsed.errors);
  const { db, actor, config } = c.var;
  const holdId = Number(c.req.param('holdId'));
  const connector = connectorOf(db, config, channelOfHold(db, holdId) ?? 0);
  if (!connector.ok) return refused(c, connector);
  const result = await restoreThroughPlatform(
    db,
    actor,
    connector.value,
    { holdId, ...parsed.data },
    config.now(),
  );
  return result.ok ? back(c, 'sweepApi.restored') : refused(c, result);
});
