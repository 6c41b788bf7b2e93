// Owners (beheerders): Communicatie keeps their contact details so it can reach them fast.
import { Hono } from 'hono';
import type { Owner } from '../../../db/schema';
import { OwnerForm, OwnerList } from '../../../views/pages/registry/Owners';
import type { FormValues } from '../../../views/components/form';
import { listDepartments } from '../../domain/registry/departments';
import {
  createOwner,
  getOwner,
  listOwners,
  ownerSchema,
  updateOwner,
} from '../../domain/registry/owners';
import { listUsers } from '../../domain/auth/users';
import type { AppEnv } from '../../env';
import { pageOrPartial, redirectTo, setFlash, type Ctx } from '../../http';
import { allow } from '../../middleware/access';
import { parseForm, type FieldErrors } from '../../validation';
import { failureErrors, failureStatus, idOf, versionOf } from './shared';

export const ownersRegistryRoutes = new Hono<AppEnv>();
ownersRegistryRoutes.use('*', allow('communicatie'));

const valuesOf = (o: Owner): FormValues => ({
  name: o.name,
  departmentId: String(o.departmentId),
  phone: o.phone ?? '',
  email: o.email ?? '',
  altContact: o.altContact ?? '',
  userId: o.userId ? String(o.userId) : '',
  language: o.language,
  active: o.active ? 'on' : undefined,
  version: String(o.version),
});

function form(
  c: Ctx,
  id: number | null,
  values: FormValues,
  errors: FieldErrors,
  status: 200 | 409 | 422 = 200,
) {
  const { db, t, csrfToken } = c.var;
  const node = (
    <OwnerForm
      action={id ? `/owners/${id}` : '/owners'}
      csrfToken={csrfToken}
      values={values}
      errors={errors}
      isNew={!id}
      departments={listDepartments(db)}
      ownerUsers={listUsers(db).filter((u) => u.roles.includes('owner'))}
    />
  );
  return pageOrPartial(c, id ? t('owner.edit') : t('owner.new'), node, status);
}

ownersRegistryRoutes.get('/', (c) =>
  c.render(<OwnerList owners={listOwners(c.var.db)} />, { title: c.var.t('registry.owners') }),
);

ownersRegistryRoutes.get('/new', (c) =>
  form(
    c,
    null,
    { language: 'nl', active: 'on', departmentId: c.req.query('department') ?? '' },
    {},
  ),
);

ownersRegistryRoutes.post('/', async (c) => {
  const { values, ...parsed } = await parseForm(c, ownerSchema);
  if (!parsed.ok) return form(c, null, values, parsed.errors, 422);
  const { db, actor, config } = c.var;
  const result = createOwner(db, actor, parsed.data, config.now());
  if (!result.ok) return form(c, null, values, failureErrors(c, result), failureStatus(result));
  setFlash(c, 'owner.created', { name: result.value.name });
  return redirectTo(c, '/owners');
});

ownersRegistryRoutes.get('/:id{[0-9]+}', (c) => {
  const owner = getOwner(c.var.db, idOf(c));
  return owner ? form(c, owner.id, valuesOf(owner), {}) : c.notFound();
});

ownersRegistryRoutes.post('/:id{[0-9]+}', async (c) => {
  const id = idOf(c);
  const { values, ...parsed } = await parseForm(c, ownerSchema);
  if (!parsed.ok) return form(c, id, values, parsed.errors, 422);
  const { db, actor, config } = c.var;
  const result = updateOwner(db, actor, id, parsed.data, versionOf(values), config.now());
  if (!result.ok && result.error === 'error.conflict')
    // Someone saved first: the form shows what is stored now, with its version, to edit again.
    return form(c, id, valuesOf(getOwner(db, id)!), failureErrors(c, result), 409);
  if (!result.ok)
    return result.status === 404
      ? c.notFound()
      : form(c, id, values, failureErrors(c, result), failureStatus(result));
  setFlash(c, 'owner.updated', { name: result.value.name });
  return redirectTo(c, '/owners');
});
