// The second step of the sign-in, and the step-up's re-authentication: a code from the
// authenticator app, a passkey (public/passkey.js drives the browser's ceremony), or a recovery code.
import { STEP_UP_MINUTES } from '../../../src/domain/auth/second-factor';
import { Csrf, ErrorSummary, Input, type FormErrors } from '../../components/form';
import { useLocale } from '../../i18n';
import { PasskeyScripts } from './PasskeyButton';

type Props = {
  csrfToken: string;
  next: string;
  stepUp: boolean;
  hasTotp: boolean;
  hasPasskey: boolean;
  errors: FormErrors;
};

export function SecondStep({ csrfToken, next, stepUp, hasTotp, hasPasskey, errors }: Props) {
  const { t } = useLocale();
  return (
    <section class="narrow card">
      <h1>{t(stepUp ? 'stepUp.title' : 'secondStep.title')}</h1>
      <p>{stepUp ? t('stepUp.intro', { minutes: STEP_UP_MINUTES }) : t('secondStep.intro')}</p>
      <ErrorSummary errors={errors} />
      {hasPasskey && (
        <div class="passkey">
          <button
            type="button"
            class="primary"
            data-passkey="authenticate"
            data-next={next}
            data-csrf={csrfToken}
            data-failed={t('passkey.failed')}
          >
            {t('secondStep.passkey')}
          </button>
          <p class="hint">{t('secondStep.passkey.hint')}</p>
          <p class="error" role="alert" tabindex={-1} data-passkey-error hidden></p>
          <noscript>
            <p class="hint">{t('secondStep.noScript')}</p>
          </noscript>
          <PasskeyScripts />
        </div>
      )}
      {hasTotp && (
        <form method="post" action="/second-factor/totp" novalidate>
          <Csrf token={csrfToken} />
          <input type="hidden" name="next" value={next} />
          <Input
            name="code"
            label={t('secondStep.code')}
            hint={t('secondStep.code.hint')}
            errors={errors}
            autocomplete="one-time-code"
            maxlength={10}
            required
          />
          <button type="submit" class={hasPasskey ? undefined : 'primary'}>
            {t('secondStep.confirm')}
          </button>
        </form>
      )}
      {!hasTotp && !hasPasskey && <p>{t('secondFactor.noneEnrolled')}</p>}
      <details open={errors.recoveryCode ? true : undefined}>
        <summary>{t('secondStep.recovery')}</summary>
        <form method="post" action="/second-factor/recovery" novalidate>
          <Csrf token={csrfToken} />
          <input type="hidden" name="next" value={next} />
          <Input
            name="recoveryCode"
            label={t('secondStep.recoveryCode')}
            errors={errors}
            autocomplete="off"
            maxlength={20}
            required
          />
          <button type="submit">{t('secondStep.confirm')}</button>
        </form>
      </details>
      <p class="hint">{t('secondStep.lost')}</p>
    </section>
  );
}
