// Readiness: what Communicatie checks every week so that a takeover is not slowed down. Every
// problem names the channel (and owner) it is about and the page that fixes it.
import { sql } from 'drizzle-orm';
import {
  adminAccess,
  credentials,
  platformConnections,
  type Department,
  type Owner,
  type Platform,
} from '../../../db/schema';
import type { Config } from '../../config';
import { toBrusselsLocal } from '../../i18n/format';
import { accessKind } from '../registry/access';
import { dormantSince } from '../registry/article1';
import {
  channelPage,
  listChannels,
  pageOf,
  type ChannelFilter,
  type ChannelRow,
  type Paged,
} from '../registry/channel-list';
import { inIds, prepared, type Db } from '../lib/db';
import { listDepartments } from '../registry/departments';
import { ownerReachable } from '../registry/owners';
import { outdatedLogins } from '../vault/rotation';

export const PROBLEM_KINDS = [
  'no_owner',
  'owner_unreachable',
  'no_access',
  'access_stale',
  'credentials_old',
  'must_rotate',
  'login_outdated',
  'dormant',
  'publication_unknown',
  'token_expiring',
  'api_check_failed',
  'token_refresh_failed',
  'last_read_failed',
  'two_factor_dead_end',
] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

export type Problem = {
  kind: ProblemKind;
  /** The page that fixes it. */
  href: string;
  owner?: Pick<Owner, 'id' | 'name'>;
  /**
   * Article 1: the date the channel crossed the line; access: when it was last verified; outdated
   * login details: when the password was changed on the platform.
   */
  since?: string | null;
  /** Article 1: where the last publication's date came from, read through the API or typed in. */
  source?: { platform: Platform; readAt: string } | 'typed';
};
export type ChannelReadiness = ChannelRow & { problems: Problem[] };
export type Tally = {
  channels: number;
  ready: number;
  score: number;
  counts: Record<ProblemKind, number>;
  /** Channels Communicatie holds now, in an open crisis: not "in order", whatever the registry says. */
  takenOver: number;
};
export type DepartmentReadiness = Tally & { department: Department; items: ChannelReadiness[] };
export type Readiness = { overall: Tally; departments: DepartmentReadiness[] };

type Limits = Config['readiness'];
const DAY = 86_400_000;
const olderThan = (iso: string | null, days: number, now: Date) =>
  !iso || now.getTime() - Date.parse(iso) > days * DAY;
const later = (a: string | null, b: string | null) => (a && b ? (a > b ? a : b) : (a ?? b));

const adminsOf = prepared((db) =>
  db
    .select()
    .from(adminAccess)
    .where(inIds(adminAccess.channelId, sql.placeholder('ids')))
    .prepare(),
);
const loginsOf = prepared((db) =>
  db
    .select({
      channelId: credentials.channelId,
      changedAt: credentials.changedAt,
      verifiedAt: credentials.verifiedAt,
      lastRevealedAt: credentials.lastRevealedAt,
      mustRotate: credentials.mustRotate,
      twoFactorMethod: credentials.twoFactorMethod,
    })
    .from(credentials)
    .where(inIds(credentials.channelId, sql.placeholder('ids')))
    .prepare(),
);

const connectionsOf = prepared((db) =>
  db
    .select()
    .from(platformConnections)
    .where(inIds(platformConnections.channelId, sql.placeholder('ids')))
    .prepare(),
);
/** A platform token that expires within this many days is flagged, so a new one is stored in time. */
const TOKEN_WARNING_DAYS = 14;

