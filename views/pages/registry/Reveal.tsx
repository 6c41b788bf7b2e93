// Break-glass reveal: a form that asks for the crisis and a reason, and the answer page. The
// answer shows the login details only when asked (a disclosure that closes again) and never
// inside a form field.
import type { Channel, Crisis } from '../../../db/schema';
import type { Revealed } from '../../../src/domain/vault/reveal';
import { formatDateTime } from '../../../src/i18n/format';
import {
  Csrf,
  ErrorSummary,
  Select,
  TextArea,
  type FormErrors,
  type FormValues,
} from '../../components/form';
import { useLocale } from '../../i18n';
import { CopyPassword } from '../../partials/vault/CopyPassword';
import { PlatformCodesCard } from '../../partials/vault/PlatformCodes';

type FormProps = {
  channel: Channel;
  crises: Crisis[];
  csrfToken: string;
  values: FormValues;
  errors: FormErrors;
  mayVerify: boolean;
};

export function RevealForm({ channel, crises, csrfToken, values, errors, mayVerify }: FormProps) {
  const { t, lang } = useLocale();
  const action = `/channels/${channel.id}/reveal`;
  return (
    <section class="narrow">
      <h1>{t('reveal.titleFor', { name: channel.name })}</h1>
      <div class="alert alert-warn">
        <p>{t('reveal.warning')}</p>
      </div>
      <form method="post" action={action} novalidate>
        <Csrf token={csrfToken} />
        <ErrorSummary errors={errors} />
        <Select
          name="crisisId"
          label={t('reveal.crisis')}
          hint={t('reveal.crisisHint')}
          values={values}
          errors={errors}
          empty={mayVerify ? t('reveal.noCrisis') : t('reveal.chooseCrisis')}
          options={crises.map((c) => ({
            value: String(c.id),
            label: `${c.isExercise ? `${t('reveal.exercise')} · ` : ''}${c.title} (${formatDateTime(c.startedAt, lang)})`,
          }))}
        />
        <TextArea
          name="reason"
          label={t('reveal.reason')}
          hint={t('reveal.reasonHint')}
          values={values}
          errors={errors}
          required
          maxlength={1000}
        />
        <div class="actions">
          <button type="submit" class="danger primary">
            {t('reveal.submit')}
          </button>
          <a href={`/channels/${channel.id}`}>{t('action.cancel')}</a>
        </div>
        <CopyPassword channelId={channel.id} />
      </form>
    </section>
  );
}

export function RevealedPage({ channel, revealed }: { channel: Channel; revealed: Revealed }) {
  const { t } = useLocale();
  return (
    <section class="narrow">
      <h1>{t('reveal.titleFor', { name: channel.name })}</h1>
      <div class="alert alert-warn" role="status">
        <p>{revealed.kind === 'masked' ? t('reveal.maskedDone') : t('reveal.done')}</p>
      </div>
      {revealed.kind === 'masked' ? (
        <div class="card">
          <p>{t('reveal.maskedBody')}</p>
          <dl class="facts">
            <dt>{t('access.username')}</dt>
            <dd>••••••••</dd>
            <dt>{t('access.password')}</dt>
            <dd>••••••••</dd>
            <dt>{t('access.twoFactor')}</dt>
            <dd>{revealed.hasTwoFactor ? '••••••••' : '—'}</dd>
          </dl>
        </div>
      ) : (
        <details class="card secret" data-secret>
          <summary>{t('reveal.show')}</summary>
          <dl class="facts">
            <dt>{t('access.username')}</dt>
            <dd>
              <code>{revealed.details.username}</code>
            </dd>
            <dt>{t('access.password')}</dt>
            <dd>
              <code>{revealed.details.password}</code>
            </dd>
            <dt>{t('access.twoFactor')}</dt>
            <dd>
              <pre>{revealed.details.twoFactor || '—'}</pre>
            </dd>
          </dl>
          <p class="hint">{t('reveal.hideHint')}</p>
        </details>
      )}
      {revealed.kind === 'plain' && revealed.codes && <PlatformCodesCard codes={revealed.codes} />}
      <p>
        <a href={`/channels/${channel.id}`}>{t('action.back')}</a>
      </p>
    </section>
  );
}
