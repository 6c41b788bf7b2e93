// A user's own second factors: the authenticator app, passkeys, recovery codes left.
import type { Language } from '../../../db/schema';
import { formatDate } from '../../../src/i18n/format';
import { Csrf } from '../../components/form';
import { useLocale } from '../../i18n';
import { PasskeyScripts } from './PasskeyButton';

type Props = {
  csrfToken: string;
  totpSince: string | null;
  passkeys: { id: number; createdAt: string }[];
  recoveryLeft: number;
};

export function SecuritySettings({ csrfToken, totpSince, passkeys, recoveryLeft }: Props) {
  const { t, lang } = useLocale();
  const date = (d: string) => formatDate(d, lang as Language);
  return (
    <section class="narrow">
      <h1>{t('settings.title')}</h1>
      <p>{t('settings.intro')}</p>
      <h2>{t('settings.totp')}</h2>
      <p>{totpSince ? t('settings.totp.on', { date: date(totpSince) }) : t('settings.totp.off')}</p>
      <p>
        <a class="button" href="/second-factor/totp/new">
          {t(totpSince ? 'settings.totp.reenrol' : 'settings.totp.enrol')}
        </a>
      </p>
      <h2>{t('settings.passkeys')}</h2>
      {passkeys.length ? (
        <ul>
          {passkeys.map((p) => (
            <li>{t('settings.passkeys.item', { date: date(p.createdAt) })}</li>
          ))}
        </ul>
      ) : (
        <p>{t('settings.passkeys.none')}</p>
      )}
      <p>
        <button
          type="button"
          data-passkey="register"
          data-next="/second-factor/settings"
          data-csrf={csrfToken}
          data-failed={t('passkey.failed')}
        >
          {t('settings.passkeys.add')}
        </button>
      </p>
      <p class="error" role="alert" tabindex={-1} data-passkey-error hidden></p>
      <PasskeyScripts />
      <h2>{t('settings.recovery')}</h2>
      <p>{t('settings.recovery.left', { n: recoveryLeft })}</p>
      <form method="post" action="/second-factor/recovery-codes">
        <Csrf token={csrfToken} />
        <p class="hint">{t('settings.recovery.newHint')}</p>
        <button type="submit">{t('settings.recovery.new')}</button>
      </form>
    </section>
  );
}
