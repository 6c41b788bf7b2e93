// The scheduled-post sweep of a crisis: the list of channels to check, one POST per result,
// and the request to widen the sweep to every active channel of the city.
import { Hono } from 'hono';
import { z } from 'zod';
import type { FormErrors } from '../../views/components/form';
import { SweepList } from '../../views/partials/sweep/SweepList';
import { getCrisis } from '../domain/crisis/crises';
import {
  listSweep,
  recordSweepResult,
  SWEEP_RESULTS,
  sweepProgress,
  sweepWholeCity,
} from '../domain/crisis/sweep';
import { listOpenHolds } from '../domain/crisis/holds';
import { scheduledPostsOf } from '../domain/vault/connections';
import type { AppEnv } from '../env';
import { failureErrors, redirectTo, setFlash, type Ctx } from '../http';
import { allow } from '../middleware/access';
import { f, parseForm } from '../validation';

export const sweepRoutes = new Hono<AppEnv>();
sweepRoutes.use('*', allow('crisis_operator', 'communicatie'));

const crisisId = (c: Ctx) => Number(c.req.param('id'));

/** The sweep page; connected channels show their platform's own list (asked on each load). */
export async function sweepPage(c: Ctx, errors: FormErrors = {}, status: 200 | 409 | 422 = 200) {
  const { db, config } = c.var;
  const crisis = getCrisis(db, crisisId(c));
  if (!crisis) return c.notFound();
  const rows = listSweep(db, crisis.id);
  const platformPosts =
    crisis.status === 'open'
      ? await scheduledPostsOf(
          db,
          config,
          rows.filter((r) => !r.item.result).map((r) => r.channel.id),
        )
      : new Map();
  c.status(status);
  return c.render(
    <SweepList
      crisis={crisis}
      progress={sweepProgress(db, crisis.id)}
      rows={rows}
      csrfToken={c.var.csrfToken}
      errors={errors}
      platformPosts={platformPosts}
      openHolds={listOpenHolds(db, crisis.id)}
    />,
    { title: `${c.var.t('sweep.title')} · ${crisis.title}` },
  );
}

sweepRoutes.get('/', (c) => sweepPage(c));

sweepRoutes.post('/city', async (c) => {
  const { db, actor, config } = c.var;
  const result = sweepWholeCity(db, actor, crisisId(c), config.now());
  if (!result.ok)
    return result.status === 404 ? c.notFound() : sweepPage(c, failureErrors(c, result), 422);
  setFlash(c, 'sweep.cityAdded', { n: result.value.added });
  return redirectTo(c, `/crises/${crisisId(c)}/sweep`);
});

sweepRoutes.post('/:itemId{[0-9]+}', async (c) => {
  const parsed = await parseForm(c, z.object({ version: f.id(), result: f.choice(SWEEP_RESULTS) }));
  if (!parsed.ok)
    return sweepPage(c, { _form: Object.values(parsed.errors)[0] ?? c.var.t('error.form') }, 422);
  const { db, actor, config } = c.var;
  const ids = { crisisId: crisisId(c), itemId: Number(c.req.param('itemId')) };
  const result = recordSweepResult(db, actor, { ...ids, ...parsed.data }, config.now());
  if (!result.ok)
    return result.status === 404
      ? c.notFound()
      : sweepPage(c, failureErrors(c, result), result.status === 409 ? 409 : 422);
  setFlash(c, 'sweep.recorded');
  return redirectTo(c, `/crises/${crisisId(c)}/sweep#sweep`);
});
