// Article 2's exceptions to "contact the owner first": acute (within the hour) and conflicting
// information (hold first, then contact), folded away under the default path. The third, owner unreachable, lives with the attempt
// log it is derived from (Contact.tsx).
import { label } from '../../../src/i18n';
import { HOLD_ACTIONS, POST_STATES } from '../../../src/domain/crisis/holds';
import { Input, Select, TextArea, type FormErrors, type FormValues } from '../../components/form';
import { useLocale } from '../../i18n';
import { CaseForm, caseAction, stateOf, type CaseCtx } from './CaseForm';

export function HoldFields({ values, errors }: { values: FormValues; errors: FormErrors }) {
  const { t } = useLocale();
  return (
    <>
      <Select
        name="postState"
        label={t('hold.field.postState')}
        values={values}
        errors={errors}
        options={POST_STATES.map((s) => ({ value: s, label: label(t, 'hold.postState', s) }))}
      />
      <Input
        name="postRef"
        label={t('hold.field.postRef')}
        values={values}
        errors={errors}
        required
        maxlength={500}
      />
      <Input
        name="scheduledFor"
        type="datetime-local"
        label={t('hold.field.scheduledFor')}
        values={values}
        errors={errors}
      />
      <TextArea
        name="conflict"
        label={t('hold.field.conflict')}
        values={values}
        errors={errors}
        required
        maxlength={2000}
      />
      <Select
        name="action"
        label={t('hold.field.action')}
        values={values}
        errors={errors}
        options={HOLD_ACTIONS.map((a) => ({ value: a, label: label(t, 'hold.action', a) }))}
      />
    </>
  );
}

export function AcuteForm({
  ctx,
  proposedDeadline,
  maxMinutes,
}: {
  ctx: CaseCtx;
  proposedDeadline: string;
  maxMinutes: number;
}) {
  const { t } = useLocale();
  const { errors, values } = stateOf(ctx, 'acute');
  const v = { deadline: proposedDeadline, ...values };
  return (
    <details id="acute" class="card" open={ctx.failed?.form === 'acute'}>
      <summary>
        <strong>{t('case.acute.title')}</strong>
      </summary>
      <CaseForm ctx={ctx} name="acute" action={caseAction(ctx, 'acute')}>
        <TextArea
          name="justification"
          label={t('case.acute.justification')}
          hint={t('case.acute.justificationHint')}
          values={v}
          errors={errors}
          required
          maxlength={2000}
        />
        <Input
          name="deadline"
          type="datetime-local"
          label={t('case.acute.deadline')}
          hint={t('case.acute.deadlineHint', { max: maxMinutes })}
          values={v}
          errors={errors}
          required
        />
        <div class="actions">
          <button type="submit" class="primary">
            {t('case.acute.submit')}
          </button>
        </div>
      </CaseForm>
    </details>
  );
}

export function ConflictingForm({ ctx, dueMinutes }: { ctx: CaseCtx; dueMinutes: number }) {
  const { t } = useLocale();
  const { errors, values } = stateOf(ctx, 'conflicting');
  return (
    <details id="conflicting" class="card" open={ctx.failed?.form === 'conflicting'}>
      <summary>
        <strong>{t('case.conflicting.title')}</strong>
      </summary>
      <p class="hint">{t('case.conflicting.hint', { minutes: dueMinutes })}</p>
      <CaseForm ctx={ctx} name="conflicting" action={caseAction(ctx, 'conflicting')}>
        <HoldFields values={values} errors={errors} />
        <div class="actions">
          <button type="submit" class="primary">
            {t('case.conflicting.submit')}
          </button>
        </div>
      </CaseForm>
    </details>
  );
}
