import { Csrf, ErrorSummary, Input, type FormErrors, type FormValues } from '../components/form';
import { useLocale } from '../i18n';

type Props = {
  csrfToken: string;
  values: FormValues;
  errors: FormErrors;
  next: string;
  notice?: string;
};

export function SignIn({ csrfToken, values, errors, next, notice }: Props) {
  const { t } = useLocale();
  return (
    <section class="narrow card">
      <h1>{t('signIn.title')}</h1>
      <p>{t('signIn.intro')}</p>
      {notice && (
        <div class="alert" role="status">
          {notice}
        </div>
      )}
      <form method="post" action="/sign-in" novalidate>
        <Csrf token={csrfToken} />
        <input type="hidden" name="next" value={next} />
        <ErrorSummary errors={errors} />
        <Input
          name="email"
          type="email"
          label={t('signIn.email')}
          values={values}
          errors={errors}
          autocomplete="username"
          required
        />
        <Input
          name="password"
          type="password"
          label={t('signIn.password')}
          errors={errors}
          autocomplete="current-password"
          required
        />
        <button type="submit" class="primary">
          {t('signIn.submit')}
        </button>
      </form>
    </section>
  );
}
