// Departments: add and rename. Each department manages its own channels (Article 2).
import { Hono } from 'hono';
import { z } from 'zod';
import { DepartmentsPage } from '../../../views/pages/registry/Departments';
import type { FormValues } from '../../../views/components/form';
import {
  createDepartment,
  listDepartments,
  renameDepartment,
} from '../../domain/registry/departments';
import { listOwners } from '../../domain/registry/owners';
import type { AppEnv } from '../../env';
import { pageOrPartial, redirectTo, setFlash, type Ctx } from '../../http';
import { allow } from '../../middleware/access';
import { f, parseForm, type FieldErrors } from '../../validation';
import { failureErrors, failureStatus, idOf, versionOf } from './shared';

export const departmentRoutes = new Hono<AppEnv>();
departmentRoutes.use('*', allow('communicatie'));

const nameSchema = z.object({ name: f.text(100) });

function page(
  c: Ctx,
  values: FormValues,
  errors: FieldErrors,
  editing?: number,
  status: 200 | 409 | 422 = 200,
) {
  const node = (
    <DepartmentsPage
      departments={listDepartments(c.var.db)}
      owners={listOwners(c.var.db)}
      csrfToken={c.var.csrfToken}
      values={values}
      errors={errors}
      editing={editing}
    />
  );
  return pageOrPartial(c, c.var.t('registry.departments'), node, status);
}

departmentRoutes.get('/', (c) => page(c, {}, {}));

departmentRoutes.post('/', async (c) => {
  const { values, ...parsed } = await parseForm(c, nameSchema);
  if (!parsed.ok) return page(c, values, parsed.errors, undefined, 422);
  const { db, actor, config } = c.var;
  const result = createDepartment(db, actor, parsed.data.name, config.now());
  if (!result.ok)
    return page(c, values, failureErrors(c, result), undefined, failureStatus(result));
  setFlash(c, 'department.created', { name: result.value.name });
  return redirectTo(c, '/departments');
});

departmentRoutes.post('/:id{[0-9]+}', async (c) => {
  const id = idOf(c);
  const { values, ...parsed } = await parseForm(c, nameSchema);
  if (!parsed.ok) return page(c, values, parsed.errors, id, 422);
  const { db, actor, config } = c.var;
  const result = renameDepartment(db, actor, id, parsed.data.name, versionOf(values), config.now());
  if (!result.ok && result.error === 'error.conflict')
    // Someone saved first: the list shows the stored names and versions, to rename again.
    return page(c, {}, failureErrors(c, result), undefined, 409);
  if (!result.ok)
    return result.status === 404
      ? c.notFound()
      : page(c, values, failureErrors(c, result), id, failureStatus(result));
  setFlash(c, 'department.renamed', { name: result.value.name });
  return redirectTo(c, '/departments');
});
