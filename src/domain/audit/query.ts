// Reading the audit trail with filters, fast at a million events: keyset pagination on seq over
// the composite (column, seq) indexes, never OFFSET. A page is `seq < cursor ORDER BY seq DESC
// LIMIT n`; the first page uses the same shape with an open cursor, so every page of a filter
// runs the same query plan. A time range is first turned into a seq window by two lookups on
// the `at` index (events are appended in time order under the write lock), so the page query
// itself stays on a seq index whatever else is filtered.
import {
  and,
  asc,
  desc,
  eq,
  gt,
  gte,
  inArray,
  isNull,
  lt,
  lte,
  notInArray,
  or,
  type SQL,
} from 'drizzle-orm';
import { auditEvents, crises, departments, users, type AuditEvent } from '../../../db/schema';
import type { MessageKey } from '../../i18n';
import type { AuditAction } from './trail';
import { prepared, type Db } from '../lib/db';

export const AUDIT_KINDS = ['all', 'real', 'exercise'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

export type AuditFilter = {
  crisisId?: number | null;
  channelId?: number | null;
  departmentId?: number | null;
  actorUserId?: number | null;
  action?: AuditAction | null;
  /** Inclusive lower bound on `at`. */
  from?: Date | null;
  /** Exclusive upper bound on `at`. */
  until?: Date | null;
  /** Exercise or real, through the event's crisis. */
  kind?: AuditKind;
  /** Leaves out sign-in events (the list's default; an action chosen by name is always shown). */
  hideSignIns?: boolean;
};

/** Signing in and out, with the second factor: most of the trail on a quiet day, rarely the question. */
export const SIGN_IN_ACTIONS: AuditAction[] = [
  'user.signed_in',
  'user.sign_in_failed',
  'user.locked_out',
  'user.sign_in_refused',
  'user.signed_out',
  'user.oidc_refused',
  'session.ended',
  'second_factor.used',
  'second_factor.failed',
  'second_factor.recovery_used',
];

/** seq bounds (inclusive) the filter's time range maps to; null when no event can match. */
export type SeqWindow = { lo: number; hi: number } | null;

const OPEN = Number.MAX_SAFE_INTEGER;
export const PAGE_SIZE = 50;

/** Two single-row lookups on the `at` index: the first event at or after `from`, the last before `until`. */
export function seqWindow(db: Db, filter: AuditFilter): SeqWindow {
  let lo = 1;
  let hi = OPEN;
  if (filter.from) {
    const row = db
      .select({ seq: auditEvents.seq })
      .from(auditEvents)
      .where(gte(auditEvents.at, filter.from.toISOString()))
      .orderBy(asc(auditEvents.at), asc(auditEvents.seq))
      .limit(1)
      .get();
    if (!row) return null;
    lo = row.seq;
  }
  if (filter.until) {
    const row = db
      .select({ seq: auditEvents.seq })
      .from(auditEvents)
      .where(lt(auditEvents.at, filter.until.toISOString()))
      .orderBy(desc(auditEvents.at), desc(auditEvents.seq))
      .limit(1)
      .get();
    if (!row) return null;
    hi = row.seq;
  }
  return lo <= hi ? { lo, hi } : null;
}

const exerciseCrises = (db: Db) =>
  db.select({ id: crises.id }).from(crises).where(eq(crises.isExercise, true));

/** The equality filters; each has a (column, seq) index the planner can range-scan on seq. */
function conditions(db: Db, filter: AuditFilter): SQL[] {
  const c: SQL[] = [];
  if (filter.crisisId) c.push(eq(auditEvents.crisisId, filter.crisisId));
  if (filter.channelId) c.push(eq(auditEvents.channelId, filter.channelId));
  if (filter.departmentId) c.push(eq(auditEvents.departmentId, filter.departmentId));
  if (filter.actorUserId) c.push(eq(auditEvents.actorUserId, filter.actorUserId));
  if (filter.action) c.push(eq(auditEvents.action, filter.action));
  else if (filter.hideSignIns) c.push(notInArray(auditEvents.action, SIGN_IN_ACTIONS));
  // Exercise events are few: seek them through audit_crisis. Real events are most of the trail:
  // walk seq and skip the exercise crises' events (the id list is read once per query).
  if (filter.kind === 'exercise') c.push(inArray(auditEvents.crisisId, exerciseCrises(db)));
  if (filter.kind === 'real') {
    c.push(or(isNull(auditEvents.crisisId), notInArray(auditEvents.crisisId, exerciseCrises(db)))!);
  }
  return c;
}

/** One page, newest first: events with seq below `before` (open on the first page). */
export function pageQuery(
  db: Db,
  filter: AuditFilter,
  window: NonNullable<SeqWindow>,
  before: number | null,
  limit: number,
) {
  const upper = Math.min(before ?? OPEN, window.hi === OPEN ? OPEN : window.hi + 1);
  return db
    .select()
    .from(auditEvents)
    .where(
      and(...conditions(db, filter), lt(auditEvents.seq, upper), gte(auditEvents.seq, window.lo)),
    )
    .orderBy(desc(auditEvents.seq))
    .limit(limit);
}

/** One batch, oldest first: events after `after` up to `through` (for exports). */
export function batchQuery(
  db: Db,
  filter: AuditFilter,
  window: NonNullable<SeqWindow>,
  after: number,
  through: number,
  limit: number,
) {
  return db
    .select()
    .from(auditEvents)
    .where(
      and(
        ...conditions(db, filter),
        gt(auditEvents.seq, Math.max(after, window.lo - 1)),
        lte(auditEvents.seq, Math.min(through, window.hi)),
      ),
    )
    .orderBy(asc(auditEvents.seq))
    .limit(limit);
}

export type AuditPage = { events: AuditEvent[]; next: number | null };

export function auditPage(
  db: Db,
  filter: AuditFilter,
  before: number | null,
  limit = PAGE_SIZE,
): AuditPage {
  const window = seqWindow(db, filter);
  if (!window) return { events: [], next: null };
  // One extra row tells whether an older page exists without counting.
  const rows = pageQuery(db, filter, window, before, limit + 1).all();
  const events = rows.slice(0, limit);
  return { events, next: rows.length > limit ? events.at(-1)!.seq : null };
}

export type Option = { id: number; name: string };

const crisisOptions = prepared((db) =>
  db
    .select({ id: crises.id, name: crises.title })
    .from(crises)
    .orderBy(desc(crises.startedAt))
    .prepare(),
);
const departmentOptions = prepared((db) =>
  db
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .orderBy(asc(departments.name))
    .prepare(),
);
const userOptions = prepared((db) =>
  db.select({ id: users.id, name: users.name }).from(users).orderBy(asc(users.name)).prepare(),
);

/** The choices of the filter form's lists. Channels are too many for a list: see pickChannel. */
export function filterOptions(db: Db) {
  return {
    crises: crisisOptions(db).all(),
    departments: departmentOptions(db).all(),
    users: userOptions(db).all(),
  } satisfies Record<string, Option[]>;
}
