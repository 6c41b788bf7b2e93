// A channel's API connection (Communicatie): the account on the platform, when the token was
// stored and when it expires (never the token itself), the last access check, and buttons to
// check the access and read the last publication now.
import type { Channel } from '../../../db/schema';
import type { Connection } from '../../../src/domain/vault/connections';
import type { MessageKey } from '../../../src/i18n';
import { formatDateTime } from '../../../src/i18n/format';
import { Csrf, ErrorSummary, Input, type FormErrors, type FormValues } from '../../components/form';
import { useLocale } from '../../i18n';

type Props = {
  channel: Channel;
  connection: Connection | null;
  csrfToken: string;
  values: FormValues;
  errors: FormErrors;
};

/** YouTube: the OAuth client and refresh token, with which the console renews its access token. */
function OAuthFields({ values, errors }: { values: FormValues; errors: FormErrors }) {
  const { t } = useLocale();
  return (
    <fieldset>
      <legend>{t('platform.refreshToken')}</legend>
      <p class="hint">{t('platform.refreshHint')}</p>
      <Input name="clientId" label={t('platform.oauthClientId')} values={values} errors={errors} />
      <Input
        name="clientSecret"
        type="password"
        autocomplete="off"
        label={t('platform.oauthClientSecret')}
        errors={errors}
      />
      <Input
        name="refreshToken"
        type="password"
        autocomplete="off"
        label={t('platform.refreshToken')}
        errors={errors}
      />
    </fieldset>
  );
}

export function PlatformPage({ channel, connection, csrfToken, values, errors }: Props) {
  const { t, lang } = useLocale();
  const base = `/channels/${channel.id}/platform`;
  return (
    <section>
      <p>
        <a href={`/channels/${channel.id}`}>{t('action.back')}</a>
      </p>
      <h1>{t('platform.title', { name: channel.name })}</h1>
      <p class="hint">{t('platform.intro')}</p>
      <ErrorSummary errors={errors} />
      {connection ? (
        <div class="card">
          <p>
            {t('platform.connectedAs', {
              account: connection.accountId,
              at: formatDateTime(connection.storedAt, lang),
            })}{' '}
            {connection.expiresAt
              ? t('platform.expiresAt', { at: formatDateTime(connection.expiresAt, lang) })
              : connection.checkedAt && t('platform.noExpiry')}
          </p>
          {connection.oauthCiphertext && (
            <p class={connection.refreshProblem ? 'error' : undefined}>
              {t('platform.refreshes')}{' '}
              {connection.refreshedAt &&
                t('platform.refreshedAt', {
                  at: formatDateTime(connection.refreshedAt, lang),
                })}{' '}
              {connection.refreshProblem &&
                t('platform.refreshProblem', {
                  problem: t(connection.refreshProblem as MessageKey),
                })}
            </p>
          )}
          {connection.lastReadProblem && (
            <p class="error">
              {t('platform.lastReadProblem', {
                problem: t(connection.lastReadProblem as MessageKey),
              })}
            </p>
          )}
          {connection.checkedAt && (
            <p class={connection.checkProblem ? 'error' : undefined}>
              {t('platform.lastCheck', { at: formatDateTime(connection.checkedAt, lang) })}{' '}
              {connection.checkProblem && t(connection.checkProblem as MessageKey)}
            </p>
          )}
          <form method="post" action={`${base}/check`} class="actions">
            <Csrf token={csrfToken} />
            <button type="submit" class="primary">
              {t('platform.check')}
            </button>
          </form>
          <form method="post" action={`${base}/last-published`} class="actions">
            <Csrf token={csrfToken} />
            <button type="submit">{t('platform.readLast')}</button>
          </form>
        </div>
      ) : (
        <p class="alert alert-warn">{t('platform.notConnected')}</p>
      )}
      <form method="post" action={base} class="card">
        <Csrf token={csrfToken} />
        <Input
          name="accountId"
          label={t(`platform.accountId.${channel.platform}` as MessageKey)}
          values={values}
          errors={errors}
          required
        />
        {channel.platform === 'facebook_page' && (
          <Input
            name="businessId"
            label={t('platform.businessId')}
            values={values}
            errors={errors}
          />
        )}
        <Input
          name="token"
          type="password"
          autocomplete="off"
          label={t('platform.token')}
          hint={t('platform.tokenHint')}
          errors={errors}
          required={channel.platform !== 'youtube'}
        />
        {channel.platform === 'youtube' && <OAuthFields values={values} errors={errors} />}
        <button type="submit">{t('platform.save')}</button>
      </form>
    </section>
  );
}
