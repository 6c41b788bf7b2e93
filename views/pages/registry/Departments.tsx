import type { Department } from '../../../db/schema';
import { Csrf, ErrorSummary, type FormErrors, type FormValues } from '../../components/form';
import type { OwnerRow } from '../../../src/domain/registry/owners';
import { useLocale } from '../../i18n';
import { HeadForm } from '../../partials/escalation/HeadForm';

type Props = {
  departments: Department[];
  owners: OwnerRow[];
  csrfToken: string;
  values: FormValues;
  errors: FormErrors;
  editing?: number;
};

/** The departments, each renamable in place, and a form to add one. */
export function DepartmentsPage({
  departments,
  owners,
  csrfToken,
  values,
  errors,
  editing,
}: Props) {
  const { t } = useLocale();
  const field = (id: string, value: string, error?: string) => (
    <>
      <label for={id} class="visually-hidden">
        {t('department.name')}
      </label>
      {error && (
        <p class="error" id={`e-${id}`}>
          {error}
        </p>
      )}
      <input
        id={id}
        name="name"
        type="text"
        value={value}
        required
        maxlength={100}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `e-${id}` : undefined}
      />
    </>
  );
  return (
    <section class="narrow">
      <h1>{t('registry.departments')}</h1>
      <ErrorSummary errors={errors} />
      <ul class="plain">
        {departments.map((d) => (
          <li>
            <form method="post" action={`/departments/${d.id}`} class="row" novalidate>
              <Csrf token={csrfToken} />
              <input type="hidden" name="version" value={String(d.version)} />
              {field(
                `f-dep-${d.id}`,
                editing === d.id ? String(values.name ?? '') : d.name,
                editing === d.id ? errors.name : undefined,
              )}
              <button type="submit">{t('department.rename')}</button>
              <a href={`/channels?department=${d.id}`}>{t('registry.channels')}</a>
            </form>
            <HeadForm department={d} owners={owners} csrfToken={csrfToken} />
          </li>
        ))}
      </ul>
      <h2>{t('department.new')}</h2>
      <form method="post" action="/departments" class="row" novalidate>
        <Csrf token={csrfToken} />
        {field(
          'f-name',
          editing === undefined ? String(values.name ?? '') : '',
          editing === undefined ? errors.name : undefined,
        )}
        <button type="submit" class="primary">
          {t('department.add')}
        </button>
      </form>
    </section>
  );
}
