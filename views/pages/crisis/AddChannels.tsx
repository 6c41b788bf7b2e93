// Search the registry and add several affected channels to a crisis at once.
import type { Crisis } from '../../../db/schema';
import type { ChannelHit } from '../../../src/domain/crisis/board';
import { label } from '../../../src/i18n';
import { Csrf, ErrorSummary, type FormErrors } from '../../components/form';
import { useLocale } from '../../i18n';
import { CrisisHead } from './CrisisPage';

type Props = {
  crisis: Crisis;
  q: string;
  hits: ChannelHit[];
  limit: number;
  chosen: string[];
  csrfToken: string;
  errors: FormErrors;
};

export function AddChannels({ crisis, q, hits, limit, chosen, csrfToken, errors }: Props) {
  const { t } = useLocale();
  const action = `/crises/${crisis.id}/channels`;
  return (
    <section>
      <CrisisHead crisis={crisis} current="channels" />
      <form method="get" action={action} class="search" role="search">
        <label for="f-q">{t('crisis.channels.search')}</label>
        <div class="actions">
          <input id="f-q" name="q" type="search" value={q} maxlength={100} />
          <button type="submit">{t('crisis.channels.searchButton')}</button>
        </div>
      </form>
      <form method="post" action={q ? `${action}?q=${encodeURIComponent(q)}` : action}>
        <Csrf token={csrfToken} />
        <ErrorSummary errors={errors} />
        <fieldset class={errors.channelIds ? 'field field-error' : 'field'}>
          <legend>{t('crisis.channels.pick')}</legend>
          {errors.channelIds && (
            <p class="error" id="e-channelIds">
              {errors.channelIds}
            </p>
          )}
          {hits.length === 0 && <p>{t('crisis.channels.noResults')}</p>}
          {hits.length >= limit && <p class="hint">{t('crisis.channels.limit', { n: limit })}</p>}
          <ul class="plain channel-picks">
            {hits.map((h) => (
              <li>
                <label class="check">
                  <input
                    type="checkbox"
                    name="channelIds"
                    value={String(h.id)}
                    disabled={h.inCrisis}
                    checked={h.inCrisis || chosen.includes(String(h.id))}
                  />
                  <span>
                    <strong>{h.name}</strong>{' '}
                    <span class="muted">
                      {label(t, 'platform', h.platform)} · {h.handle} · {h.departmentName}
                    </span>
                    {h.inCrisis && (
                      <>
                        {' '}
                        <span class="badge">{t('crisis.channels.inCrisis')}</span>
                      </>
                    )}
                  </span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <div class="actions">
          <button type="submit" class="primary">
            {t('crisis.channels.submit')}
          </button>
          <a href={`/crises/${crisis.id}`}>{t('case.back')}</a>
        </div>
      </form>
    </section>
  );
}
