// Communicatie resets a colleague's lost second factor, with a reason for the audit.
import {
  Csrf,
  ErrorSummary,
  TextArea,
  type FormErrors,
  type FormValues,
} from '../../components/form';
import { useLocale } from '../../i18n';

type Props = {
  csrfToken: string;
  user: { id: number; name: string };
  factors: number;
  values: FormValues;
  errors: FormErrors;
};

export function ResetFactor({ csrfToken, user, factors, values, errors }: Props) {
  const { t } = useLocale();
  return (
    <section class="narrow card">
      <h1>{t('reset.title', { name: user.name })}</h1>
      <p>{t('reset.intro')}</p>
      <p>{t('reset.factors', { n: factors })}</p>
      <form method="post" action={`/users/${user.id}/second-factor`} novalidate>
        <Csrf token={csrfToken} />
        <ErrorSummary errors={errors} />
        <TextArea
          name="reason"
          label={t('reset.reason')}
          values={values}
          errors={errors}
          required
          maxlength={500}
        />
        <button type="submit" class="primary">
          {t('reset.submit')}
        </button>
      </form>
    </section>
  );
}
