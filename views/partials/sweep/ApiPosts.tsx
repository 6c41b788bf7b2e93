// A connected channel's row in the sweep: the scheduled posts as the platform lists them, each
// with a hold through the API, and the results that only the platform's own list can justify.
// A channel on a platform without such an API says plainly that the sweep there stays manual.
import type { Crisis } from '../../../db/schema';
import type { SweepRow } from '../../../src/domain/crisis/sweep';
import type { OpenHold } from '../../../src/domain/crisis/holds';
import type { Result } from '../../../src/domain/lib/result';
import type { PlatformPost } from '../../../src/domain/platforms/connector';
import { label } from '../../../src/i18n';
import { Csrf, TextArea } from '../../components/form';
import { useLocale } from '../../i18n';
import { Time } from '../crisis/words';

type Props = { row: SweepRow; crisis: Crisis; csrfToken: string; posts: Result<PlatformPost[]> };

export function ApiPosts({ row, crisis, csrfToken, posts }: Props) {
  const { t } = useLocale();
  const platform = label(t, 'platform', row.channel.platform);
  const base = `/crises/${crisis.id}/sweep/api/${row.item.id}`;
  if (!posts.ok)
    return (
      <p class="alert alert-error" role="alert">
        {t(posts.error)}
      </p>
    );
  const record = (result: 'no_scheduled_posts' | 'none_conflicting', text: string) => (
    <form method="post" action={`${base}/record`} class="actions">
      <Csrf token={csrfToken} />
      <input type="hidden" name="version" value={String(row.item.version)} />
      <input type="hidden" name="result" value={result} />
      {posts.value.map((p) => (
        <input type="hidden" name="seen" value={p.id} />
      ))}
      <button type="submit">{text}</button>
    </form>
  );
  if (!posts.value.length)
    return (
      <div class="api-posts">
        <p>{t('sweepApi.none', { platform })}</p>
        {record('no_scheduled_posts', t('sweepApi.noneRecord'))}
      </div>
    );
  return (
    <div class="api-posts">
      <p>
        <strong>{t('sweepApi.scheduled', { platform })}</strong>
      </p>
      <ul>
        {posts.value.map((p) => (
          <li>
            <Time at={p.scheduledFor!} /> · {p.text}
            {row.caseId === null || row.caseVersion === null ? (
              <p class="hint">{t('sweepApi.needsCase')}</p>
            ) : (
              <form method="post" action={`${base}/hold`}>
                <Csrf token={csrfToken} />
                <input type="hidden" name="postId" value={p.id} />
                <input type="hidden" name="caseId" value={String(row.caseId)} />
                <input type="hidden" name="version" value={String(row.caseVersion)} />
                <TextArea
                  name="conflict"
                  id={`conflict-${p.id}`}
                  label={t('sweepApi.conflict')}
                  rows={2}
                  required
                />
                <button type="submit" class="danger">
                  {t('sweepApi.hold', { platform })}
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      {record('none_conflicting', t('sweepApi.noneConflicting'))}
    </div>
  );
}

/** Holds placed through the API in this crisis, each to put back as it was. */
export function ApiHolds(p: { crisis: Crisis; holds: OpenHold[]; csrfToken: string }) {
  const { t } = useLocale();
  const held = p.holds.filter((h) => h.via === 'api');
  if (!held.length) return null;
  return (
    <section id="api-holds">
      <h2>{t('sweepApi.openHolds')}</h2>
      <ul>
        {held.map((h) => (
          <li>
            <strong>{h.channelName}</strong> · {h.postRef}
            <form method="post" action={`/crises/${p.crisis.id}/sweep/api/holds/${h.id}/restore`}>
              <Csrf token={p.csrfToken} />
              <input type="hidden" name="version" value={String(h.version)} />
              <input type="hidden" name="note" value={t('sweepApi.restoreNote')} />
              <button type="submit">{t('sweepApi.restore')}</button>
            </form>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Instagram, X, LinkedIn, TikTok: the manual path, said so. */
export function ManualOnly({ row }: { row: SweepRow }) {
  const { t } = useLocale();
  return (
    <p class="hint">
      {t('platform.manualOnly', { platform: label(t, 'platform', row.channel.platform) })}
    </p>
  );
}
