// Communicatie's access to one channel (footnote to Article 2): the admin role on Facebook, the
// login details in the vault elsewhere. Login detail fields are always empty: the stored values
// are never put back into a form.
import type { ChannelCard } from '../../../src/domain/registry/channels';
import { accessKind } from '../../../src/domain/registry/access';
import { formatDate, formatDateTime } from '../../../src/i18n/format';
import {
  Csrf,
  ErrorSummary,
  Input,
  TextArea,
  type FormErrors,
  type FormValues,
} from '../../components/form';
import { useLocale } from '../../i18n';
import { RotateButton } from '../../partials/rotation/RotateButton';
import { TwoFactorFields } from '../../partials/vault/TwoFactorFields';
import { PlatformName } from './parts';

type Props = {
  card: ChannelCard;
  csrfToken: string;
  values: FormValues;
  errors: FormErrors;
  /** When the password was changed on the platform after the vault's details were stored (readiness: login_outdated). */
  outdatedSince: string | null;
};

function AdminAccess({ card, csrfToken, values, errors }: Props) {
  const { t, lang } = useLocale();
  const { channel, admin } = card;
  return (
    <>
      <p>{t('access.adminRule')}</p>
      {admin && (
        <div class="card">
          <p>
            {t('access.adminHeld', {
              account: admin.account,
              date: formatDate(admin.verifiedAt, lang) || t('registry.never'),
            })}
          </p>
          <form method="post" action={`/channels/${channel.id}/access/verify`}>
            <Csrf token={csrfToken} />
            <input type="hidden" name="version" value={String(admin.version)} />
            <button type="submit">{t('access.verifyAdmin')}</button>
          </form>
        </div>
      )}
      <form method="post" action={`/channels/${channel.id}/access/admin`} novalidate>
        <Csrf token={csrfToken} />
        <ErrorSummary errors={errors} />
        <Input
          name="account"
          label={t('access.account')}
          hint={t('access.accountHint')}
          values={values}
          errors={errors}
          required
          maxlength={200}
        />
        <button type="submit" class="primary">
          {admin ? t('access.changeAdmin') : t('access.recordAdmin')}
        </button>
      </form>
    </>
  );
}

function LoginAccess({ card, csrfToken, errors, outdatedSince }: Props) {
  const { t, lang } = useLocale();
  const { channel, credentials: meta } = card;
  return (
    <>
      <p>{t('access.loginRule')}</p>
      {meta && (
        <div class="card">
          {meta.mustRotate && <p class="alert alert-warn">{t('access.mustRotate')}</p>}
          {outdatedSince && (
            <p class="alert alert-warn">
              {t('problem.login_outdated.text', { since: formatDate(outdatedSince, lang) })}
            </p>
          )}
          {meta.mustRotate && (
            <RotateButton
              action={`/channels/${channel.id}/credentials/rotated`}
              version={meta.version}
              csrfToken={csrfToken}
            />
          )}
          <p>
            {t('access.loginHeld', {
              changed: formatDate(meta.changedAt, lang),
              verified: formatDate(meta.verifiedAt, lang) || t('registry.never'),
            })}
          </p>
          {meta.lastRevealedAt && (
            <p>{t('access.lastRevealed', { at: formatDateTime(meta.lastRevealedAt, lang) })}</p>
          )}
          <div class="actions">
            <form method="post" action={`/channels/${channel.id}/credentials/verify`}>
              <Csrf token={csrfToken} />
              <input type="hidden" name="version" value={String(meta.version)} />
              <button type="submit">{t('access.verifyLogin')}</button>
            </form>
            <a class="button danger" href={`/channels/${channel.id}/reveal`}>
              {t('reveal.title')}
            </a>
          </div>
        </div>
      )}
      <h2>{meta ? t('access.updateLogin') : t('access.storeLogin')}</h2>
      <form
        method="post"
        action={`/channels/${channel.id}/credentials`}
        autocomplete="off"
        novalidate
      >
        <Csrf token={csrfToken} />
        <ErrorSummary errors={errors} />
        <Input
          name="username"
          label={t('access.username')}
          hint={meta ? t('access.keepHint') : undefined}
          errors={errors}
          autocomplete="off"
          maxlength={200}
          required={!meta}
        />
        <Input
          name="password"
          type="password"
          label={t('access.password')}
          errors={errors}
          autocomplete="new-password"
          required
        />
        <TextArea
          name="twoFactor"
          label={t('access.twoFactor')}
          hint={meta ? t('access.keepHint') : t('access.twoFactorHint')}
          errors={errors}
          maxlength={2000}
        />
        <TwoFactorFields
          method={meta?.twoFactorMethod ?? null}
          stored={meta?.twoFactorMethod === 'codes_in_vault'}
          errors={errors}
        />
        <button type="submit" class="primary">
          {t('action.save')}
        </button>
      </form>
    </>
  );
}

export function AccessPage(p: Props) {
  const { t } = useLocale();
  const { channel } = p.card;
  return (
    <section class="narrow">
      <h1>{t('access.titleFor', { name: channel.name })}</h1>
      <p class="muted">
        <PlatformName platform={channel.platform} /> ·{' '}
        <a href={`/channels/${channel.id}`}>{t('action.back')}</a> ·{' '}
        <a href={`/drills/channels/${channel.id}`}>{t('drill.channelLink')}</a>
      </p>
      {accessKind(channel.platform) === 'admin' ? <AdminAccess {...p} /> : <LoginAccess {...p} />}
    </section>
  );
}
