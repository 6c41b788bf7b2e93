// The incident report of one crisis, read from what was recorded: the crisis and its crisis
// cell, then per channel the basis, every contact attempt, holds, actions, hand-back, the owners'
// notifications and the times between the steps, with the compliance findings.
import { asc, desc, eq } from 'drizzle-orm';
import {
  auditEvents,
  channelActions,
  channelOwners,
  channels,
  contactAttempts,
  crises,
  departments,
  holds,
  notifications,
  owners,
  takeoverCases,
  users,
  BASES,
  type Basis,
  type Crisis,
} from '../../../db/schema';
import {
  caseFindings,
  crisisClosedWithOverride,
  countedAttempts,
  interventionAt,
  readReveal,
  revealFindings,
  type CaseFacts,
  type Finding,
  type Rules,
} from './compliance';
import { inIds, type Db } from '../lib/db';
import { groupBy } from '../lib/group';
import { undelivered } from '../notify/notice-status';

export const MILESTONES = [
  'cellConvened',
  'firstAttempt',
  'takeover',
  'ownerInformed',
  'ownerAcknowledged',
  'handedBack',
] as const;
export type Milestone = (typeof MILESTONES)[number];
/** The step from one milestone to the next, in minutes (null when either is missing). */
export type Interval = { from: Milestone; to: Milestone; minutes: number | null };

export type CaseReport = CaseFacts & {
  channel: { id: number; name: string; platform: string; handle: string; department: string };
  milestones: Record<Milestone, string | null>;
  intervals: Interval[];
  notices: { issued: number; delivered: number; acknowledged: number; undeliverable: number };
};

export type CrisisReport = {
  crisis: Crisis;
  cases: CaseReport[];
  findings: Finding[];
  /** Names of the users and owners the report mentions, by id. */
  userNames: Map<number, string>;
  ownerNames: Map<number, string>;
};

const first = (values: (string | null)[]) =>
  values.filter((v): v is string => !!v).sort()[0] ?? null;
const minutesBetween = (a: string | null, b: string | null) =>
  a && b ? Math.round((Date.parse(b) - Date.parse(a)) / 60000) : null;

const INFORMING = new Set(['takeover_authorised', 'hold_placed']);

function milestonesOf(crisis: Crisis, f: CaseFacts): Record<Milestone, string | null> {
  const told = f.notifications.filter((n) => INFORMING.has(n.event));
  return {
    cellConvened: crisis.crisisCellConvenedAt,
    firstAttempt: first(countedAttempts(f).map((a) => a.attemptedAt)),
    takeover: interventionAt(f),
    // Acknowledged on /mine is informed too, whatever the e-mail did.
    ownerInformed: first(
      told.flatMap((n) => [n.status === 'sent' ? n.sentAt : null, n.acknowledgedAt]),
    ),
    ownerAcknowledged: first(told.map((n) => n.acknowledgedAt)),
    handedBack: f.kase.handedBackAt,
  };
}

function intervalsOf(m: Record<Milestone, string | null>): Interval[] {
  return MILESTONES.slice(1).map((to, i) => {
    const from = MILESTONES[i]!;
    return { from, to, minutes: minutesBetween(m[from], m[to]) };
  });
}

