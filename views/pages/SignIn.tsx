import { Csrf, ErrorSummary, Input, type FormErrors, type FormValues } from '../components/form';
import { useLocale } from '../i18n';

type Props = {
  csrfToken: string;
  values: FormValues;
  errors: FormErrors;
  next: string;
  notice?: string;
  /** The city's identity provider, when configured: its name and where its sign-in starts. */
  provider?: { name: string; href: string } | undefined;
  passwordSignIn?: boolean;
};

export function SignIn(p: Props) {
  const { t } = useLocale();
  const { provider, notice } = p;
  const password = p.passwordSignIn !== false || !provider;
  return (
    <section class="narrow card">
      <h1>{t('signIn.title')}</h1>
      {notice && (
        <div class="alert" role="status">
          {notice}
        </div>
      )}
      {provider && (
        <p>
          <a class="button primary" href={provider.href}>
            {t('oidc.signIn', { name: provider.name })}
          </a>
        </p>
      )}
      {!password && <ErrorSummary errors={p.errors} />}
      {password && <PasswordForm {...p} intro={provider ? 'oidc.orPassword' : 'signIn.intro'} />}
    </section>
  );
}

function PasswordForm({
  csrfToken,
  values,
  errors,
  next,
  intro,
}: Props & { intro: 'oidc.orPassword' | 'signIn.intro' }) {
  const { t } = useLocale();
  return (
    <>
      <p>{t(intro)}</p>
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
        <button type="submit" class={intro === 'signIn.intro' ? 'primary' : undefined}>
          {t('signIn.submit')}
        </button>
      </form>
    </>
  );
}
