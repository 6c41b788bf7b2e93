import { CHANNEL_STATUSES, PLATFORMS, type Department } from '../../../db/schema';
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

type Props = {
  action: string;
  csrfToken: string;
  values: FormValues;
  errors: FormErrors;
  departments: Department[];
  isNew: boolean;
  cancel: string;
};

/** The statuses a form may set; "removed" is the archive button's. */
export const FORM_STATUSES = ['active', 'dormant', 'to_be_removed'] as const;

export function ChannelForm({
  action,
  csrfToken,
  values,
  errors,
  departments,
  isNew,
  cancel,
}: Props) {
  const { t } = useLocale();
  return (
    <section class="narrow">
      <h1>{isNew ? t('channel.new') : t('channel.edit')}</h1>
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
        <Select
          name="platform"
          label={t('channel.platform')}
          values={values}
          errors={errors}
          required
          options={PLATFORMS.map((p) => ({ value: p, label: label(t, 'platform', p) }))}
        />
        <Input
          name="name"
          label={t('channel.name')}
          values={values}
          errors={errors}
          required
          maxlength={200}
        />
        <Input
          name="handle"
          label={t('channel.handle')}
          hint={t('channel.handleHint')}
          values={values}
          errors={errors}
          required
          maxlength={300}
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
          name="purpose"
          label={t('channel.purpose')}
          values={values}
          errors={errors}
          maxlength={500}
        />
        <Select
          name="status"
          label={t('channel.status')}
          values={values}
          errors={errors}
          required
          options={(values.status === 'removed' ? CHANNEL_STATUSES : FORM_STATUSES).map((s) => ({
            value: s,
            label: label(t, 'status', s),
          }))}
        />
        <Input
          name="lastPublishedAt"
          type="date"
          label={t('channel.lastPublishedAt')}
          hint={t('channel.lastPublishedHint')}
          values={values}
          errors={errors}
        />
        <fieldset class="field">
          <legend>{t('channel.exemption')}</legend>
          <p class="hint">{t('channel.exemptionHint')}</p>
          <Input
            name="exemptionReason"
            label={t('channel.exemptionReason')}
            values={values}
            errors={errors}
            maxlength={500}
          />
          <Input
            name="exemptionUntil"
            type="date"
            label={t('channel.exemptionUntil')}
            values={values}
            errors={errors}
          />
        </fieldset>
        <div class="actions">
          <button type="submit" class="primary">
            {t('action.save')}
          </button>
          <a href={cancel}>{t('action.cancel')}</a>
        </div>
      </form>
    </section>
  );
}
