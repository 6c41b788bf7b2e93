// Access drills (Communicatie): the check of one channel or of a whole department.
import { Hono } from 'hono';
import type { FormErrors } from '../../views/components/form';
import { DrillPage } from '../../views/pages/drills/DrillPage';
import {
  askPlatforms,
  DRILL_RESULTS,
  loadDrill,
  recordDrill,
  type DrillResult,
  type DrillScope,
} from '../domain/vault/drills';
import type { AppEnv } from '../env';
import { redirectTo, setFlash, type Ctx } from '../http';
import { allow } from '../middleware/access';
import { formBody } from '../validation';
import { failureErrors } from './registry/shared';

export const drillRoutes = new Hono<AppEnv>();
drillRoutes.use('*', allow('communicatie'));

const DEPARTMENT = '/departments/:id{[0-9]+}';
const CHANNEL = '/channels/:id{[0-9]+}';
const scopeOf = (c: Ctx): DrillScope =>
  c.req.path.startsWith('/drills/departments/')
    ? { departmentId: Number(c.req.param('id')) }
    : { channelId: Number(c.req.param('id')) };

function page(c: Ctx, errors: FormErrors = {}, status: 200 | 422 = 200) {
  const scope = scopeOf(c);
  const drill = loadDrill(c.var.db, scope);
  if (!drill) return c.notFound();
  const { t } = c.var;
  const title =
    'departmentId' in scope
      ? t('drill.department', { name: drill.department.name })
      : `${t('drill.title')}: ${drill.items[0]?.name ?? ''}`;
  c.status(status);
  return c.render(
    <DrillPage
      drill={drill}
      action={c.req.path}
      title={title}
      csrfToken={c.var.csrfToken}
      errors={errors}
    />,
    { title },
  );
}

/** result-<channelId>=ok|failed|skip; anything else counts as not checked. */
function resultsOf(body: Record<string, string | string[]>): Record<number, DrillResult> {
  const results: Record<number, DrillResult> = {};
  for (const [key, value] of Object.entries(body)) {
    const id = /^result-(\d+)$/.exec(key)?.[1];
    if (id && typeof value === 'string' && (DRILL_RESULTS as readonly string[]).includes(value))
      results[Number(id)] = value as DrillResult;
  }
  return results;
}

async function submit(c: Ctx) {
  const { db, actor, config } = c.var;
  const results = resultsOf(await formBody(c));
  const api = await askPlatforms(db, config, scopeOf(c));
  const result = recordDrill(
    db,
    actor,
    { scope: scopeOf(c), results, api },
    config.vault,
    config.now(),
  );
  if (!result.ok)
    return result.status === 404
      ? c.notFound()
      : page(c, { _form: failureErrors(c, result)[result.field ?? '_form']! }, 422);
  setFlash(c, 'drill.recorded', result.value);
  return redirectTo(
    c,
    'departmentId' in scopeOf(c) ? '/readiness' : `/channels/${c.req.param('id')}/access`,
  );
}

drillRoutes.get(DEPARTMENT, (c) => page(c));
drillRoutes.get(CHANNEL, (c) => page(c));
drillRoutes.post(DEPARTMENT, submit);
drillRoutes.post(CHANNEL, submit);
