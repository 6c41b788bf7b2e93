// An audit event's details as a readable list, and the links to what it concerns. Details are
// the JSON recordEvent stored (it refuses secrets); times in them are shown in Brussels time.
import type { AuditEvent } from '../../../db/schema';
import type { SubjectNames } from '../../../src/domain/audit/query';
import { useLocale } from '../../i18n';
import { ExerciseBadge, When, isIso } from './parts';

function Value({ v }: { v: unknown }) {
  const { t } = useLocale();
  if (v === null || v === undefined || v === '') return <span class="muted">—</span>;
  if (typeof v === 'boolean') return <>{v ? t('yes') : t('no')}</>;
  if (isIso(v)) return <When at={v} />;
  if (Array.isArray(v))
    return (
      <>
        {v.map((x, i) => (
          <>
            {i > 0 && ', '}
            <Value v={x} />
          </>
        ))}
      </>
    );
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    // A change is recorded as { from, to }.
    if (Object.keys(o).length === 2 && 'from' in o && 'to' in o)
      return (
        <>
          <Value v={o.from} /> → <Value v={o.to} />
        </>
      );
    return <Fields o={o} />;
  }
  return <>{String(v)}</>;
}

function Fields({ o }: { o: Record<string, unknown> }) {
  const entries = Object.entries(o);
  if (!entries.length) return null;
  return (
    <dl class="details">
      {entries.map(([k, v]) => (
        <>
          <dt>{k}</dt>
          <dd>
            <Value v={v} />
          </dd>
        </>
      ))}
    </dl>
  );
}

export function EventDetails({ json }: { json: string }) {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return <code>{json}</code>;
  }
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (
    <Fields o={parsed as Record<string, unknown>} />
  ) : (
    <Value v={parsed} />
  );
}

export function Subject({ e, names }: { e: AuditEvent; names: SubjectNames }) {
  const { t } = useLocale();
  const crisis = e.crisisId ? names.crises.get(e.crisisId) : undefined;
  return (
    <ul class="subjects">
      {e.crisisId && (
        <li>
          <a href={`/crises/${e.crisisId}`}>
            {t('audit.subject.crisis', { name: crisis?.title ?? `#${e.crisisId}` })}
          </a>
          {crisis?.isExercise && (
            <>
              {' '}
              <ExerciseBadge />
            </>
          )}
        </li>
      )}
      {e.caseId && e.crisisId && (
        <li>
          <a href={`/crises/${e.crisisId}/cases/${e.caseId}`}>
            {t('audit.subject.case', { id: e.caseId })}
          </a>
        </li>
      )}
      {e.channelId && (
        <li>
          <a href={`/channels/${e.channelId}`}>
            {t('audit.subject.channel', {
              name: names.channels.get(e.channelId) ?? `#${e.channelId}`,
            })}
          </a>
        </li>
      )}
      {e.departmentId && (
        <li>
          {t('audit.subject.department', {
            name: names.departments.get(e.departmentId) ?? `#${e.departmentId}`,
          })}
        </li>
      )}
    </ul>
  );
}