/** Everything for the crisis report, or undefined when there is no such crisis. */
export function crisisReport(
  db: Db,
  crisisId: number,
  rules: Rules,
  now: Date,
): CrisisReport | undefined {
  const crisis = db.select().from(crises).where(eq(crises.id, crisisId)).get();
  if (!crisis) return undefined;
  const rows = db
    .select({ kase: takeoverCases, channel: channels, department: departments.name })
    .from(takeoverCases)
    .innerJoin(channels, eq(channels.id, takeoverCases.channelId))
    .innerJoin(departments, eq(departments.id, channels.departmentId))
    .where(eq(takeoverCases.crisisId, crisisId))
    .orderBy(asc(channels.name))
    .all();
  const caseIds = rows.map((r) => r.kase.id);
  const channelIds = rows.map((r) => r.channel.id);
  const any = caseIds.length > 0;
  const attempts = groupBy(
    any
      ? db
          .select()
          .from(contactAttempts)
          .where(inIds(contactAttempts.caseId, caseIds))
          .orderBy(asc(contactAttempts.attemptedAt))
          .all()
      : [],
    (r) => r.caseId,
  );
  const holdRows = groupBy(
    db.select().from(holds).where(eq(holds.crisisId, crisisId)).orderBy(asc(holds.placedAt)).all(),
    (r) => r.caseId,
  );
  const actions = groupBy(
    any
      ? db
          .select()
          .from(channelActions)
          .where(inIds(channelActions.caseId, caseIds))
          .orderBy(asc(channelActions.actedAt))
          .all()
      : [],
    (r) => r.caseId,
  );
  const notes = groupBy(
    any
      ? db
          .select()
          .from(notifications)
          .where(inIds(notifications.caseId, caseIds))
          .orderBy(asc(notifications.createdAt))
          .all()
      : [],
    (r) => r.caseId,
  );
  const ownerRows = any
    ? db
        .select({
          channelId: channelOwners.channelId,
          id: owners.id,
          name: owners.name,
          phone: owners.phone,
          email: owners.email,
          altContact: owners.altContact,
          active: owners.active,
        })
        .from(channelOwners)
        .innerJoin(owners, eq(owners.id, channelOwners.ownerId))
        .where(inIds(channelOwners.channelId, channelIds))
        .orderBy(asc(channelOwners.position))
        .all()
    : [];
  const ownersOf = groupBy(ownerRows, (r) => r.channelId);
  const events = db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.crisisId, crisisId))
    .orderBy(asc(auditEvents.seq))
    .all();
  const eventsOf = groupBy(
    events.filter((e) => e.caseId !== null),
    (e) => e.caseId!,
  );

  const cases: CaseReport[] = rows.map(({ kase, channel, department }) => {
    const facts: CaseFacts = {
      kase,
      attempts: attempts.get(kase.id) ?? [],
      holds: holdRows.get(kase.id) ?? [],
      actions: actions.get(kase.id) ?? [],
      notifications: notes.get(kase.id) ?? [],
      owners: (ownersOf.get(channel.id) ?? []).map(({ channelId: _, ...owner }) => owner),
      events: eventsOf.get(kase.id) ?? [],
    };
    const milestones = milestonesOf(crisis, facts);
    return {
      ...facts,
      channel: {
        id: channel.id,
        name: channel.name,
        platform: channel.platform,
        handle: channel.handle,
        department,
      },
      milestones,
      intervals: intervalsOf(milestones),
      notices: {
        issued: facts.notifications.length,
        delivered: facts.notifications.filter((n) => n.status === 'sent').length,
        acknowledged: facts.notifications.filter((n) => n.acknowledgedAt).length,
        undeliverable: facts.notifications.filter(undelivered).length,
      },
    };
  });

  const closedWithOverride = crisisClosedWithOverride(crisis, events);
  const findings = [
    ...(closedWithOverride ? [closedWithOverride] : []),
    ...cases.flatMap((c) => caseFindings(c, crisis, events, rules, now)),
    ...crisisReveals(db)
      .filter((r) => r.crisisId === crisisId)
      .flatMap((r) => revealFindings(r, crisis)),
  ];
  return {
    crisis,
    cases,
    findings,
    userNames: userNames(db),
    ownerNames: new Map(ownerRows.map((o) => [o.id, o.name])),
  };
}

/** Every login-details reveal (few; read through the audit_action index). */
export function crisisReveals(db: Db) {
  return db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, 'credentials.revealed'))
    .orderBy(asc(auditEvents.seq))
    .all()
    .map(readReveal);
}

/** Reveals outside any crisis, with their findings (the overview lists them on their own). */
export function revealsOutsideCrises(db: Db): Finding[] {
  return crisisReveals(db)
    .filter((r) => r.crisisId === null)
    .flatMap((r) => revealFindings(r, undefined));
}

export const userNames = (db: Db) =>
  new Map(
    db
      .select({ id: users.id, name: users.name })
      .from(users)
      .all()
      .map((u) => [u.id, u.name]),
  );

export type OverviewRow = {
  crisis: Crisis;
  byBasis: Record<Basis, number>;
  interventions: number;
  findings: Finding[];
};
export type Overview = {
  rows: OverviewRow[];
  byBasis: Record<Basis, number>;
  /** Median minutes per step over every case that has both ends. */
  medians: Interval[];
  /** Reveals outside any crisis (listed with the real crises only). */
  outside: Finding[];
};

const countBases = (cases: { kase: { basis: Basis | null } }[]) =>
  Object.fromEntries(
    BASES.map((b) => [b, cases.filter((c) => c.kase.basis === b).length]),
  ) as Record<Basis, number>;

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : Math.round((s[mid - 1]! + s[mid]!) / 2);
}

/** Every crisis of one kind (exercises apart from real crises), newest first. */
export function overview(db: Db, exercise: boolean, rules: Rules, now: Date): Overview {
  const list = db
    .select({ id: crises.id })
    .from(crises)
    .where(eq(crises.isExercise, exercise))
    .orderBy(desc(crises.startedAt))
    .all();
  const reports = list.map((c) => crisisReport(db, c.id, rules, now)!);
  const cases = reports.flatMap((r) => r.cases);
  return {
    rows: reports.map((r) => ({
      crisis: r.crisis,
      byBasis: countBases(r.cases),
      findings: r.findings,
      interventions: r.cases.filter((c) => c.milestones.takeover).length,
    })),
    byBasis: countBases(cases),
    medians: MILESTONES.slice(1).map((to, i) => ({
      from: MILESTONES[i]!,
      to,
      minutes: median(
        cases.map((c) => c.intervals[i]!.minutes).filter((m): m is number => m !== null),
      ),
    })),
    outside: exercise ? [] : revealsOutsideCrises(db),
  };
}
