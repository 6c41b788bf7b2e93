// The channel list at city scale: the filter runs in SQL (the search is accent- and
// case-insensitive over the channel's name and handle, its department and its owners' names),
// and only the rows a page shows are read in full, with their owners. The queries are compiled
// once per connection (`prepared`): building and compiling them cost more than running them.
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import {
  channelOwners,
  channels,
  crises,
  departments,
  owners,
  takeoverCases,
  type ChannelStatus,
  type Owner,
  type Platform,
} from '../../../db/schema';
import type { MessageKey } from '../../i18n';
import { inIds, prepared, type Db } from '../lib/db';
import { matchesText, textQuery } from '../lib/fold';

export type ChannelFilter = {
  q?: string;
  platform?: Platform;
  departmentId?: number;
  status?: ChannelStatus;
};
/** An owner as the list shows them and the readiness check reads them. */
export type OwnerRef = Pick<Owner, 'id' | 'name' | 'phone' | 'email'>;
/** A takeover in force: the channel is Communicatie's in an open crisis until handed back. */
export type TakenOver = { crisisId: number; crisisTitle: string };
export type ChannelRow = typeof channels.$inferSelect & {
  departmentName: string;
  owners: OwnerRef[];
  takenOver: TakenOver | null;
};
export type Paged<T> = { rows: T[]; total: number; page: number; pages: number };
export type ChannelOption = { id: number; name: string; handle: string };

export const CHANNEL_PAGE_SIZE = 50;

const p = (name: string) => sql.placeholder(name);
const search = { like: p('like'), glob: p('glob') };

/**
 * The ids of the matching channels, by department and name. An absent filter is a NULL
 * parameter, so one statement serves every combination; removed channels only when asked for.
 * The owners and departments are searched once each, not per channel (uncorrelated IN lists).
 */
const matchingIds = prepared((db) =>
  db
    .select({ id: channels.id })
    .from(channels)
    .innerJoin(departments, eq(departments.id, channels.departmentId))
    .where(
      and(
        sql`(${p('platform')} IS NULL OR ${channels.platform} = ${p('platform')})`,
        sql`(${p('departmentId')} IS NULL OR ${channels.departmentId} = ${p('departmentId')})`,
        sql`(${p('status')} IS NULL AND ${channels.status} <> 'removed' OR ${channels.status} = ${p('status')})`,
        or(
          sql`${search.like} IS NULL`,
          matchesText(channels.name, search),
          matchesText(channels.handle, search),
          inArray(
            channels.departmentId,
            db
              .select({ id: departments.id })
              .from(departments)
              .where(matchesText(departments.name, search)),
          ),
          inArray(
            channels.id,
            db
              .select({ id: channelOwners.channelId })
              .from(channelOwners)
              .where(
                inArray(
                  channelOwners.ownerId,
                  db.select({ id: owners.id }).from(owners).where(matchesText(owners.name, search)),
                ),
              ),
          ),
        ),
      ),
    )
    .orderBy(asc(departments.name), asc(channels.name), asc(channels.id))
    .prepare(),
);

function idsMatching(db: Db, filter: ChannelFilter): number[] {
  const q = filter.q ? textQuery(filter.q) : null;
  return matchingIds(db)
    .all({
      platform: filter.platform ?? null,
      departmentId: filter.departmentId ?? null,
      status: filter.status ?? null,
      like: q?.like ?? null,
      glob: q?.glob ?? null,
    })
    .map((r) => r.id);
}

const channelsById = prepared((db) =>
  db
    .select({ channel: channels, departmentName: departments.name })
    .from(channels)
    .innerJoin(departments, eq(departments.id, channels.departmentId))
    .where(inIds(channels.id, p('ids')))
    .prepare(),
);

/** The owners of the channels, the first owner first. */
const ownersByChannel = prepared((db) =>
  db
    .select({
      channelId: channelOwners.channelId,
      id: owners.id,
      name: owners.name,
      phone: owners.phone,
      email: owners.email,
    })
    .from(channelOwners)
    .innerJoin(owners, eq(owners.id, channelOwners.ownerId))
    .where(inIds(channelOwners.channelId, p('ids')))
    .orderBy(asc(channelOwners.channelId), asc(channelOwners.position))
    .prepare(),
);

