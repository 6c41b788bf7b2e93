import { LANGUAGES, ROLES, type User } from '../../db/schema';
import { label } from '../../src/i18n';
import {
  Checkboxes,
  Csrf,
  ErrorSummary,
  Input,
  Select,
  type FormErrors,
  type FormValues,
} from '../components/form';
import { useLocale } from '../i18n';

export function UserList({ users }: { users: User[] }) {
  const { t } = useLocale();
  return (
    <section>
      <div class="page-head">
        <h1>{t('users.title')}</h1>
        <a class="button" href="/users/new">
          {t('users.new')}
        </a>
      </div>
      <table class="table">
        <thead>
          <tr>
            <th>{t('users.name')}</th>
            <th>{t('users.email')}</th>
            <th>{t('users.roles')}</th>
            <th>{t('users.active')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr>
              <td>
                <a href={`/users/${u.id}`}>{u.name}</a>
              </td>
              <td>{u.email}</td>
              <td>{u.roles.map((r) => label(t, 'role', r)).join(', ')}</td>
              <td>{u.active ? t('yes') : t('no')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

type FormProps = {
  action: string;
  csrfToken: string;
  values: FormValues;
  errors: FormErrors;
  isNew: boolean;
};

export function UserForm({ action, csrfToken, values, errors, isNew }: FormProps) {
  const { t } = useLocale();
  return (
    <section class="narrow">
      <h1>{isNew ? t('users.new') : t('users.edit')}</h1>
      <form
        method="post"
        action={action}
        hx-post={action}
        hx-target="this"
        hx-swap="outerHTML"
        novalidate
      >
        <Csrf token={csrfToken} />
        {!isNew && <input type="hidden" name="version" value={String(values.version ?? '')} />}
        <ErrorSummary errors={errors} />
        <Input
          name="name"
          label={t('users.name')}
          values={values}
          errors={errors}
          required
          maxlength={200}
        />
        <Input
          name="email"
          type="email"
          label={t('users.email')}
          values={values}
          errors={errors}
          required
        />
        <Input
          name="password"
          type="password"
          label={t('users.password')}
          errors={errors}
          autocomplete="new-password"
          hint={isNew ? t('users.passwordNewHint') : t('users.passwordHint')}
          required={isNew}
        />
        <Checkboxes
          name="roles"
          label={t('users.roles')}
          values={values}
          errors={errors}
          options={ROLES.map((r) => ({ value: r, label: label(t, 'role', r) }))}
        />
        <Select
          name="language"
          label={t('users.language')}
          values={values}
          errors={errors}
          options={LANGUAGES.map((l) => ({ value: l, label: label(t, 'language', l) }))}
        />
        <label class="check">
          <input type="checkbox" name="active" checked={values.active === 'on'} />{' '}
          {t('users.active')}
        </label>
        <div class="actions">
          <button type="submit" class="primary">
            {t('action.save')}
          </button>
          <a href="/users">{t('action.cancel')}</a>
        </div>
      </form>
      {!isNew && (
        <ul class="links">
          <li>
            <a href={`${action}/sessions`}>{t('sessions.user.link')}</a>
          </li>
          <li>
            <a href={`${action}/second-factor`}>{t('reset.link')}</a>
          </li>
        </ul>
      )}
    </section>
  );
}
