// The events of one page (newest first), the link to the next older page, and the export of
// everything the filter matches. htmx swaps this block when the filter or the page changes.
import type { SubjectNames } from '../../../src/domain/audit/names';
import type { AuditPage } from '../../../src/domain/audit/query';
import { label } from '../../../src/i18n';
import { Csrf } from '../../components/form';
import { useLocale } from '../../i18n';
import { EventDetails, Subject } from './EventDetails';
import { When, queryString } from './parts';

type Props = {
  page: AuditPage;
  names: SubjectNames;
  query: Record<string, string>;
  csrfToken: string;
  paged: boolean;
};

function ExportForm({
  format,
  query,
  csrfToken,
}: {
  format: 'csv' | 'json';
  query: Record<string, string>;
  csrfToken: string;
}) {
  const { t } = useLocale();
  return (
    <form method="post" action={`/audit/export.${format}`} class="inline">
      <Csrf token={csrfToken} />
      {Object.entries(query).map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
      <button type="submit">
        {t(format === 'csv' ? 'audit.export.csv' : 'audit.export.json')}
      </button>
    </form>
  );
}

export function AuditResults({ page, names, query, csrfToken, paged }: Props) {
  const { t } = useLocale();
  const nav = (href: string, text: string) => (
    <a href={href} hx-get={href} hx-target="#audit-results" hx-swap="outerHTML" hx-push-url="true">
      {text}
    </a>
  );
  return (
    <div id="audit-results">
      <div class="page-head export">
        <p class="hint">{t('audit.export.hint')}</p>
        <div class="actions">
          <ExportForm format="csv" query={query} csrfToken={csrfToken} />
          <ExportForm format="json" query={query} csrfToken={csrfToken} />
        </div>
      </div>
      {page.events.length === 0 ? (
        <p class="muted">{t('audit.none')}</p>
      ) : (
        <table class="table audit">
          <thead>
            <tr>
              <th>{t('audit.col.seq')}</th>
              <th>{t('audit.col.at')}</th>
              <th>{t('audit.col.actor')}</th>
              <th>{t('audit.col.action')}</th>
              <th>{t('audit.col.subject')}</th>
              <th>{t('audit.col.details')}</th>
            </tr>
          </thead>
          <tbody>
            {page.events.map((e) => (
              <tr id={`e${e.seq}`}>
                <td data-label={t('audit.col.seq')}>{e.seq}</td>
                <td data-label={t('audit.col.at')}>
                  <When at={e.at} />
                </td>
                <td data-label={t('audit.col.actor')}>
                  {e.actorUserId
                    ? (names.users.get(e.actorUserId) ??
                      t('audit.actor.unknown', { id: e.actorUserId }))
                    : ''}
                  {e.actorRole && <span class="muted"> ({label(t, 'role', e.actorRole)})</span>}
                </td>
                <td data-label={t('audit.col.action')}>{label(t, 'audit.action', e.action)}</td>
                <td data-label={t('audit.col.subject')}>
                  <Subject e={e} names={names} />
                </td>
                <td data-label={t('audit.col.details')}>
                  <EventDetails e={e} names={names} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav class="actions pager">
        {paged && nav(`/audit${queryString(query)}`, t('audit.newest'))}
        {page.next &&
          nav(`/audit${queryString(query, { before: String(page.next) })}`, t('audit.older'))}
      </nav>
    </div>
  );
}
