// Naming a department's head, the last step of the escalation chain (registry, Communicatie).
import { Hono } from 'hono';
import { z } from 'zod';
import type { FormErrors } from '../../views/components/form';
import { DepartmentsPage } from '../../views/pages/registry/Departments';
import { listDepartments } from '../domain/registry/departments';
import { setDepartmentHead } from '../domain/crisis/escalation';
import { listOwners } from '../domain/registry/owners';
import type { AppEnv } from '../env';
import { pageOrPartial, redirectTo, setFlash, type Ctx } from '../http';
import { allow } from '../middleware/access';
import { f, parseForm } from '../validation';

export const escalationRoutes = new Hono<AppEnv>();

function page(c: Ctx, errors: FormErrors, status: 409 | 422 = 422) {
  const { db, t, csrfToken } = c.var;
  const node = (
    <DepartmentsPage
      departments={listDepartments(db)}
      owners={listOwners(db)}
      csrfToken={csrfToken}
      values={{}}
      errors={errors}
    />
  );
  return pageOrPartial(c, t('registry.departments'), node, status);
}

const headSchema = z.object({
  version: f.id(),
  headOwnerId: z
    .preprocess((v) => (v === '' ? undefined : v), f.id().optional())
    .transform((v) => v ?? null),
});

escalationRoutes.post('/', allow('communicatie'), async (c) => {
  const parsed = await parseForm(c, headSchema);
  const { db, actor, config, t } = c.var;
  if (!parsed.ok) return page(c, { _form: t('error.form') });
  const result = setDepartmentHead(
    db,
    actor,
    {
      departmentId: Number(c.req.param('id')),
      ownerId: parsed.data.headOwnerId,
      version: parsed.data.version,
    },
    config.now(),
  );
  if (!result.ok) {
    if (result.status === 404) return c.notFound();
    return page(c, { _form: t(result.error, result.params) }, result.status === 409 ? 409 : 422);
  }
  setFlash(c, 'escalation.headSaved', { name: result.value.name });
  return redirectTo(c, '/departments');
});