/** Active takeovers of these channels in open crises. */
const takeoversOf = prepared((db) =>
  db
    .select({
      channelId: takeoverCases.channelId,
      crisisId: crises.id,
      crisisTitle: crises.title,
    })
    .from(takeoverCases)
    .innerJoin(crises, eq(crises.id, takeoverCases.crisisId))
    .where(
      and(
        inIds(takeoverCases.channelId, p('ids')),
        eq(takeoverCases.state, 'active'),
        eq(crises.status, 'open'),
      ),
    )
    .prepare(),
);

/** These channels, in this order, with their department's name, owners and takeover. */
export function channelRows(db: Db, ids: number[]): ChannelRow[] {
  if (!ids.length) return [];
  const json = JSON.stringify(ids);
  const byId = new Map(
    channelsById(db)
      .all({ ids: json })
      .map((r) => [r.channel.id, r]),
  );
  const owned = new Map<number, OwnerRef[]>();
  for (const { channelId, ...owner } of ownersByChannel(db).all({ ids: json })) {
    const list = owned.get(channelId);
    if (list) list.push(owner);
    else owned.set(channelId, [owner]);
  }
  const taken = new Map(
    takeoversOf(db)
      .all({ ids: json })
      .map(({ channelId, ...t }) => [channelId, t]),
  );
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r
      ? [
          {
            ...r.channel,
            departmentName: r.departmentName,
            owners: owned.get(id) ?? [],
            takenOver: taken.get(id) ?? null,
          },
        ]
      : [];
  });
}

/** Every channel matching the filter, by department and name. */
export const listChannels = (db: Db, filter: ChannelFilter = {}): ChannelRow[] =>
  channelRows(db, idsMatching(db, filter));

/** The page asked for, kept within 1 and the last page. */
export function pageOf<T>(items: T[], requested: number): Paged<T> {
  const pages = Math.max(1, Math.ceil(items.length / CHANNEL_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.floor(requested) || 1), pages);
  return {
    rows: items.slice((page - 1) * CHANNEL_PAGE_SIZE, page * CHANNEL_PAGE_SIZE),
    total: items.length,
    page,
    pages,
  };
}

/** One page of the channels matching the filter: all their ids, sorted in SQL, then the page's rows. */
export function channelPage(db: Db, filter: ChannelFilter, requested: number): Paged<ChannelRow> {
  const page = pageOf(idsMatching(db, filter), requested);
  return { ...page, rows: channelRows(db, page.rows) };
}

/** Channels of any status whose name or handle contains the text, or is it (`whole`), accents and case aside. */
export function findChannels(db: Db, text: string, limit: number, whole = false): ChannelOption[] {
  const q = textQuery(text, whole);
  if (!q) return [];
  return db
    .select({ id: channels.id, name: channels.name, handle: channels.handle })
    .from(channels)
    .where(or(matchesText(channels.name, q), matchesText(channels.handle, q)))
    .orderBy(asc(channels.name), asc(channels.id))
    .limit(limit)
    .all();
}

/** How many channels the filter suggests at most, as you type or when a name is ambiguous. */
export const CHANNEL_SUGGESTIONS = 20;

export type ChannelPick =
  | { ok: true; channel: ChannelOption }
  | { ok: false; error: MessageKey; candidates: ChannelOption[] };

/**
 * The channel the filter's text names: its number ("12" or "#12", as links carry it), the
 * channel whose name or handle is the text, or else the one whose name or handle contains it
 * (accents and case aside). Several matches come back as candidates to choose from.
 */
export function pickChannel(db: Db, text: string): ChannelPick {
  const number = /^#?(\d{1,15})$/.exec(text.trim());
  if (number) {
    const channel = db
      .select({ id: channels.id, name: channels.name, handle: channels.handle })
      .from(channels)
      .where(eq(channels.id, Number(number[1])))
      .get();
    return channel
      ? { ok: true, channel }
      : { ok: false, error: 'audit.filter.channelNone', candidates: [] };
  }
  const exact = findChannels(db, text, CHANNEL_SUGGESTIONS, true);
  const found = exact.length ? exact : findChannels(db, text, CHANNEL_SUGGESTIONS);
  if (found.length === 1) return { ok: true, channel: found[0]! };
  return {
    ok: false,
    error: found.length ? 'audit.filter.channelSeveral' : 'audit.filter.channelNone',
    candidates: found,
  };
}
