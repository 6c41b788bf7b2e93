// The audit page for Communicatie: filters, the chain check, and the events with their export.
import type { Child } from 'hono/jsx';
import { AUDIT_ACTIONS } from '../../../src/domain/audit/trail';
import type { TrailReport } from '../../../src/domain/audit/verify';
import { AUDIT_KINDS, type Option } from '../../../src/domain/audit/query';
import type { ChannelOption } from '../../../src/domain/registry/channel-list';
import { label } from '../../../src/i18n';
import {
  Checkboxes,
  ErrorSummary,
  Field,
  Input,
  Select,
  type FormErrors,
} from '../../components/form';
import { useLocale } from '../../i18n';
import { VerifyPanel } from './VerifyPanel';

export type FilterChoices = { crises: Option[]; departments: Option[]; users: Option[] };
/** The channel the filter resolved to, or the channels to choose from when its text was ambiguous. */
export type ChannelChoice = { chosen?: ChannelOption; candidates: ChannelOption[] };

type Props = {
  choices: FilterChoices;
  channel: ChannelChoice;
  values: Record<string, string>;
  errors: FormErrors;
  verify: TrailReport | null;
  /** Whether the console has a checkpoint key. */
  signing: boolean;
  csrfToken: string;
  results: Child;
};

const options = (list: Option[]) => list.map((o) => ({ value: String(o.id), label: o.name }));

/** Suggestions for the channel field; htmx replaces them as you type. */
export function ChannelOptions({ options }: { options: ChannelOption[] }) {
  return (
    <datalist id="audit-channel-options">
      {options.map((o) => (
        <option value={String(o.id)}>{`${o.name} (${o.handle})`}</option>
      ))}
    </datalist>
  );
}

/**
 * Two thousand channels make too long a list: a text field for a number, a handle or (part of)
 * a name, resolved when the filter is applied. Without JavaScript an ambiguous name comes back
 * with its candidates in the suggestions; with htmx they follow what you type.
 */
function ChannelField({ channel, values, errors }: Pick<Props, 'channel' | 'values' | 'errors'>) {
  const { t } = useLocale();
  const { chosen } = channel;
  const hint = chosen
    ? t('audit.filter.channelChosen', { id: chosen.id, name: chosen.name, handle: chosen.handle })
    : t('audit.filter.channelHint');
  return (
    <Field name="channel" label={t('audit.filter.channel')} errors={errors} hint={hint}>
      <input
        id="f-channel"
        name="channel"
        type="text"
        value={values.channel ?? ''}
        maxlength={200}
        autocomplete="off"
        list="audit-channel-options"
        aria-invalid={errors.channel ? 'true' : undefined}
        aria-describedby={errors.channel ? 'h-channel e-channel' : 'h-channel'}
        hx-get="/audit"
        hx-trigger="input changed delay:300ms"
        hx-target="#audit-channel-options"
        hx-swap="outerHTML"
        hx-push-url="false"
        hx-sync="this:replace"
      />
      <ChannelOptions options={channel.candidates} />
    </Field>
  );
}

function Filters({
  choices,
  channel,
  values,
  errors,
}: Pick<Props, 'choices' | 'channel' | 'values' | 'errors'>) {
  const { t } = useLocale();
  const any = t('audit.filter.any');
  return (
    <form
      method="get"
      action="/audit"
      class="filters"
      role="search"
      aria-label={t('audit.filters')}
      hx-get="/audit"
      hx-target="#audit-results"
      hx-swap="outerHTML"
      hx-push-url="true"
    >
      <ErrorSummary errors={errors} />
      <div class="filter-grid">
        <Select
          name="crisis"
          label={t('audit.filter.crisis')}
          values={values}
          errors={errors}
          empty={any}
          options={options(choices.crises)}
        />
        <ChannelField channel={channel} values={values} errors={errors} />
        <Select
          name="department"
          label={t('audit.filter.department')}
          values={values}
          errors={errors}
          empty={any}
          options={options(choices.departments)}
        />
        <Select
          name="actor"
          label={t('audit.filter.actor')}
          values={values}
          errors={errors}
          empty={any}
          options={options(choices.users)}
        />
        <Select
          name="action"
          label={t('audit.filter.action')}
          values={values}
          errors={errors}
          empty={any}
          options={AUDIT_ACTIONS.map((a) => ({ value: a, label: label(t, 'audit.action', a) }))}
        />
        <Select
          name="kind"
          label={t('audit.filter.kind')}
          values={values}
          errors={errors}
          options={AUDIT_KINDS.map((k) => ({ value: k, label: t(`audit.kind.${k}`) }))}
        />
        <Input
          name="from"
          type="datetime-local"
          label={t('audit.filter.from')}
          values={values}
          errors={errors}
        />
        <Input
          name="until"
          type="datetime-local"
          label={t('audit.filter.until')}
          values={values}
          errors={errors}
        />
        <Checkboxes
          name="signins"
          label={t('audit.filter.signInsHint')}
          values={values}
          errors={errors}
          options={[{ value: '1', label: t('audit.filter.signIns') }]}
        />
      </div>
      <div class="actions">
        <button type="submit" class="primary">
          {t('audit.filter.apply')}
        </button>
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
      <VerifyPanel report={p.verify} csrfToken={p.csrfToken} signing={p.signing} />
      <Filters choices={p.choices} channel={p.channel} values={p.values} errors={p.errors} />
      {p.results}
    </section>
  );
}
