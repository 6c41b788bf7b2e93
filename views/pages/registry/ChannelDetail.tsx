// One channel as the crisis cell needs it: who to call first, then the backups, and how
// Communicatie gets in. Communicatie also sees the links that change it.
import type { ChannelCard } from '../../../src/domain/registry/channels';
import type { Problem } from '../../../src/domain/report/readiness';
import { accessKind } from '../../../src/domain/registry/access';
import { hasConnector } from '../../../src/domain/platforms';
import { label } from '../../../src/i18n';
import { formatDate, formatDateTime } from '../../../src/i18n/format';
import { Csrf } from '../../components/form';
import { useLocale } from '../../i18n';
import { ContactLinks, PlatformName, ProblemList, StatusBadge } from './parts';

type Props = {
  card: ChannelCard;
  problems: Problem[];
  canEdit: boolean;
  canReveal: boolean;
  csrfToken: string;
  error?: string;
};

export function ChannelDetail({ card, problems, canEdit, canReveal, csrfToken, error }: Props) {
  const { t, lang } = useLocale();
  const { channel: c, department, owners, admin, credentials } = card;
  const isLink = /^https?:\/\//i.test(c.handle);
  return (
    <section>
      <div class="page-head">
        <h1>{c.name}</h1>
        {canEdit && (
          <div class="actions">
            <a class="button" href={`/channels/${c.id}/edit`}>
              {t('registry.edit')}
            </a>
            <a class="button" href={`/channels/${c.id}/owners`}>
              {t('channel.editOwners')}
            </a>
            <a class="button" href={`/channels/${c.id}/access`}>
              {t('access.title')}
            </a>
          </div>
        )}
      </div>
      {error && (
        <div class="alert alert-error" role="alert" tabindex={-1}>
          <p>{error}</p>
        </div>
      )}
      <dl class="facts card">
        <dt>{t('channel.platform')}</dt>
        <dd>
          <PlatformName platform={c.platform} />
        </dd>
        <dt>{t('channel.handle')}</dt>
        <dd>
          {isLink ? (
            <a href={c.handle} rel="noopener noreferrer">
              {c.handle}
            </a>
          ) : (
            c.handle
          )}
        </dd>
        <dt>{t('channel.department')}</dt>
        <dd>{department.name}</dd>
        <dt>{t('channel.status')}</dt>
        <dd>
          <StatusBadge status={c.status} />
        </dd>
        <dt>{t('channel.purpose')}</dt>
        <dd>{c.purpose ?? '—'}</dd>
        <dt>{t('channel.lastPublishedAt')}</dt>
        <dd>
          {formatDate(c.lastPublishedAt, lang) || '—'}
          {c.lastPublishedAt && (
            <span class="muted">
              {' '}
              (
              {c.lastPublishedSource === 'platform'
                ? t('platform.lastPublishedFrom', {
                    platform: label(t, 'platform', c.platform),
                    at: formatDateTime(c.lastPublishedReadAt, lang),
                  })
                : t('platform.lastPublishedTyped')}
              )
            </span>
          )}
        </dd>
        {c.exemptionReason && (
          <>
            <dt>{t('channel.exemption')}</dt>
            <dd>
              {t('channel.exemptionText', {
                reason: c.exemptionReason,
                until: formatDate(c.exemptionUntil, lang),
              })}
            </dd>
          </>
        )}
      </dl>

      <h2>{t('channel.owners')}</h2>
      {owners.length === 0 ? (
        <p class="alert alert-warn">{t('problem.no_owner.label')}</p>
      ) : (
        <ol class="owners">
          {owners.map((o) => (
            <li class="card">
              <strong>{o.name}</strong>{' '}
              <span class="muted">{o.position === 1 ? t('owner.first') : t('owner.backup')}</span>
              <ContactLinks phone={o.phone} email={o.email} alt={o.altContact} />
            </li>
          ))}
        </ol>
      )}

      <h2>{t('access.title')}</h2>
      <div class="card">
        {hasConnector(c.platform) && canEdit && (
          <p>
            <a href={`/channels/${c.id}/platform`}>{t('platform.link')}</a>
          </p>
        )}
        {['instagram', 'x', 'linkedin', 'tiktok'].includes(c.platform) && (
          <p class="hint">
            {t('platform.manualOnly', { platform: label(t, 'platform', c.platform) })}
          </p>
        )}
        {accessKind(c.platform) === 'admin' ? (
          admin ? (
            <p>
              {t('access.adminHeld', {
                account: admin.account,
                date: formatDate(admin.verifiedAt, lang) || t('registry.never'),
              })}
            </p>
          ) : (
            <p class="error">{t('problem.no_access.label')}</p>
          )
        ) : credentials ? (
          <p>
            {t('access.loginHeld', {
              changed: formatDate(credentials.changedAt, lang),
              verified: formatDate(credentials.verifiedAt, lang) || t('registry.never'),
            })}
            {credentials.lastRevealedAt && (
              <>
                {' '}
                {t('access.lastRevealed', { at: formatDateTime(credentials.lastRevealedAt, lang) })}
              </>
            )}
          </p>
        ) : (
          <p class="error">{t('problem.no_access.label')}</p>
        )}
        {credentials && canReveal && (
          <p>
            <a class="button danger" href={`/channels/${c.id}/reveal`}>
              {t('reveal.title')}
            </a>
          </p>
        )}
      </div>

      <h2>{t('readiness.problems')}</h2>
      <ProblemList problems={problems} />

      {canEdit && c.status !== 'removed' && (
        <form method="post" action={`/channels/${c.id}/archive`} class="actions">
          <Csrf token={csrfToken} />
          <input type="hidden" name="version" value={String(c.version)} />
          <button type="submit" class="danger">
            {t('channel.archive')}
          </button>
          <span class="muted">{t('channel.archiveHint')}</span>
        </form>
      )}
    </section>
  );
}
