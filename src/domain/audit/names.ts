// Names for the people and subjects a set of audit events mentions, in their columns and in
// their details (ids of users, owners, channels, crises, departments), one query per kind: the
// audit list shows names with links, the CSV export puts them beside the ids.
import { sql } from 'drizzle-orm';
import { channels, crises, departments, owners, users, type AuditEvent } from '../../../db/schema';
import { inIds, prepared, type Db } from '../lib/db';

export type SubjectNames = {
  users: Map<number, string>;
  channels: Map<number, string>;
  crises: Map<number, { title: string; isExercise: boolean }>;
  departments: Map<number, string>;
  owners: Map<number, string>;
};
type NameKind = 'users' | 'channels' | 'crises' | 'departments' | 'owners';

/** Details fields that hold the id of a person or subject, and where its name is found. */
export const ID_FIELDS: Record<string, NameKind> = {
  userId: 'users',
  ownerId: 'owners',
  headOwnerId: 'owners',
  headId: 'owners',
  channelId: 'channels',
  crisisId: 'crises',
  departmentId: 'departments',
};

/** The ids an event names, in its columns and at any depth of its details ({ from, to } too). */
function collectIds(events: AuditEvent[]): Record<NameKind, Set<number>> {
  const found = Object.fromEntries(
    ['users', 'channels', 'crises', 'departments', 'owners'].map((k) => [k, new Set<number>()]),
  ) as Record<NameKind, Set<number>>;
  const add = (kind: NameKind | undefined, v: unknown) => {
    if (!kind) return;
    if (typeof v === 'number') found[kind].add(v);
    else if (v && typeof v === 'object' && 'from' in v && 'to' in v) {
      add(kind, v.from);
      add(kind, v.to);
    }
  };
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) {
      add(ID_FIELDS[k], x);
      walk(x);
    }
  };
  for (const e of events) {
    add('users', e.actorUserId);
    add('channels', e.channelId);
    add('crises', e.crisisId);
    add('departments', e.departmentId);
    try {
      walk(JSON.parse(e.details));
    } catch {
      // stored details are JSON; a row changed behind the triggers' back is verify's to report
    }
  }
  return found;
}

// Compiled once per connection: on a page of the list, building these cost more than running them.
const ids$ = sql.placeholder('ids');
const userNames = prepared((db) =>
  db.select({ id: users.id, name: users.name }).from(users).where(inIds(users.id, ids$)).prepare(),
);
const channelNames = prepared((db) =>
  db
    .select({ id: channels.id, name: channels.name })
    .from(channels)
    .where(inIds(channels.id, ids$))
    .prepare(),
);
const departmentNames = prepared((db) =>
  db
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .where(inIds(departments.id, ids$))
    .prepare(),
);
const ownerNames = prepared((db) =>
  db
    .select({ id: owners.id, name: owners.name })
    .from(owners)
    .where(inIds(owners.id, ids$))
    .prepare(),
);
const crisisNames = prepared((db) =>
  db
    .select({ id: crises.id, title: crises.title, isExercise: crises.isExercise })
    .from(crises)
    .where(inIds(crises.id, ids$))
    .prepare(),
);

/** Names for the people and subjects a page of events mentions (one query per kind). */
export function subjectNames(db: Db, events: AuditEvent[]): SubjectNames {
  const found = collectIds(events);
  const json = (kind: NameKind) => ({ ids: JSON.stringify([...found[kind]]) });
  const byId = (rows: { id: number; name: string }[]) => new Map(rows.map((r) => [r.id, r.name]));
  return {
    users: byId(userNames(db).all(json('users'))),
    channels: byId(channelNames(db).all(json('channels'))),
    departments: byId(departmentNames(db).all(json('departments'))),
    owners: byId(ownerNames(db).all(json('owners'))),
    crises: new Map(
      crisisNames(db)
        .all(json('crises'))
        .map((r) => [r.id, r]),
    ),
  };
}
