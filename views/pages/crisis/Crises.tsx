// The list of crises and the form that declares one.
import { IMPACTS, type Crisis } from '../../../db/schema';
import { label } from '../../../src/i18n';
import { formatDateTime } from '../../../src/i18n/format';
import {
  Csrf,
  ErrorSummary,
  Input,
  Select,
  TextArea,
  type FormErrors,
  type FormValues,
} from '../../components/form';
import { useLocale } from '../../i18n';
import { ContactFields } from '../../partials/crisis/ContactFields';
import { ExerciseNotifyField } from '../../partials/exercise/NotifyField';

export function CrisisList({ crises }: { crises: Crisis[] }) {
  const { t, lang } = useLocale();
  return (
    <section>
      <div class="page-head">
        <h1>{t('crisis.list.title')}</h1>
        <a class="button primary" href="/crises/new">
          {t('crisis.list.declare')}
        </a>
      </div>
      {crises.length === 0 ? (
        <p>{t('crisis.list.empty')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th>{t('crisis.field.title')}</th>
              <th>{t('crisis.field.impact')}</th>
              <th>{t('crisis.field.startedAt')}</th>
              <th>{t('crisis.board.col.state')}</th>
            </tr>
          </thead>
          <tbody>
            {crises.map((c) => (
              <tr>
                <td data-label={t('crisis.field.title')}>
                  <a href={`/crises/${c.id}`}>{c.title}</a>
                  {c.isExercise && (
                    <>
                      {' '}
                      <span class="badge badge-warn">{t('crisis.exercise.banner')}</span>
                    </>
                  )}
                </td>
                <td data-label={t('crisis.field.impact')}>{label(t, 'crisis.impact', c.impact)}</td>
                <td data-label={t('crisis.field.startedAt')}>
                  {formatDateTime(c.startedAt, lang)}
                </td>
                <td data-label={t('crisis.board.col.state')}>
                  {label(t, 'crisis.status', c.status)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

type FormProps = { csrfToken: string; values: FormValues; errors: FormErrors };

export function DeclareForm({ csrfToken, values, errors }: FormProps) {
  const { t } = useLocale();
  return (
    <section class="narrow">
      <h1>{t('crisis.declare.title')}</h1>
      <form method="post" action="/crises" novalidate>
        <Csrf token={csrfToken} />
        <ErrorSummary errors={errors} />
        <Input
          name="title"
          label={t('crisis.field.title')}
          values={values}
          errors={errors}
          required
          maxlength={200}
        />
        <TextArea
          name="description"
          label={t('crisis.field.description')}
          values={values}
          errors={errors}
          maxlength={4000}
        />
        <Input
          name="startedAt"
          type="datetime-local"
          label={t('crisis.field.startedAt')}
          values={values}
          errors={errors}
          required
        />
        <Select
          name="impact"
          label={t('crisis.field.impact')}
          values={values}
          errors={errors}
          options={IMPACTS.map((i) => ({ value: i, label: label(t, 'crisis.impact', i) }))}
        />
        <label class="check">
          <input type="checkbox" name="isExercise" checked={values.isExercise === 'on'} />{' '}
          {t('crisis.field.isExercise')}
        </label>
        <ExerciseNotifyField value={String(values.exerciseNotify ?? 'marked')} />
        <fieldset class="field">
          <legend>{t('crisis.declare.cellLegend')}</legend>
          <p class="hint">{t('crisis.declare.cellHint')}</p>
          <Input
            name="crisisCellLead"
            label={t('crisis.field.crisisCellLead')}
            values={values}
            errors={errors}
            maxlength={200}
          />
          <Input
            name="crisisCellConvenedAt"
            type="datetime-local"
            label={t('crisis.field.crisisCellConvenedAt')}
            values={values}
            errors={errors}
          />
          {/* What was proposed: left as it was with no lead, it is not a crisis cell record. */}
          <input
            type="hidden"
            name="crisisCellConvenedAtProposed"
            value={String(values.crisisCellConvenedAtProposed ?? '')}
          />
          <Input
            name="crisisCellDecisionRef"
            label={t('crisis.field.crisisCellDecisionRef')}
            values={values}
            errors={errors}
            maxlength={200}
          />
          <ContactFields values={values} errors={errors} />
        </fieldset>
        <div class="actions">
          <button type="submit" class="primary">
            {t('crisis.declare.submit')}
          </button>
          <a href="/crises">{t('action.cancel')}</a>
        </div>
      </form>
    </section>
  );
}
