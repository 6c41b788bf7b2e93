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
import type { AppEnv } from '../env';
import { failureErrors, redirectTo, setFlash, type Ctx } from '../http';
import { allow } from '../middleware/access';
import { f, parseForm } from '../validation';

export const sweepRoutes = new Hono<AppEnv>();
sweepRoutes.use('*', allow('crisis_operator', 'communicatie'));

const crisisId = (c: Ctx) => Number(c.req.param('id'));

function page(c: Ctx, errors: FormErrors = {}, status: 200 | 409 | 422 = 200) {
  const { db } = c.var;
  const crisis = getCrisis(db, crisisId(c));
  if (!crisis) return c.notFound();
  c.status(status);
  return c.render(
    <SweepList
      crisis={crisis}
      progress={sweepProgress(db, crisis.id)}
      rows={listSweep(db, crisis.id)}
      csrfToken={c.var.csrfToken}
      errors={errors}
    />,
    { title: `${c.var.t('sweep.title')} · ${crisis.title}` },
  );
}

sweepRoutes.get('/', (c) => page(c));

sweepRoutes.post('/city', (c) => {
  const { db, actor, config } = c.var;
  const result = sweepWholeCity(db, actor, crisisId(c), config.now());
  if (!result.ok)
    return result.status === 404 ? c.notFound() : page(c, failureErrors(c, result), 422);
  setFlash(c, 'sweep.cityAdded', { n: result.value.added });
  return redirectTo(c, `/crises/${crisisId(c)}/sweep`);
});

sweepRoutes.post('/:itemId{[0-9]+}', async (c) => {
  const parsed = await parseForm(c, z.object({ version: f.id(), result: f.choice(SWEEP_RESULTS) }));
  if (!parsed.ok)
    return page(c, { _form: Object.values(parsed.errors)[0] ?? c.var.t('error.form') }, 422);
  const { db, actor, config } = c.var;
  const ids = { crisisId: crisisId(c), itemId: Number(c.req.param('itemId')) };
  const result = recordSweepResult(db, actor, { ...ids, ...parsed.data }, config.now());
  if (!result.ok)
    return result.status === 404
      ? c.notFound()
      : page(c, failureErrors(c, result), result.status === 409 ? 409 : 422);
  setFlash(c, 'sweep.recorded');
  return redirectTo(c, `/crises/${crisisId(c)}/sweep#sweep`);
});
