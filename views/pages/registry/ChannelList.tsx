// The channel list. The filter form narrows the table as you type (htmx swaps #channel-results
// and updates the address); without JavaScript the same form submits as a plain GET. A page
// shows 50 channels; the links to the pages before and after are plain links, swapped by htmx.
import { CHANNEL_STATUSES, PLATFORMS, type Department } from '../../../db/schema';
import { CHANNEL_PAGE_SIZE as PAGE, type Paged } from '../../../src/domain/registry/channel-list';
import { PROBLEM_KINDS, type ChannelReadiness } from '../../../src/domain/report/readiness';
import { label } from '../../../src/i18n';
import { formatDate } from '../../../src/i18n/format';
import { useLocale } from '../../i18n';
import { queryString } from '../audit/parts';
import { PlatformName, ProblemList, StatusBadge } from './parts';

export type ChannelFilterValues = {
  q?: string;
  platform?: string;
  department?: string;
  status?: string;
  problem?: string;
};

type Found = Paged<ChannelReadiness>;

function Pager({ found, filter }: { found: Found; filter: ChannelFilterValues }) {
  const { t } = useLocale();
  if (found.pages < 2) return null;
  const link = (page: number, text: string) => {
    const href = `/channels${queryString(filter, { page: String(page) })}`;
    return (
      <a
        href={href}
        hx-get={href}
        hx-target="#channel-results"
        hx-swap="outerHTML"
        hx-push-url="true"
      >
        {text}
      </a>
    );
  };
  return (
    <nav class="actions pager" aria-label={t('registry.pages')}>
      {found.page > 1 && link(found.page - 1, t('registry.previous'))}
      {found.page < found.pages && link(found.page + 1, t('registry.next'))}
    </nav>
  );
}

function Count({ found }: { found: Found }) {
  const { t } = useLocale();
  if (found.pages < 2) return <p class="muted">{t('registry.channelCount', { n: found.total })}</p>;
  const from = (found.page - 1) * PAGE + 1;
  return (
    <p class="muted">
      {t('registry.channelRange', { from, to: from + found.rows.length - 1, n: found.total })}
    </p>
  );
}

export function ChannelResults({ found, filter }: { found: Found; filter: ChannelFilterValues }) {
  const { t, lang } = useLocale();
  const rows = found.rows;
  return (
    <div id="channel-results" aria-live="polite">
      <Count found={found} />
      {rows.length > 0 && (
        <table class="table channel-table">
          <thead>
            <tr>
              <th>{t('channel.name')}</th>
              <th>{t('channel.platform')}</th>
              <th>{t('channel.department')}</th>
              <th>{t('channel.owners')}</th>
              <th>{t('channel.status')}</th>
              <th>{t('channel.lastPublishedAt')}</th>
              <th>{t('readiness.problems')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td data-label={t('channel.name')}>
                  <a href={`/channels/${r.id}`}>{r.name}</a>
                  <div class="muted handle">{r.handle}</div>
                </td>
                <td data-label={t('channel.platform')}>
                  <PlatformName platform={r.platform} />
                </td>
                <td data-label={t('channel.department')}>{r.departmentName}</td>
                <td data-label={t('channel.owners')}>
                  {r.owners.map((o) => o.name).join(', ') || '—'}
                </td>
                <td data-label={t('channel.status')}>
                  <StatusBadge status={r.status} />
                </td>
                <td data-label={t('channel.lastPublishedAt')}>
                  {formatDate(r.lastPublishedAt, lang) || '—'}
                </td>
                <td data-label={t('readiness.problems')}>
                  <ProblemList problems={r.problems} takenOver={r.takenOver} compact />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager found={found} filter={filter} />
    </div>
  );
}

type Props = {
  found: Found;
  departments: Department[];
  filter: ChannelFilterValues;
  canEdit: boolean;
};

export function ChannelList({ found, departments, filter, canEdit }: Props) {
  const { t } = useLocale();
  const option = (value: string, text: string, current?: string) => (
    <option value={value} selected={value === current}>
      {text}
    </option>
  );
  return (
    <section>
      <div class="page-head">
        <h1>{t('registry.channels')}</h1>
        {canEdit && (
          <div class="actions">
            <a class="button primary" href="/channels/new">
              {t('channel.new')}
            </a>
            <a class="button" href="/owners">
              {t('registry.owners')}
            </a>
            <a class="button" href="/departments">
              {t('registry.departments')}
            </a>
            <a class="button" href="/registry/import">
              {t('csv.import')}
            </a>
            <a class="button" href="/registry/export.csv" download>
              {t('csv.export')}
            </a>
          </div>
        )}
      </div>
      <form
        method="get"
        action="/channels"
        class="filters"
        role="search"
        hx-get="/channels"
        hx-trigger="input changed delay:300ms, change, submit"
        hx-target="#channel-results"
        hx-swap="outerHTML"
        hx-push-url="true"
      >
        <div class="field">
          <label for="f-q">{t('registry.search')}</label>
          <input
            id="f-q"
            name="q"
            type="search"
            value={filter.q ?? ''}
            maxlength={100}
            autocomplete="off"
          />
        </div>
        <div class="field">
          <label for="f-platform">{t('channel.platform')}</label>
          <select id="f-platform" name="platform">
            {option('', t('registry.all'))}
            {PLATFORMS.map((p) => option(p, label(t, 'platform', p), filter.platform))}
          </select>
        </div>
        <div class="field">
          <label for="f-department">{t('channel.department')}</label>
          <select id="f-department" name="department">
            {option('', t('registry.all'))}
            {departments.map((d) => option(String(d.id), d.name, filter.department))}
          </select>
        </div>
        <div class="field">
          <label for="f-status">{t('channel.status')}</label>
          <select id="f-status" name="status">
            {option('', t('registry.allButRemoved'))}
            {CHANNEL_STATUSES.map((s) => option(s, label(t, 'status', s), filter.status))}
          </select>
        </div>
        <div class="field">
          <label for="f-problem">{t('readiness.problem')}</label>
          <select id="f-problem" name="problem">
            {option('', t('registry.all'))}
            {option('any', t('registry.anyProblem'), filter.problem)}
            {PROBLEM_KINDS.map((k) => option(k, t(`problem.${k}.label`), filter.problem))}
          </select>
        </div>
        <div class="field">
          <button type="submit">{t('registry.filter')}</button>
        </div>
      </form>
      <ChannelResults found={found} filter={filter} />
    </section>
  );
}
