// A crisis's (or one case's) audit events as a readable timeline: when, who, what, and the
// facts the event recorded, with closed-list values in the reader's language.
import type { TimelineEntry } from '../../../src/domain/crisis/case-view';
import { label, type MessageKey, type Translate } from '../../../src/i18n';
import { formatDateTime } from '../../../src/i18n/format';
import type { Language } from '../../../db/schema';
import { useLocale } from '../../i18n';

// Details keys whose values come from a closed list, and the label group that names them.
const LABELLED: Record<string, string[]> = {
  basis: ['case.basis'],
  means: ['attempt.means'],
  outcome: ['attempt.outcome', 'hold.outcome'],
  kind: ['channelAction.kind'],
  action: ['hold.action'],
  impact: ['crisis.impact'],
  postState: ['hold.postState'],
  platform: ['platform'],
  role: ['role'],
};
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function known(t: Translate, key: string): string | null {
  const text = t(key as MessageKey);
  return text === key ? null : text;
}

function value(t: Translate, lang: Language, key: string, v: unknown): string | null {
  if (v === null || v === undefined || v === '' || /Id$/.test(key)) return null;
  if (typeof v === 'boolean') {
    if (key === 'beforeDeadline')
      return t(v ? 'timeline.beforeDeadline' : 'timeline.afterDeadline');
    return null;
  }
  if (typeof v === 'string' && LABELLED[key]) {
    for (const group of LABELLED[key]) {
      const text = known(t, `${group}.${v}`);
      if (text) return text;
    }
    return v;
  }
  if (typeof v === 'string' && ISO.test(v)) return formatDateTime(v, lang);
  if (Array.isArray(v))
    return v
      .map((x) =>
        typeof x === 'object'
          ? Object.values(x as object)
              .filter((y) => typeof y === 'string')
              .join(' ')
          : String(x),
      )
      .join('; ');
  if (typeof v === 'object') return null;
  return String(v);
}

export function describe(t: Translate, lang: Language, details: string): string {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(details) as Record<string, unknown>;
  } catch {
    return '';
  }
  return Object.entries(parsed)
    .map(([k, v]) => value(t, lang, k, v))
    .filter((x) => x !== null)
    .join(' · ');
}

export const actionLabel = (t: Translate, action: string) =>
  known(t, `timeline.${action}`) ?? action;

export function Timeline({
  entries,
  showChannel = true,
}: {
  entries: TimelineEntry[];
  showChannel?: boolean;
}) {
  const { t, lang } = useLocale();
  if (!entries.length) return <p class="muted">{t('crisis.timeline.empty')}</p>;
  return (
    <table class="table timeline-table">
      <thead>
        <tr>
          <th>{t('timeline.col.when')}</th>
          <th>{t('timeline.col.who')}</th>
          {showChannel && <th>{t('timeline.col.channel')}</th>}
          <th>{t('timeline.col.what')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr id={`event-${e.seq}`}>
            <td data-label={t('timeline.col.when')}>
              <time datetime={e.at}>{formatDateTime(e.at, lang)}</time>
            </td>
            <td data-label={t('timeline.col.who')}>
              {e.actorName ?? label(t, 'role', e.actorRole ?? 'system')}
            </td>
            {showChannel && <td data-label={t('timeline.col.channel')}>{e.channelName ?? ''}</td>}
            <td data-label={t('timeline.col.what')}>
              <strong>{actionLabel(t, e.action)}</strong>
              <span class="muted"> {describe(t, lang, e.details)}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
