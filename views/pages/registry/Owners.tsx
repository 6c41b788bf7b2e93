import { LANGUAGES, type Department, type User } from '../../../db/schema';
import type { OwnerRow } from '../../../src/domain/registry/owners';
import { label } from '../../../src/i18n';
import {
  Csrf,
  ErrorSummary,
  Input,
  Select,
  type FormErrors,
  type FormValues,
} from '../../components/form';
import { useLocale } from '../../i18n';
import { ContactLinks } from './parts';

export function OwnerList({ owners }: { owners: OwnerRow[] }) {
  const { t } = useLocale();
  return (
    <section>
      <div class="page-head">
        <h1>{t('registry.owners')}</h1>
        <a class="button primary" href="/owners/new">
          {t('owner.new')}
        </a>
      </div>
      <table class="table">
        <thead>
          <tr>
            <th>{t('owner.name')}</th>
            <th>{t('channel.department')}</th>
            <th>{t('owner.contact')}</th>
            <th>{t('registry.channels')}</th>
            <th>{t('owner.active')}</th>
          </tr>
        </thead>
        <tbody>
          {owners.map((o) => (
            <tr>
              <td data-label={t('owner.name')}>
                <a href={`/owners/${o.id}`}>{o.name}</a>
              </td>
              <td data-label={t('channel.department')}>{o.departmentName}</td>
              <td data-label={t('owner.contact')}>
                <ContactLinks phone={o.phone} email={o.email} alt={o.altContact} />
              </td>
              <td data-label={t('registry.channels')}>{o.channelCount}</td>
              <td data-label={t('owner.active')}>{o.active ? t('yes') : t('no')}</td>
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
  departments: Department[];
  ownerUsers: User[];
};

export function OwnerForm({
  action,
  csrfToken,
  values,
  errors,
  isNew,
  departments,
  ownerUsers,
}: FormProps) {
  const { t } = useLocale();
  return (
    <section class="narrow">
      <h1>{isNew ? t('owner.new') : t('owner.edit')}</h1>
      <form
        method="post"
        action={action}
        hx-post={action}
        hx-target="this"
        hx-swap="outerHTML"
        novalidate
      >
        <Csrf token={csrfToken} />
        <ErrorSummary errors={errors} />
        {!isNew && <input type="hidden" name="version" value={String(values.version ?? '')} />}
        <Input
          name="name"
          label={t('owner.name')}
          values={values}
          errors={errors}
          required
          maxlength={200}
        />
        <Select
          name="departmentId"
          label={t('channel.department')}
          values={values}
          errors={errors}
          required
          empty=""
          options={departments.map((d) => ({ value: String(d.id), label: d.name }))}
        />
        <Input
          name="phone"
          type="tel"
          label={t('owner.phone')}
          hint={t('owner.phoneHint')}
          values={values}
          errors={errors}
          maxlength={30}
          autocomplete="off"
        />
        <Input
          name="email"
          type="email"
          label={t('owner.email')}
          values={values}
          errors={errors}
          maxlength={254}
          autocomplete="off"
        />
        <Input
          name="altContact"
          label={t('owner.altContact')}
          hint={t('owner.altContactHint')}
          values={values}
          errors={errors}
          maxlength={200}
        />
        <Select
          name="userId"
          label={t('owner.user')}
          hint={t('owner.userHint')}
          values={values}
          errors={errors}
          empty="—"
          options={ownerUsers.map((u) => ({
            value: String(u.id),
            label: `${u.name} (${u.email})`,
          }))}
        />
        <Select
          name="language"
          label={t('owner.language')}
          values={values}
          errors={errors}
          options={LANGUAGES.map((l) => ({ value: l, label: label(t, 'language', l) }))}
        />
        <label class="check">
          <input type="checkbox" name="active" checked={values.active === 'on'} />{' '}
          {t('owner.active')}
        </label>
        <div class="actions">
          <button type="submit" class="primary">
            {t('action.save')}
          </button>
          <a href="/owners">{t('action.cancel')}</a>
        </div>
      </form>
    </section>
  );
}
