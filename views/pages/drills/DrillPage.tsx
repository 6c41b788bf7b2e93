// An access check: per channel the access to try on the platform, and what the user found.
import type { Drill, DrillItem } from '../../../src/domain/vault/drills';
import { DRILL_RESULTS } from '../../../src/domain/vault/drills';
import { label } from '../../../src/i18n';
import { formatDate } from '../../../src/i18n/format';
import { Csrf, ErrorSummary, type FormErrors } from '../../components/form';
import { useLocale } from '../../i18n';
import { PlatformName } from '../registry/parts';

function Access({ item }: { item: DrillItem }) {
  const { t, lang } = useLocale();
  if (item.kind === 'admin' ? item.account === null : !item.hasLogin)
    return <span class="status-warn">{t('drill.noAccess')}</span>;
  return (
    <>
      {item.kind === 'admin' ? t('drill.admin', { account: item.account! }) : t('drill.login')}
      <br />
      <span class="muted">
        {t('drill.verified', { at: formatDate(item.verifiedAt, lang) || t('registry.never') })}
      </span>
      {item.connected && <p class="hint">{t('drill.viaApi')}</p>}
    </>
  );
}

function Choice({ item }: { item: DrillItem }) {
  const { t } = useLocale();
  if (item.kind === 'admin' ? item.account === null : !item.hasLogin) return null;
  return (
    <fieldset class="outcomes">
      <legend class="visually-hidden">{item.name}</legend>
      {DRILL_RESULTS.map((r) => (
        <label>
          <input type="radio" name={`result-${item.id}`} value={r} checked={r === 'skip'} />{' '}
          {label(t, 'drill.result', r)}
        </label>
      ))}
    </fieldset>
  );
}

export function DrillPage({
  drill,
  action,
  title,
  csrfToken,
  errors,
}: {
  drill: Drill;
  action: string;
  title: string;
  csrfToken: string;
  errors: FormErrors;
}) {
  const { t, lang } = useLocale();
  const last = drill.department.lastDrilledAt;
  return (
    <section>
      <h1>{title}</h1>
      <p class="hint">{t('drill.intro')}</p>
      <p class="muted">
        {last ? t('drill.lastDrilled', { at: formatDate(last, lang) }) : t('drill.neverDrilled')}
      </p>
      <form method="post" action={action} novalidate>
        <Csrf token={csrfToken} />
        <ErrorSummary errors={errors} />
        <table class="table">
          <thead>
            <tr>
              <th>{t('drill.col.channel')}</th>
              <th>{t('drill.col.access')}</th>
              <th>{t('drill.col.result')}</th>
            </tr>
          </thead>
          <tbody>
            {drill.items.map((item) => (
              <tr>
                <td data-label={t('drill.col.channel')}>
                  <a href={`/channels/${item.id}/access`}>{item.name}</a>{' '}
                  <span class="muted">
                    <PlatformName platform={item.platform} />
                  </span>
                </td>
                <td data-label={t('drill.col.access')}>
                  <Access item={item} />
                </td>
                <td data-label={t('drill.col.result')}>
                  <Choice item={item} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="submit" class="primary">
          {t('drill.submit')}
        </button>
      </form>
    </section>
  );
}
