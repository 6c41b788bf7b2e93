// Small pieces the registry pages share: labels from closed lists, status badges, problems.
import type { ChannelStatus, Platform } from '../../../db/schema';
import type { TakenOver } from '../../../src/domain/registry/channel-list';
import type { Problem } from '../../../src/domain/report/readiness';
import { label } from '../../../src/i18n';
import { formatDate, formatDateTime } from '../../../src/i18n/format';
import { useLocale } from '../../i18n';

export function PlatformName({ platform }: { platform: Platform }) {
  const { t } = useLocale();
  return <>{label(t, 'platform', platform)}</>;
}

const STATUS_BADGE: Record<ChannelStatus, string> = {
  active: 'badge badge-ok',
  dormant: 'badge badge-warn',
  to_be_removed: 'badge badge-bad',
  removed: 'badge',
};

export function StatusBadge({ status }: { status: ChannelStatus }) {
  const { t } = useLocale();
  return <span class={STATUS_BADGE[status]}>{label(t, 'status', status)}</span>;
}

/** One problem as a sentence (or, compact, its short name) with the link that fixes it. */
export function ProblemItem({ problem, compact = false }: { problem: Problem; compact?: boolean }) {
  const { t, lang } = useLocale();
  const params = {
    owner: problem.owner?.name ?? '',
    since: formatDate(problem.since ?? null, lang) || t('registry.never'),
  };
  const source = problem.source;
  return (
    <li>
      <a href={problem.href}>
        {compact ? t(`problem.${problem.kind}.label`) : t(`problem.${problem.kind}.text`, params)}
      </a>
      {!compact && source && (
        <span class="muted">
          {' '}
          (
          {source === 'typed'
            ? t('platform.lastPublishedTyped')
            : t('platform.lastPublishedFrom', {
                platform: label(t, 'platform', source.platform),
                at: formatDateTime(source.readAt, lang),
              })}
          )
        </span>
      )}
    </li>
  );
}

export function ProblemList({
  problems,
  takenOver,
  compact = false,
}: {
  problems: Problem[];
  /** A channel taken over in an open crisis is not "in order": it says whose it is now. */
  takenOver?: TakenOver | null;
  compact?: boolean;
}) {
  const { t } = useLocale();
  const taken = takenOver && (
    <a class="badge badge-bad" href={`/crises/${takenOver.crisisId}`}>
      {t('registry.takenOver', { crisis: takenOver.crisisTitle })}
    </a>
  );
  if (!problems.length) return taken || <span class="badge badge-ok">{t('readiness.ready')}</span>;
  return (
    <ul class="problems">
      {taken && <li>{taken}</li>}
      {problems.map((p) => (
        <ProblemItem problem={p} compact={compact} />
      ))}
    </ul>
  );
}

/** "tel:" and "mailto:" links so the crisis cell can call or write with one tap. */
export function ContactLinks({
  phone,
  email,
  alt,
}: {
  phone: string | null;
  email: string | null;
  alt: string | null;
}) {
  const { t } = useLocale();
  return (
    <>
      {phone && (
        <div>
          <a href={`tel:${phone.replace(/[^\d+]/g, '')}`}>{phone}</a>
        </div>
      )}
      {email && (
        <div>
          <a href={`mailto:${email}`}>{email}</a>
        </div>
      )}
      {alt && <div class="muted">{alt}</div>}
      {!phone && !email && <span class="badge badge-bad">{t('owner.noContact')}</span>}
    </>
  );
}
