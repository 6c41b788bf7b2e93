// The crisis board's read model: every affected channel with its case state, basis, owners, last
// attempt, open obligations, acute countdown and holds, loaded in a fixed handful of queries
// however many channels the crisis has (the board is polled by every operator every few seconds).
import { and, asc, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import {
  auditEvents,
  channelOwners,
  channels,
  contactAttempts,
  departments,
  owners,
  takeoverCases,
  type CaseState,
  type ContactAttempt,
  type Crisis,
  type Owner,
  type Platform,
  type TakeoverCase,
} from '../../../db/schema';
import {
  acuteStatus,
  article2Applies,
  isEvidence,
  ownerContactObligation,
  ownerUnreachable,
  type AcuteStatus,
  type GateResult,
  type OwnerContactObligation,
  type Rules,
  type UnreachableFinding,
} from './article2';
import { CLOSED_STATES } from './case-step';
import { crisisOperatorsOf, getCrisis } from './crises';
import { prepared, type Db } from '../lib/db';
import { headsOfChannels, proposeNext, withHead } from './escalation';
import { lateness, type Late } from './late';
import { groupBy } from '../lib/group';
import { matchesText, textQuery } from '../lib/fold';
import { listOpenHolds, type OpenHold } from './holds';
import {
  noticesForCases,
  repliesForCases,
  undelivered,
  type CaseNotice,
  type CaseReply,
} from '../notify/notice-status';

export type ChannelSummary = {
  id: number;
  name: string;
  platform: Platform;
  handle: string;
  departmentName: string;
};
export type NextAction =
  | 'contact_owner'
  | 'take_over_unreachable'
  | 'contact_owner_after_hold'
  | 'publish_acute'
  | 'release_holds'
  | 'act_or_hand_back'
  | 'none';

export type BoardRow = {
  kase: TakeoverCase;
  channel: ChannelSummary;
  owners: Owner[];
  lastAttempt: (ContactAttempt & { ownerName: string }) | null;
  attemptCount: number;
  unreachable: UnreachableFinding;
  obligation: OwnerContactObligation;
  acute: AcuteStatus;
  openHolds: number;
  /** Per owner: informed, delivered, acknowledged (notice-status.ts). */
  notices: CaseNotice[];
  /** What owners wrote back ("reachable again at ..."). */
  replies: CaseReply[];
  next: NextAction;
  /** What is late on this case (late.ts), or null; such rows come first. */
  late: Late | null;
  /** The crisis cell has to call: the board shows the owners' phone numbers. */
  mustCall: boolean;
  /** Closed with nothing left to see to (no hold, reply or undelivered notice). */
  settled: boolean;
};

export type Board = {
  crisis: Crisis;
  gate: GateResult;
  operators: { userId: number; name: string; joinedAt: string }[];
  rows: BoardRow[];
  openHolds: OpenHold[];
  counts: Record<CaseState, number>;
  /** How many rows are late (BoardRow.late). */
  late: number;
};

/** The one next step the board offers per channel (one tap away). */
export function nextAction(
  r: Omit<BoardRow, 'next' | 'notices' | 'replies' | 'mustCall' | 'settled' | 'late'>,
): NextAction {
  if (r.kase.state === 'contacting')
    return r.unreachable.unreachable ? 'take_over_unreachable' : 'contact_owner';
  if (r.kase.state !== 'active') return 'none';
  if (r.obligation.state === 'open' || r.obligation.state === 'overdue')
    return 'contact_owner_after_hold';
  if (r.acute.state === 'running' || r.acute.state === 'missed') return 'publish_acute';
  return r.openHolds > 0 ? 'release_holds' : 'act_or_hand_back';
}

const CALLING: ReadonlySet<NextAction> = new Set([
  'contact_owner',
  'contact_owner_after_hold',
  'take_over_unreachable',
]);
type Judged = Omit<BoardRow, 'mustCall' | 'settled'>;
// Phone numbers where the crisis cell has to call: contacting the owner is the next step, or a
// notice did not get through. Elsewhere the board names the owners; the case page has every number.
const mustCall = (row: Judged) => CALLING.has(row.next) || row.notices.some(undelivered);
// A closed case with nothing left to see to is one line under the table: the table is the work.
const settled = (row: Judged) =>
  CLOSED_STATES.includes(row.kase.state) &&
  row.openHolds === 0 &&
  !row.replies.length &&
  !row.notices.some(undelivered);

// Late rows first, then open obligations and running countdowns, then by state.
function rank(r: BoardRow): number {
  if (r.late) return 0;
  if (r.obligation.state === 'open' || r.acute.state === 'running') return 1;
  return { contacting: 2, active: 3, owner_handles: 4, handed_back: 4 }[r.kase.state];
}

/** Takeover cases with their channel and its department, for the board and the case page. */
export const casesWithChannels = (db: Db) =>
  db
    .select({
      kase: takeoverCases,
      id: channels.id,
      name: channels.name,
      platform: channels.platform,
      handle: channels.handle,
      departmentName: departments.name,
    })
    .from(takeoverCases)
    .innerJoin(channels, eq(channels.id, takeoverCases.channelId))
    .innerJoin(departments, eq(departments.id, channels.departmentId));

export function loadBoard(db: Db, crisisId: number, now: Date, rules: Rules): Board | null {
  const crisis = getCrisis(db, crisisId);
  if (!crisis) return null;
  const cases = casesWithChannels(db).where(eq(takeoverCases.crisisId, crisisId)).all();
  const channelsInCrisis = db
    .select({ id: takeoverCases.channelId })
    .from(takeoverCases)
    .where(eq(takeoverCases.crisisId, crisisId));
  const ownerRows = db
    .select({ channelId: channelOwners.channelId, owner: owners })
    .from(channelOwners)
    .innerJoin(owners, eq(owners.id, channelOwners.ownerId))
    .where(and(inArray(channelOwners.channelId, channelsInCrisis), eq(owners.active, true)))
    .orderBy(asc(channelOwners.channelId), asc(channelOwners.position))
    .all();
  const attempts = db
    .select({ attempt: contactAttempts })
    .from(contactAttempts)
    .innerJoin(takeoverCases, eq(takeoverCases.id, contactAttempts.caseId))
    .where(eq(takeoverCases.crisisId, crisisId))
    .orderBy(asc(contactAttempts.attemptedAt), asc(contactAttempts.id))
    .all()
    .map((r) => r.attempt);
  const openHolds = listOpenHolds(db, crisisId);
  const caseIds = cases.map((c) => c.kase.id);
  const notices = noticesForCases(db, caseIds);
  const replies = repliesForCases(db, caseIds);

  const ownersByChannel = groupBy(
    ownerRows,
    (r) => r.channelId,
    (r) => r.owner,
  );
  const attemptsByCase = groupBy(attempts, (a) => a.caseId);
  const holdsByCase = groupBy(openHolds, (h) => h.caseId);
  const heads = headsOfChannels(
    db,
    cases.map((c) => c.id),
  );
  const ownerNames = new Map(
    [...ownerRows.map((r) => r.owner), ...heads.values()].map((o) => [o.id, o.name]),
  );

  const rows = cases
    .map(({ kase, ...channel }): BoardRow => {
      const chain = withHead(ownersByChannel.get(channel.id) ?? [], heads.get(channel.id));
      const caseOwners = chain.people;
      // The board works from the evidence: an attempt recorded in error is left out.
      const log = (attemptsByCase.get(kase.id) ?? []).filter(isEvidence);
      const last = log.at(-1);
      const row = {
        kase,
        channel,
        owners: caseOwners,
        attemptCount: log.length,
        lastAttempt: last ? { ...last, ownerName: ownerNames.get(last.ownerId) ?? '' } : null,
        unreachable: ownerUnreachable(caseOwners, log, rules),
        obligation: ownerContactObligation(kase, now),
        acute: acuteStatus(kase, now),
        openHolds: holdsByCase.get(kase.id)?.length ?? 0,
      };
      const full = {
        ...row,
        notices: notices.get(kase.id) ?? [],
        replies: replies.get(kase.id) ?? [],
        next: nextAction(row),
        late: lateness(kase, { ...row, escalation: proposeNext(chain, log, now, rules) }, now),
      };
      return { ...full, mustCall: mustCall(full), settled: settled(full) };
    })
    .sort((a, b) => rank(a) - rank(b) || a.channel.name.localeCompare(b.channel.name, 'nl'));

  const counts: Record<CaseState, number> = {
    contacting: 0,
    active: 0,
    owner_handles: 0,
    handed_back: 0,
  };
  for (const r of rows) counts[r.kase.state] += 1;
  return {
    crisis,
    gate: article2Applies(crisis),
    operators: crisisOperatorsOf(db, crisisId),
    rows,
    openHolds,
    counts,
    late: rows.filter((r) => r.late).length,
  };
}

/**
 * Changes when anything on the board may have changed: a new audit event of the crisis, or a
 * new minute (countdowns and overdue obligations are worded in minutes). One indexed lookup, so
 * an idle poll costs almost nothing.
 */
export function boardSignature(db: Db, crisisId: number, now: Date): string {
  const seq = lastCrisisEvent(db).get({ crisisId })?.seq ?? 0;
  return `${seq}-${Math.floor(now.getTime() / 60_000)}`;
}

// Asked on every poll and page view: built and compiled once per database.
const lastCrisisEvent = prepared((db) =>
  db
    .select({ seq: sql<number | null>`max(${auditEvents.seq})` })
    .from(auditEvents)
    .where(eq(auditEvents.crisisId, sql.placeholder('crisisId')))
    .prepare(),
);

export type ChannelHit = ChannelSummary & { inCrisis: boolean };

/**
 * Registry channels matching a name, handle or department (accents and case aside, as the
 * channel list searches), for adding to a crisis.
 */
export function findChannelsForCrisis(
  db: Db,
  crisisId: number,
  query: string,
  limit = 300,
): ChannelHit[] {
  const q = textQuery(query);
  const match = q
    ? or(
        matchesText(channels.name, q),
        matchesText(channels.handle, q),
        matchesText(departments.name, q),
      )
    : undefined;
  return db
    .select({
      id: channels.id,
      name: channels.name,
      platform: channels.platform,
      handle: channels.handle,
      departmentName: departments.name,
      caseId: takeoverCases.id,
    })
    .from(channels)
    .innerJoin(departments, eq(departments.id, channels.departmentId))
    .leftJoin(
      takeoverCases,
      and(eq(takeoverCases.channelId, channels.id), eq(takeoverCases.crisisId, crisisId)),
    )
    .where(and(isNull(channels.archivedAt), ne(channels.status, 'removed'), match))
    .orderBy(asc(departments.name), asc(channels.name))
    .limit(limit)
    .all()
    .map(({ caseId, ...c }) => ({ ...c, inCrisis: caseId !== null }));
}
