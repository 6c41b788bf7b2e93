// Whom owners call during the crisis (the crisis cell's Communicatie desk): asked when a crisis
// is declared and when its crisis cell is recorded; every owner notice names it.
import type { FormErrors, FormValues } from '../../components/form';
import { Input } from '../../components/form';
import { useLocale } from '../../i18n';

export function ContactFields({ values, errors }: { values: FormValues; errors: FormErrors }) {
  const { t } = useLocale();
  return (
    <>
      <Input
        name="contactName"
        label={t('crisis.field.contactName')}
        hint={t('crisis.field.contactHint')}
        values={values}
        errors={errors}
        maxlength={200}
      />
      <Input
        name="contactPhone"
        type="tel"
        label={t('crisis.field.contactPhone')}
        values={values}
        errors={errors}
        autocomplete="off"
        maxlength={30}
      />
    </>
  );
}
