// The channel's owners in order: the first is called first, then each backup in turn.
import type { Channel } from '../../../db/schema';
import type { OwnerRow } from '../../../src/domain/registry/owners';
import { Csrf, ErrorSummary, type FormErrors } from '../../components/form';
import { useLocale } from '../../i18n';

type Props = {
  channel: Channel;
  owners: OwnerRow[];
  chosen: string[];
  csrfToken: string;
  errors: FormErrors;
};

export function ChannelOwnersForm({ channel, owners, chosen, csrfToken, errors }: Props) {
  const { t } = useLocale();
  const slots = Math.max(3, chosen.length + 1);
  const action = `/channels/${channel.id}/owners`;
  return (
    <section class="narrow">
      <h1>{t('channel.ownersOf', { name: channel.name })}</h1>
      <p class="hint">{t('channel.ownersHint')}</p>
      <form
        method="post"
        action={action}
        hx-post={action}
        hx-target="this"
        hx-swap="outerHTML"
        novalidate
      >
        <Csrf token={csrfToken} />
        <ErrorSummary errors={errors} />
        {errors.owners && (
          <p class="error" id="e-owners">
            {errors.owners}
          </p>
        )}
        {Array.from({ length: slots }, (_, i) => (
          <div class="field">
            <label for={`f-owner-${i}`}>
              {i === 0 ? t('owner.first') : t('owner.backupN', { n: i })}
            </label>
            <select
              id={`f-owner-${i}`}
              name="owners"
              aria-describedby={errors.owners ? 'e-owners' : undefined}
            >
              <option value="">—</option>
              {owners
                .filter((o) => o.active || chosen[i] === String(o.id))
                .map((o) => (
                  <option
                    value={String(o.id)}
                    selected={chosen[i] === String(o.id)}
                  >{`${o.name} — ${o.departmentName}`}</option>
                ))}
            </select>
          </div>
        ))}
        <p class="muted">
          <a href="/owners/new">{t('owner.new')}</a>
        </p>
        <div class="actions">
          <button type="submit" class="primary">
            {t('action.save')}
          </button>
          <a href={`/channels/${channel.id}`}>{t('action.cancel')}</a>
        </div>
      </form>
    </section>
  );
}
