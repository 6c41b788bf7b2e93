// On the readiness page, per department: when its access was last drilled, and the way to drill it.
import type { Department } from '../../../db/schema';
import { formatDate } from '../../../src/i18n/format';
import { useLocale } from '../../i18n';

export function DrillLine({ department }: { department: Department }) {
  const { t, lang } = useLocale();
  const last = department.lastDrilledAt;
  return (
    <p class="drill-line">
      {last ? t('drill.lastDrilled', { at: formatDate(last, lang) }) : t('drill.neverDrilled')}
      {' · '}
      <a href={`/drills/departments/${department.id}`}>{t('drill.departmentLink')}</a>
    </p>
  );
}
