// The sweep page: the channels whose scheduler is still to be checked, each with one-tap
// results. "Hold placed" is offered once the channel's case carries a hold; before that the
// button leads to the conflicting-information step on the case.
import type { Crisis } from '../../../db/schema';
import type { OpenHold } from '../../../src/domain/crisis/holds';
import type { SweepProgress as Progress, SweepRow } from '../../../src/domain/crisis/sweep';
import type { Result } from '../../../src/domain/lib/result';
import type { PlatformPost } from '../../../src/domain/platforms/connector';
import { hasConnector } from '../../../src/domain/platforms';
import { label } from '../../../src/i18n';
import { Csrf, ErrorSummary, type FormErrors } from '../../components/form';
import { useLocale } from '../../i18n';
import { ExerciseBanner, Time } from '../crisis/words';
import { ApiHolds, ApiPosts, ManualOnly } from './ApiPosts';
import { SweepProgress } from './SweepProgress';

type Props = {
  crisis: Crisis;
  progress: Progress;
  rows: SweepRow[];
  csrfToken: string;
  errors: FormErrors;
  /** The platform's own list, for connected channels (src/domain/vault/connections.ts). */
  platformPosts?: Map<number, Result<PlatformPost[]>>;
  openHolds?: OpenHold[];
};

function HoldStep({ row, crisisId }: { row: SweepRow; crisisId: number }) {
  const { t } = useLocale();
  if (row.hasHold) {
    return (
      <button type="submit" name="result" value="hold_placed">
        {t('sweep.result.hold_placed')}
      </button>
    );
  }
  if (row.caseId === null)
    return (
      <a class="button" href={`/crises/${crisisId}/channels`}>
        {t('sweep.addToCrisisFirst')}
      </a>
    );
  const anchor = row.caseState === 'active' ? '#holds' : '#conflicting';
  return (
    <a class="button danger" href={`/crises/${crisisId}/cases/${row.caseId}${anchor}`}>
      {t('sweep.placeHold')}
    </a>
  );
}

type ItemProps = {
  row: SweepRow;
  crisis: Crisis;
  csrfToken: string;
  posts: Result<PlatformPost[]> | undefined;
};

function Item({ row, crisis, csrfToken, posts }: ItemProps) {
  const { t } = useLocale();
  const { item, channel } = row;
  const open = crisis.status === 'open';
  const manualPlatform = ['instagram', 'x', 'linkedin', 'tiktok'].includes(channel.platform);
  return (
    <tr id={`sweep-${item.id}`}>
      <td data-label={t('sweep.col.channel')}>
        <strong>{channel.name}</strong>
        <br />
        <span class="muted">
          {label(t, 'platform', channel.platform)} · {channel.handle} · {channel.departmentName}
        </span>
      </td>
      <td data-label={t('sweep.col.result')}>
        {item.result && (
          <p>
            <span class="badge badge-ok">{label(t, 'sweep.result', item.result)}</span>{' '}
            <Time at={item.checkedAt!} />
            {item.checkedVia === 'api' && <> · {t('sweepApi.via')}</>}
          </p>
        )}
        {open && posts && hasConnector(channel.platform) && (
          <ApiPosts row={row} crisis={crisis} csrfToken={csrfToken} posts={posts} />
        )}
        {manualPlatform && <ManualOnly row={row} />}
        {open && (!posts || !posts.ok) && (
          <form method="post" action={`/crises/${crisis.id}/sweep/${item.id}`} class="actions">
            <Csrf token={csrfToken} />
            <input type="hidden" name="version" value={String(item.version)} />
            <button
              type="submit"
              name="result"
              value="no_scheduled_posts"
              class={item.result ? undefined : 'primary'}
            >
              {t('sweep.result.no_scheduled_posts')}
            </button>
            <button type="submit" name="result" value="none_conflicting">
              {t('sweep.result.none_conflicting')}
            </button>
            <HoldStep row={row} crisisId={crisis.id} />
          </form>
        )}
      </td>
    </tr>
  );
}

export function SweepList(props: Props) {
  const { crisis, progress, rows, csrfToken, errors } = props;
  const { t } = useLocale();
  const remaining = rows.filter((r) => !r.item.result);
  const done = rows.filter((r) => r.item.result);
  const table = (list: SweepRow[]) => (
    <table class="table">
      <thead>
        <tr>
          <th>{t('sweep.col.channel')}</th>
          <th>{t('sweep.col.result')}</th>
        </tr>
      </thead>
      <tbody>
        {list.map((row) => (
          <Item
            row={row}
            crisis={crisis}
            csrfToken={csrfToken}
            posts={props.platformPosts?.get(row.channel.id)}
          />
        ))}
      </tbody>
    </table>
  );
  return (
    <section id="sweep">
      <ExerciseBanner crisis={crisis} />
      <p>
        <a href={`/crises/${crisis.id}`}>{t('case.back')}</a> · {crisis.title}
      </p>
      <h1>{t('sweep.title')}</h1>
      <p class="hint">{t('sweep.intro')}</p>
      <ErrorSummary errors={errors} />
      <SweepProgress crisisId={crisis.id} progress={progress} />
      <ApiHolds crisis={crisis} holds={props.openHolds ?? []} csrfToken={csrfToken} />
      <h2>
        {t('sweep.remaining')} ({remaining.length})
      </h2>
      {remaining.length ? table(remaining) : <p class="alert alert-ok">{t('sweep.allDone')}</p>}
      {crisis.status === 'open' && (
        <form method="post" action={`/crises/${crisis.id}/sweep/city`} class="card">
          <Csrf token={csrfToken} />
          <p class="hint">{t('sweep.cityHint')}</p>
          <button type="submit">{t('sweep.city')}</button>
        </form>
      )}
      {done.length > 0 && (
        <>
          <h2>
            {t('sweep.done')} ({done.length})
          </h2>
          {table(done)}
        </>
      )}
    </section>
  );
}
