// The audit page for Communicatie: filters, the chain check, and the events with their export.
import type { Child } from 'hono/jsx';
import { AUDIT_ACTIONS, type ChainReport } from '../../../src/domain/audit';
import { AUDIT_KINDS, type Option } from '../../../src/domain/audit-query';
import { ErrorSummary, Input, Select, type FormErrors } from '../../components/form';
import { useLocale } from '../../i18n';
import { VerifyPanel } from './VerifyPanel';

export type FilterChoices = { crises: Option[]; channels: Option[]; departments: Option[]; users: Option[] };

type Props = {
  choices: FilterChoices;
  values: Record<string, string>;
  errors: FormErrors;
  verify: ChainReport | null;
  csrfToken: string;
  results: Child;
};

const options = (list: Option[]) => list.map((o) => ({ value: String(o.id), label: o.name }));

function Filters({ choices, values, errors }: Pick<Props, 'choices' | 'values' | 'errors'>) {
  const { t } = useLocale();
  const any = t('audit.filter.any');
  return (
    <form method="get" action="/audit" class="filters" role="search" aria-label={t('audit.filters')}
      hx-get="/audit" hx-target="#audit-results" hx-swap="outerHTML" hx-push-url="true">
      <ErrorSummary errors={errors} />
      <div class="filter-grid">
        <Select name="crisis" label={t('audit.filter.crisis')} values={values} errors={errors} empty={any} options={options(choices.crises)} />
        <Select name="channel" label={t('audit.filter.channel')} values={values} errors={errors} empty={any} options={options(choices.channels)} />
        <Select name="department" label={t('audit.filter.department')} values={values} errors={errors} empty={any} options={options(choices.departments)} />
        <Select name="actor" label={t('audit.filter.actor')} values={values} errors={errors} empty={any} options={options(choices.users)} />
        <Select name="action" label={t('audit.filter.action')} values={values} errors={errors} empty={any}
          options={AUDIT_ACTIONS.map((a) => ({ value: a, label: a }))} />
        <Select name="kind" label={t('audit.filter.kind')} values={values} errors={errors}
          options={AUDIT_KINDS.map((k) => ({ value: k, label: t(`audit.kind.${k}`) }))} />
        <Input name="from" type="datetime-local" label={t('audit.filter.from')} values={values} errors={errors} />
        <Input name="until" type="datetime-local" label={t('audit.filter.until')} values={values} errors={errors} />
      </div>
      <div class="actions">
        <button type="submit" class="primary">{t('audit.filter.apply')}</button>
        <a href="/audit">{t('audit.filter.clear')}</a>
      </div>
    </form>
  );
}

export function AuditList(p: Props) {
  const { t } = useLocale();
  return (
    <section>
      <div class="page-head">
        <h1>{t('audit.title')}</h1>
        <a href="/reports">{t('reports.title')}</a>
      </div>
      <p class="muted">{t('audit.intro')}</p>
      <VerifyPanel report={p.verify} csrfToken={p.csrfToken} />
      <Filters choices={p.choices} values={p.values} errors={p.errors} />
      {p.results}
    </section>
  );
}