/** These channels with their problems. */
export function withProblems(
  db: Db,
  limits: Limits,
  now: Date,
  rows: ChannelRow[],
): ChannelReadiness[] {
  const today = toBrusselsLocal(now).slice(0, 10);
  const ids = { ids: JSON.stringify(rows.map((r) => r.id)) };
  const admins = new Map(
    adminsOf(db)
      .all(ids)
      .map((a) => [a.channelId, a]),
  );
  const logins = new Map(
    loginsOf(db)
      .all(ids)
      .map((c) => [c.channelId, c]),
  );
  const outdated = outdatedLogins(db, [...logins.values()]);
  const connections = new Map(
    connectionsOf(db)
      .all(ids)
      .map((c) => [c.channelId, c]),
  );

  return rows.map((channel) => {
    const id = channel.id;
    const problems: Problem[] = [];
    const add = (kind: ProblemKind, href: string, extra: Partial<Problem> = {}) =>
      problems.push({ kind, href, ...extra });
    const access = `/channels/${id}/access`;
    if (channel.status === 'removed') return { ...channel, problems };

    const list = channel.owners;
    if (!list.length) add('no_owner', `/channels/${id}/owners`);
    for (const o of list.filter((x) => !ownerReachable(x)))
      add('owner_unreachable', `/owners/${o.id}`, { owner: { id: o.id, name: o.name } });

    if (accessKind(channel.platform) === 'admin') {
      const admin = admins.get(id);
      if (!admin) add('no_access', access);
      else if (olderThan(admin.verifiedAt, limits.accessMaxAgeDays, now))
        add('access_stale', access, { since: admin.verifiedAt });
    } else {
      const login = logins.get(id);
      if (!login) add('no_access', access);
      else {
        const checked = later(login.changedAt, login.verifiedAt);
        if (olderThan(checked, limits.accessMaxAgeDays, now))
          add('access_stale', access, { since: checked });
        if (olderThan(login.changedAt, limits.credentialMaxAgeDays, now))
          add('credentials_old', access, { since: login.changedAt });
        if (login.mustRotate) add('must_rotate', access);
        const rotatedAt = outdated.get(id);
        if (rotatedAt) add('login_outdated', access, { since: rotatedAt });
        // Without codes in the vault (or no second step at all), "owner unreachable" on a
        // platform with two-step verification is a dead end; not said counts as no way.
        const method = login.twoFactorMethod;
        if (!method || method === 'owner_phone') add('two_factor_dead_end', access);
      }
    }

    const connection = connections.get(id);
    if (connection) {
      const platform = `/channels/${id}/platform`;
      if (
        connection.expiresAt &&
        Date.parse(connection.expiresAt) - now.getTime() < TOKEN_WARNING_DAYS * DAY
      )
        add('token_expiring', platform, { since: connection.expiresAt });
      if (connection.checkProblem)
        add('api_check_failed', platform, { since: connection.checkedAt });
      if (connection.refreshProblem)
        add('token_refresh_failed', platform, { since: connection.refreshedAt });
      if (connection.lastReadProblem) add('last_read_failed', platform);
    }

    const edit = `/channels/${id}/edit`;
    if (!channel.lastPublishedAt) add('publication_unknown', edit);
    const since = dormantSince(channel, today);
    if (since)
      add('dormant', edit, {
        since,
        source:
          channel.lastPublishedSource === 'platform' && channel.lastPublishedReadAt
            ? { platform: channel.platform, readAt: channel.lastPublishedReadAt }
            : 'typed',
      });
    return { ...channel, problems };
  });
}

/** Every channel matching the filter, with its problems. */
export const channelsWithProblems = (
  db: Db,
  limits: Limits,
  now: Date,
  filter: ChannelFilter = {},
) => withProblems(db, limits, now, listChannels(db, filter));

export type ProblemFilter = ProblemKind | 'any';
export type ChannelListFilter = ChannelFilter & { problem?: ProblemFilter };

const hasProblem = (problem: ProblemFilter) => (c: ChannelReadiness) =>
  problem === 'any' ? c.problems.length > 0 : c.problems.some((p) => p.kind === problem);

/**
 * One page of the channel list. Without a problem filter only the page's channels are checked;
 * problems are not stored but worked out (from the readiness limits and today), so a problem
 * filter checks every channel the other filters leave, then pages.
 */
export function channelListPage(
  db: Db,
  limits: Limits,
  now: Date,
  filter: ChannelListFilter,
  page: number,
): Paged<ChannelReadiness> {
  const { problem, ...rest } = filter;
  if (problem)
    return pageOf(channelsWithProblems(db, limits, now, rest).filter(hasProblem(problem)), page);
  const found = channelPage(db, rest, page);
  return { ...found, rows: withProblems(db, limits, now, found.rows) };
}

const emptyCounts = () =>
  Object.fromEntries(PROBLEM_KINDS.map((k) => [k, 0])) as Record<ProblemKind, number>;

/** Counts and a score: the share of channels without any problem, in percent. */
export function tally(items: ChannelReadiness[]): Tally {
  const counts = emptyCounts();
  for (const p of items.flatMap((i) => i.problems)) counts[p.kind] += 1;
  const ready = items.filter((i) => !i.problems.length).length;
  return {
    channels: items.length,
    ready,
    score: items.length ? Math.floor((100 * ready) / items.length) : 100,
    counts,
    takenOver: items.filter((i) => i.takenOver).length,
  };
}

/** Readiness per department and overall; removed channels do not count. */
export function readiness(db: Db, limits: Limits, now: Date): Readiness {
  const items = channelsWithProblems(db, limits, now);
  const departments = listDepartments(db).map((department) => {
    const own = items.filter((i) => i.departmentId === department.id);
    return { department, items: own, ...tally(own) };
  });
  return { overall: tally(items), departments };
}
