// Read models for one takeover case (its page) and for a crisis's timeline, which is the audit
// trail itself: every event recorded with the crisis's id, in chain order.
import { aliasedTable, and, asc, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import {
  auditEvents,
  channelActions,
  channels,
  contactAttempts,
  holds,
  takeoverCases,
  users,
  type AuditEvent,
  type ContactAttempt,
  type Crisis,
  type Hold,
  type Owner,
  type TakeoverCase,
} from '../../../db/schema';
import {
  acuteStatus,
  article2Applies,
  ownerContactObligation,
  ownerUnreachable,
  type AcuteStatus,
  type GateResult,
  type OwnerContactObligation,
  type Rules,
  type UnreachableFinding,
} from './article2';
import { casesWithChannels, type ChannelSummary } from './board';
import { getCrisis } from './crises';
import { prepared, type Db } from '../lib/db';
import {
  noticesForCases,
  repliesForCases,
  type CaseNotice,
  type CaseReply,
} from '../notify/notice-status';
import { escalationChain, proposeNext, type Escalation } from './escalation';
import type { ContactPanel } from './contact-request';

export type CaseView = {
  kase: TakeoverCase;
  crisis: Crisis;
  gate: GateResult;
  channel: ChannelSummary;
  /** The escalation chain: the channel's owners in order, then the department head (headId). */
  owners: Owner[];
  headId: number | null;
  escalation: Escalation;
  /** Every attempt, those recorded in error too (marked: correctedAt, the reason and by whom). */
  attempts: (ContactAttempt & {
    ownerName: string;
    recordedByName: string;
    correctedByName: string | null;
  })[];
  holds: (Hold & { placedByName: string })[];
  actions: { id: number; kind: string; note: string; actedAt: string; actedByName: string }[];
  unreachable: UnreachableFinding;
  obligation: OwnerContactObligation;
  acute: AcuteStatus;
  history: TimelineEntry[];
  notices: CaseNotice[];
  replies: CaseReply[];
  /** Contact requests sent by the console (contact-request.ts), when the page loads them. */
  contact?: ContactPanel;
};

export function loadCase(
  db: Db,
  crisisId: number,
  caseId: number,
  now: Date,
  rules: Rules,
): CaseView | null {
  const row = casesWithChannels(db).where(eq(takeoverCases.id, caseId)).get();
  if (!row || row.kase.crisisId !== crisisId) return null;
  const { kase, ...channel } = row;
  const crisis = getCrisis(db, crisisId)!;
  const chain = escalationChain(db, channel.id);
  const caseOwners = chain.people;
  const names = new Map(caseOwners.map((o) => [o.id, o.name]));
  const attempts = db
    .select({
      ...getTableColumns(contactAttempts),
      recordedByName: users.name,
      correctedByName: sql<
        string | null
      >`(select ${users.name} from ${users} where ${users.id} = ${contactAttempts.correctedBy})`,
    })
    .from(contactAttempts)
    .innerJoin(users, eq(users.id, contactAttempts.recordedBy))
    .where(eq(contactAttempts.caseId, caseId))
    .orderBy(asc(contactAttempts.attemptedAt), asc(contactAttempts.id))
    .all()
    .map((a) => ({ ...a, ownerName: names.get(a.ownerId) ?? `#${a.ownerId}` }));
  const caseHolds = db
    .select({ h: holds, by: users.name })
    .from(holds)
    .innerJoin(users, eq(users.id, holds.placedBy))
    .where(eq(holds.caseId, caseId))
    .orderBy(asc(holds.placedAt), asc(holds.id))
    .all()
    .map(({ h, by }) => ({ ...h, placedByName: by }));
  const actions = db
    .select({
      id: channelActions.id,
      kind: channelActions.kind,
      note: channelActions.note,
      actedAt: channelActions.actedAt,
      actedByName: users.name,
    })
    .from(channelActions)
    .innerJoin(users, eq(users.id, channelActions.actedBy))
    .where(eq(channelActions.caseId, caseId))
    .orderBy(asc(channelActions.actedAt), asc(channelActions.id))
    .all();
  return {
    kase,
    crisis,
    gate: article2Applies(crisis),
    channel,
    owners: caseOwners,
    headId: chain.headId,
    attempts,
    holds: caseHolds,
    actions,
    escalation: proposeNext(chain, attempts, now, rules),
    unreachable: ownerUnreachable(caseOwners, attempts, rules),
    obligation: ownerContactObligation(kase, now),
    acute: acuteStatus(kase, now),
    history: timeline(db, { caseId }),
    notices: noticesForCases(db, [caseId]).get(caseId) ?? [],
    replies: repliesForCases(db, [caseId]).get(caseId) ?? [],
  };
}

export type TimelineEntry = AuditEvent & { actorName: string | null; channelName: string | null };

const actor = aliasedTable(users, 'actor');

/** Audit events of a crisis or a case, oldest first; with `limit`, only the latest that many. */
export function timeline(
  db: Db,
  of: { crisisId: number } | { caseId: number },
  limit = -1,
): TimelineEntry[] {
  return historyQuery(db, of, limit)
    .all()
    .reverse()
    .map(({ e, actorName, channelName }) => ({ ...e, actorName, channelName }));
}

/** The query of timeline(), newest first. */
export function historyQuery(db: Db, of: { crisisId: number } | { caseId: number }, limit = -1) {
  // A case's events all carry its channel: they are sought on the (channel_id, seq) index, among
  // the channel's events over the years (hundreds), not the crisis's (tens of thousands in a long
  // crisis, walked on every view of a case page). There is no index on case_id.
  const channelOfCase = (caseId: number) =>
    db
      .select({ id: takeoverCases.channelId })
      .from(takeoverCases)
      .where(eq(takeoverCases.id, caseId));
  const where =
    'crisisId' in of
      ? eq(auditEvents.crisisId, of.crisisId)
      : and(eq(auditEvents.channelId, channelOfCase(of.caseId)), eq(auditEvents.caseId, of.caseId));
  return db
    .select({ e: auditEvents, actorName: actor.name, channelName: channels.name })
    .from(auditEvents)
    .leftJoin(actor, eq(actor.id, auditEvents.actorUserId))
    .leftJoin(channels, eq(channels.id, auditEvents.channelId))
    .where(where)
    .orderBy(desc(auditEvents.seq))
    .limit(limit);
}

/** Whether the case belongs to the crisis in the address (so URLs cannot mix crises). */
const crisisOfCase = prepared((db) =>
  db
    .select({ crisisId: takeoverCases.crisisId })
    .from(takeoverCases)
    .where(eq(takeoverCases.id, sql.placeholder('caseId')))
    .prepare(),
);

export const caseInCrisis = (db: Db, crisisId: number, caseId: number) =>
  crisisOfCase(db).get({ caseId })?.crisisId === crisisId;
