// An audit event's details as a readable list, and the links to what it concerns. Details are
// the JSON recordEvent stored (it refuses secrets): each field by its label, times in Brussels
// time, codes of closed lists by their labels, ids as names with links; the stored JSON itself
// one click away ("technical details", a <details> element: no script needed).
import type { AuditEvent } from '../../../db/schema';
import { ID_FIELDS, type SubjectNames } from '../../../src/domain/audit/names';
import type { MessageKey } from '../../../src/i18n';
import { useLocale } from '../../i18n';
import { ExerciseBadge, When, isIso } from './parts';

/** Details fields whose values are codes of a closed list, and the list's labels. */
const CODES: Record<string, string> = {
  basis: 'case.basis',
  platform: 'platform',
  means: 'attempt.means',
  meansTried: 'attempt.means',
  meansNeeded: 'attempt.means',
  outcome: 'attempt.outcome',
  impact: 'crisis.impact',
  action: 'hold.action',
  roles: 'role',
  event: 'notice.event',
  result: 'drill.result',
  reason: 'checkpoints.reason',
  state: 'case.state',
};
const LINKS: Record<string, (id: number) => string> = {
  users: (id) => `/users/${id}`,
  owners: (id) => `/owners/${id}`,
  channels: (id) => `/channels/${id}`,
  crises: (id) => `/crises/${id}`,
};

/** A message when the catalogue has one, else null (an unknown code is shown as it is). */
function useOptional() {
  const { t } = useLocale();
  return (key: string) => {
    const text = t(key as MessageKey);
    return text === key ? null : text;
  };
}

function Named({ kind, id, names }: { kind: string; id: number; names: SubjectNames }) {
  const map = names[kind as keyof SubjectNames] as Map<number, string | { title: string }>;
  const found = map?.get(id);
  const text = (typeof found === 'object' ? found.title : found) ?? `#${id}`;
  const href = LINKS[kind]?.(id);
  return href ? <a href={href}>{text}</a> : <>{text}</>;
}

type ValueProps = { v: unknown; field: string; names: SubjectNames };

function Value({ v, field, names }: ValueProps) {
  const { t } = useLocale();
  const optional = useOptional();
  if (v === null || v === undefined || v === '') return <span class="muted">—</span>;
  if (typeof v === 'boolean') return <>{v ? t('yes') : t('no')}</>;
  if (isIso(v)) return <When at={v} />;
  if (typeof v === 'number' && ID_FIELDS[field])
    return <Named kind={ID_FIELDS[field]} id={v} names={names} />;
  if (typeof v === 'string' && CODES[field]) return <>{optional(`${CODES[field]}.${v}`) ?? v}</>;
  if (Array.isArray(v))
    return (
      <>
        {v.map((x, i) => (
          <>
            {i > 0 && ', '}
            <Value v={x} field={field} names={names} />
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
          <Value v={o.from} field={field} names={names} /> →{' '}
          <Value v={o.to} field={field} names={names} />
        </>
      );
    return <Fields o={o} names={names} />;
  }
  return <>{String(v)}</>;
}

function Fields({ o, names }: { o: Record<string, unknown>; names: SubjectNames }) {
  const optional = useOptional();
  const entries = Object.entries(o);
  if (!entries.length) return null;
  return (
    <dl class="details">
      {entries.map(([k, v]) => (
        <>
          <dt>{optional(`audit.field.${k}`) ?? k}</dt>
          <dd>
            <Value v={v} field={k} names={names} />
          </dd>
        </>
      ))}
    </dl>
  );
}

/** The stored JSON, indented, with the action's code: for auditors who read the export too. */
function Technical({ e }: { e: AuditEvent }) {
  const { t } = useLocale();
  let pretty = e.details;
  try {
    pretty = JSON.stringify(JSON.parse(e.details), null, 2);
  } catch {
    // shown as stored
  }
  return (
    <details class="technical">
      <summary>{t('audit.technical')}</summary>
      <p>
        <code>{e.action}</code>
      </p>
      <pre>{pretty}</pre>
    </details>
  );
}

export function EventDetails({ e, names }: { e: AuditEvent; names: SubjectNames }) {
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(e.details);
  } catch {
    // a row changed behind the triggers' back: the technical details show it as it is
  }
  return (
    <>
      {parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (
        <Fields o={parsed as Record<string, unknown>} names={names} />
      ) : null}
      <Technical e={e} />
    </>
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
