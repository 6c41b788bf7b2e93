// Enrolment of an authenticator app: the QR code (an SVG made on the server from the otpauth://
// URI), the same secret as text, and a code from the app to confirm it.
import { raw } from 'hono/html';
import { Csrf, ErrorSummary, Input, type FormErrors } from '../../components/form';
import { useLocale } from '../../i18n';

type Props = {
  csrfToken: string;
  next: string;
  required: boolean;
  qrSvg: string;
  secret: string;
  errors: FormErrors;
};

export function TotpEnrol({ csrfToken, next, required, qrSvg, secret, errors }: Props) {
  const { t } = useLocale();
  return (
    <section class="narrow card">
      <h1>{t('enrol.title')}</h1>
      {required && <p class="alert">{t('enrol.required')}</p>}
      <p>{t('enrol.intro')}</p>
      <figure class="qr" role="img" aria-label={t('enrol.qr')}>
        {raw(qrSvg)}
      </figure>
      <p>
        {t('enrol.secret')} <code id="totp-secret">{secret.replace(/(.{4})/g, '$1 ').trim()}</code>
      </p>
      <form method="post" action="/second-factor/totp/confirm" novalidate>
        <Csrf token={csrfToken} />
        <input type="hidden" name="next" value={next} />
        <ErrorSummary errors={errors} />
        <Input
          name="code"
          label={t('enrol.code')}
          hint={t('secondStep.code.hint')}
          errors={errors}
          autocomplete="one-time-code"
          maxlength={10}
          required
        />
        <button type="submit" class="primary">
          {t('enrol.submit')}
        </button>
      </form>
    </section>
  );
}
