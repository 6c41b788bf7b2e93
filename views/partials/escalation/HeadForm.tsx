// Per department: the head of department, the last step of every channel's escalation chain.
import type { Department } from '../../../db/schema';
import type { OwnerRow } from '../../../src/domain/registry/owners';
import { Csrf } from '../../components/form';
import { useLocale } from '../../i18n';

export function HeadForm({
  department,
  owners,
  csrfToken,
}: {
  department: Department;
  owners: OwnerRow[];
  csrfToken: string;
}) {
  const { t } = useLocale();
  const id = `f-head-${department.id}`;
  const candidates = owners.filter((o) => o.departmentId === department.id && o.active);
  return (
    <form method="post" action={`/departments/${department.id}/head`} class="row" novalidate>
      <Csrf token={csrfToken} />
      <input type="hidden" name="version" value={String(department.version)} />
      <label for={id}>{t('escalation.headField')}</label>
      <select id={id} name="headOwnerId">
        <option value="">{t('escalation.headNone')}</option>
        {candidates.map((o) => (
          <option value={String(o.id)} selected={o.id === department.headOwnerId}>
            {o.name}
          </option>
        ))}
      </select>
      <button type="submit">{t('escalation.headSave')}</button>
    </form>
  );
}
