// User management for Communicatie.
import { Hono } from 'hono';
import { z } from 'zod';
import { LANGUAGES, ROLES, type User } from '../../db/schema';
import { UserForm, UserList } from '../../views/pages/Users';
import { createUser, getUser, listUsers, updateUser } from '../domain/auth/users';
import type { AppEnv } from '../env';
import { pageOrPartial, redirectTo, setFlash, type Ctx } from '../http';
import { allow } from '../middleware/access';
import { f, parseForm, type FieldErrors } from '../validation';
import type { FormValues } from '../../views/components/form';

export const usersRoutes = new Hono<AppEnv>();
usersRoutes.use('*', allow('communicatie'));

const userForm = z.object({
  name: f.text(200),
  email: f.email(),
  password: z
    .string()
    .max(1024, { error: 'field.invalid' })
    .optional()
    .transform((s) => s || undefined),
  roles: f.choices(ROLES).refine((r) => r.length > 0, { error: 'field.required' }),
  language: f.choice(LANGUAGES),
  active: f.checkbox(),
});

/** Editing sends the version the form showed: a save over a newer version answers 409. */
const editForm = userForm.extend({ version: f.id() });

const valuesOf = (u: User): FormValues => ({
  version: String(u.version),
  name: u.name,
  email: u.email,
  roles: u.roles,
  language: u.language,
  active: u.active ? 'on' : undefined,
});

function form(
  c: Ctx,
  action: string,
  values: FormValues,
  errors: FieldErrors,
  isNew: boolean,
  status: 200 | 404 | 409 | 422 = 200,
) {
  const { t } = c.var;
  const node = (
    <UserForm
      action={action}
      csrfToken={c.var.csrfToken}
      values={values}
      errors={errors}
      isNew={isNew}
    />
  );
  return pageOrPartial(c, isNew ? t('users.new') : t('users.edit'), node, status);
}

usersRoutes.get('/', (c) =>
  c.render(<UserList users={listUsers(c.var.db)} />, { title: c.var.t('users.title') }),
);

usersRoutes.get('/new', (c) => form(c, '/users', { language: 'nl', active: 'on' }, {}, true));

usersRoutes.post('/', async (c) => {
  const { values, ...parsed } = await parseForm(c, userForm);
  if (!parsed.ok) return form(c, '/users', values, parsed.errors, true, 422);
  if (!parsed.data.password)
    return form(c, '/users', values, { password: c.var.t('field.required') }, true, 422);
  const { config, db, actor } = c.var;
  const result = await createUser(
    db,
    actor,
    { ...parsed.data, password: parsed.data.password },
    config.now(),
    config.scryptN,
  );
  if (!result.ok)
    return form(
      c,
      '/users',
      values,
      { [result.field ?? '_form']: c.var.t(result.error) },
      true,
      422,
    );
  setFlash(c, 'users.created', { name: result.value.name });
  return redirectTo(c, '/users');
});

usersRoutes.get('/:id{[0-9]+}', (c) => {
  const user = getUser(c.var.db, Number(c.req.param('id')));
  if (!user) return c.notFound();
  return form(c, `/users/${user.id}`, valuesOf(user), {}, false);
});

usersRoutes.post('/:id{[0-9]+}', async (c) => {
  const id = Number(c.req.param('id'));
  const action = `/users/${id}`;
  const { values, ...parsed } = await parseForm(c, editForm);
  if (!parsed.ok) return form(c, action, values, parsed.errors, false, 422);
  const { config, db, actor } = c.var;
  const result = await updateUser(db, actor, id, parsed.data, config.now(), config.scryptN);
  if (!result.ok) {
    if (result.status === 404) return c.notFound();
    if (result.error === 'error.conflict') {
      // Someone saved first: the form shows what is stored now, with its version, to edit again.
      const stored = getUser(db, id)!;
      return form(c, action, valuesOf(stored), { _form: c.var.t('error.conflict') }, false, 409);
    }
    return form(
      c,
      action,
      values,
      { [result.field ?? '_form']: c.var.t(result.error) },
      false,
      422,
    );
  }
  setFlash(c, 'users.updated', { name: result.value.name });
  return redirectTo(c, '/users');
});
