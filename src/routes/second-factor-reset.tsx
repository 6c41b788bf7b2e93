// Communicatie resets a colleague's lost second factor, with a reason (never the user alone):
// /users/:id/second-factor. The domain (second-factor-reset.ts) ends their sessions and audits it.
import { count, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { secondFactors } from '../../db/schema';
import { ResetFactor } from '../../views/pages/second-factor/ResetFactor';
import type { FormValues } from '../../views/components/form';
import { resetSecondFactor } from '../domain/auth/second-factor-reset';
import { getUser } from '../domain/auth/users';
import type { AppEnv } from '../env';
import { failureErrors, pageOrPartial, redirectTo, setFlash, type Ctx } from '../http';
import { allow } from '../middleware/access';
import { f, formBody, parseWith, type FieldErrors } from '../validation';

export const secondFactorResetRoutes = new Hono<AppEnv>();
secondFactorResetRoutes.use('*', allow('communicatie'));

const resetForm = z.object({ reason: f.longText(500) });

function resetPage(c: Ctx, values: FormValues, errors: FieldErrors, status: 200 | 403 | 422 = 200) {
  const { db, t, csrfToken } = c.var;
  const user = getUser(db, Number(c.req.param('id')));
  if (!user) return c.notFound();
  const factors = db
    .select({ n: count() })
    .from(secondFactors)
    .where(eq(secondFactors.userId, user.id))
    .get()!.n;
  const page = (
    <ResetFactor
      csrfToken={csrfToken}
      user={user}
      factors={factors}
      values={values}
      errors={errors}
    />
  );
  return pageOrPartial(c, t('reset.title', { name: user.name }), page, status);
}

secondFactorResetRoutes.get('/', (c) => resetPage(c, {}, {}));

secondFactorResetRoutes.post('/', async (c) => {
  const values = await formBody(c);
  const parsed = parseWith(c, resetForm, values);
  if (!parsed.ok) return resetPage(c, values, parsed.errors, 422);
  const { db, actor, config } = c.var;
  const userId = Number(c.req.param('id'));
  const result = resetSecondFactor(db, actor, userId, parsed.data.reason, config.now());
  if (!result.ok) {
    if (result.status === 404) return c.notFound();
    return resetPage(c, values, failureErrors(c, result), result.status === 403 ? 403 : 422);
  }
  setFlash(c, 'reset.done', { name: getUser(db, userId)!.name });
  return redirectTo(c, `/users/${userId}`);
});
