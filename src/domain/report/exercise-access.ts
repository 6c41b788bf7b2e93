// Communicatie's access to an exercise's channels as it stood when the exercise began. Read from
// the audit trail (every change to access is an event there), so a fix made the morning after
// does not hide what slowed the crisis cell down. Whether stored login details decrypt is
// checked with the console's key when the report is made: a failed decrypt refuses the reveal
// and leaves no record, so there is nothing else to read it from.
import { and, eq, inArray, isNull, lte, or } from 'drizzle-orm';
import {
  adminAccess,
  auditEvents,
  credentials,
  departments,
  type AuditEvent,
  type Channel,
} from '../../../db/schema';
import type { Config } from '../../config';
import { accessKind, type AccessKind } from '../registry/access';
import type { AuditAction } from '../audit/trail';
import { openRow } from '../vault/credentials';
import { inIds, type Db } from '../lib/db';
import { groupBy } from '../lib/group';
import { VAULT_EVENTS } from '../vault/rotation';
import type { VaultKeys } from '../vault/vault';

export const ACCESS_PROBLEMS = [
  'admin_missing',
  'login_missing',
  'login_undecryptable',
  'login_outdated',
  'access_stale',
  'drill_failed',
] as const;
export type AccessProblemKind = (typeof ACCESS_PROBLEMS)[number];
/**
 * `at`: when the last access check failed, or when the password was changed on the platform;
 * `since`: the last verification before the exercise.
 */
export type AccessProblem = { kind: AccessProblemKind; since?: string | null; at?: string };
export type ChannelAccess = {
  kind: AccessKind;
  lastVerifiedAt: string | null;
  problems: AccessProblem[];
};
export type DepartmentDrill = {
  id: number;
  name: string;
  lastDrilledAt: string | null;
  overdue: boolean;
};

// Events that show the access was there and worked at their time (a drill counts per result).
const CHECKED: AuditAction[] = [
  'access.admin_recorded',
  'access.admin_verified',
  'credentials.stored',
  'credentials.updated',
  'credentials.verified',
];
const ACCESS_EVENTS: AuditAction[] = [...CHECKED, 'access.drilled', 'credentials.rotated'];

const details = (e: AuditEvent): Record<string, unknown> => {
  try {
    return JSON.parse(e.details) as Record<string, unknown>;
  } catch {
    return {};
  }
};
/** The per-channel results of an access.drilled event. */
const drillResults = (e: AuditEvent) => {
  const { results } = details(e);
  return (
    Array.isArray(results) ? (results as { channelId?: unknown; result?: unknown }[]) : []
  ).map((r) => ({ channelId: Number(r.channelId), result: String(r.result) }));
};
const latest = (values: (string | null | undefined)[]) =>
  values
    .filter((v): v is string => !!v)
    .sort()
    .at(-1) ?? null;

type Window = { from: string; until: string };
type Limits = Config['readiness'];
const DAY = 86_400_000;
const tooOld = (at: string | null, from: string, days: number) =>
  !at || Date.parse(from) - Date.parse(at) > days * DAY;

/** Access per channel and drills per department, as they stood at `from` (failed checks until `until`). */
export function accessAsItStood(
  db: Db,
  list: Pick<Channel, 'id' | 'platform' | 'departmentId'>[],
  window: Window,
  vault: VaultKeys | null,
  limits: Limits,
): { channels: Map<number, ChannelAccess>; departments: DepartmentDrill[] } {
  const ids = list.map((c) => c.id);
  const departmentIds = [...new Set(list.map((c) => c.departmentId))];
  if (!ids.length) return { channels: new Map(), departments: [] };
  const events = db
    .select()
    .from(auditEvents)
    .where(
      and(
        inArray(auditEvents.action, ACCESS_EVENTS),
        lte(auditEvents.at, window.until),
        or(
          inIds(auditEvents.channelId, ids),
          and(
            eq(auditEvents.action, 'access.drilled'),
            isNull(auditEvents.channelId),
            inIds(auditEvents.departmentId, departmentIds),
          ),
        ),
      ),
    )
    .orderBy(auditEvents.seq)
    .all();
  const admins = new Map(
    db
      .select()
      .from(adminAccess)
      .where(inIds(adminAccess.channelId, ids))
      .all()
      .map((r) => [r.channelId, r]),
  );
  const logins = new Map(
    db
      .select()
      .from(credentials)
      .where(inIds(credentials.channelId, ids))
      .all()
      .map((r) => [r.channelId, r]),
  );
  const before = (at: string | null | undefined) => (at && at <= window.from ? at : null);
  // Grouped once: each drill event's results are read once, not once per channel.
  const eventsOf = groupBy(events, (e) => e.channelId);
  const drillsOf = groupBy(
    events
      .filter((e) => e.action === 'access.drilled')
      .flatMap((e) => drillResults(e).map((r) => ({ ...r, at: e.at }))),
    (d) => d.channelId,
  );

  const channels = new Map(
    list.map((c): [number, ChannelAccess] => {
      const kind = accessKind(c.platform);
      const own = eventsOf.get(c.id) ?? [];
      const drills = drillsOf.get(c.id) ?? [];
      const admin = admins.get(c.id);
      const login = logins.get(c.id);
      // Recorded for the first time only after the exercise began: missing when it was needed.
      const created = own.find((e) =>
        kind === 'admin'
          ? e.action === 'access.admin_recorded' && details(e).previous == null
          : e.action === 'credentials.stored',
      );
      const existed =
        (kind === 'admin' ? !!admin : !!login) && !(created && created.at > window.from);
      const lastVerifiedAt = latest([
        ...own.filter((e) => CHECKED.includes(e.action as AuditAction)).map((e) => before(e.at)),
        ...drills.filter((d) => d.result === 'ok').map((d) => before(d.at)),
        before(kind === 'admin' ? admin?.verifiedAt : login?.verifiedAt),
        before(kind === 'login' ? login?.changedAt : null),
      ]);
      const problems: AccessProblem[] = [];
      if (!existed) problems.push({ kind: kind === 'admin' ? 'admin_missing' : 'login_missing' });
      else if (tooOld(lastVerifiedAt, window.from, limits.accessMaxAgeDays))
        problems.push({ kind: 'access_stale', since: lastVerifiedAt });
      if (login && !openRow(vault, login).ok) problems.push({ kind: 'login_undecryptable' });
      // Changed on the platform after the details were last stored: the vault held the old password.
      const vaultEvent = own
        .filter((e) => VAULT_EVENTS.includes(e.action as AuditAction) && e.at <= window.from)
        .at(-1);
      if (vaultEvent?.action === 'credentials.rotated')
        problems.push({ kind: 'login_outdated', at: vaultEvent.at });
      const lastDrill = drills.at(-1);
      if (lastDrill?.result === 'failed') problems.push({ kind: 'drill_failed', at: lastDrill.at });
      return [c.id, { kind, lastVerifiedAt, problems }];
    }),
  );

  const drilled = events.filter((e) => e.action === 'access.drilled' && e.channelId === null);
  const departmentRows = db
    .select()
    .from(departments)
    .where(inIds(departments.id, departmentIds))
    .orderBy(departments.name)
    .all();
  return {
    channels,
    departments: departmentRows.map((d) => {
      const lastDrilledAt = latest([
        ...drilled.filter((e) => e.departmentId === d.id).map((e) => before(e.at)),
        before(d.lastDrilledAt),
      ]);
      return {
        id: d.id,
        name: d.name,
        lastDrilledAt,
        overdue: tooOld(lastDrilledAt, window.from, limits.accessMaxAgeDays),
      };
    }),
  };
}
