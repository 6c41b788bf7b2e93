// The after-exercise report: what slowed the crisis cell down, on one page for the morning
// after. Built on the incident report's facts (report.ts: cases, attempts, milestones, notices,
// findings) plus Communicatie's access as it stood (exercise-access.ts), it lists per channel the
// owners who could not be reached, stale or missing access and the time lost, and what to fix in
// the registry. Only for exercises: a real crisis has its incident report.
import { inArray } from 'drizzle-orm';
import {
  channels as channelsTable,
  type ContactMeans,
  type AttemptOutcome,
  type Crisis,
} from '../../../db/schema';
import type { Config } from '../../config';
import { acuteStatus, isFailed, isReached, type Rules } from '../crisis/article2';
import { inIds, type Db } from '../lib/db';
import { headsOfChannels } from '../crisis/escalation';
import { participantsOf, type ParticipantChoice } from '../exercise/participants';
import { accessAsItStood, type ChannelAccess, type DepartmentDrill } from './exercise-access';
import { undelivered } from '../notify/notice-status';
import { getOwnersByIds, ownerReachable } from '../registry/owners';
import { countedAttempts } from './compliance';
import { crisisReport, median, type CaseReport } from './incident';
import type { VaultKeys } from '../vault/vault';

export type OwnerTrial = {
  ownerId: number;
  name: string;
  isHead: boolean;
  attempts: number;
  reached: boolean;
  /** Means tried without reaching the owner; outcomes of those attempts. */
  failedMeans: ContactMeans[];
  outcomes: AttemptOutcome[];
};
export type ChannelDelays = {
  channel: CaseReport['channel'];
  caseId: number;
  /** Everyone tried, in the order first tried; the ones never reached. */
  trials: OwnerTrial[];
  unreachable: OwnerTrial[];
  noOwner: boolean;
  /** First attempt until an owner was reached, or until the last attempt when nobody was. */
  chainMinutes: number | null;
  toFirstAttempt: number | null;
  toTakeover: number | null;
  /** Minutes beyond the escalation step time between one failed attempt and the next. */
  idleMinutes: number;
  acuteMissed: { deadline: string; sentAt: string | null } | null;
  access: ChannelAccess;
};

export const FIX_KINDS = [
  'channel_no_owner',
  'channel_one_owner',
  'owner_no_means',
  'owner_wrong_number',
  'owner_unreachable',
  'owner_no_email',
  'owner_email_failed',
  'department_no_head',
  'admin_missing',
  'login_missing',
  'login_undecryptable',
  'login_outdated',
  'access_stale',
  'drill_failed',
  'drill_overdue',
] as const;
export type Fix = {
  kind: (typeof FIX_KINDS)[number];
  href: string;
  name: string;
  channel?: string;
};

export type ExerciseReport = {
  crisis: Crisis;
  /** When the exercise ended (or now, while it is open). */
  until: string;
  channels: ChannelDelays[];
  departments: DepartmentDrill[];
  /** Participants mode only: who took part. */
  participants: ParticipantChoice[] | null;
  fixes: Fix[];
  /** Findings of the exercise's incident report (listed there). */
  findings: number;
  summary: {
    unreachableOwners: number;
    channelsNobodyReached: number;
    accessProblems: number;
    drillsOverdue: number;
    medianToFirstAttempt: number | null;
    maxToFirstAttempt: number | null;
    medianToTakeover: number | null;
    acuteMissed: number;
    idleMinutes: number;
  };
};

const minutes = (from: string | null, to: string | null) =>
  from && to ? Math.round((Date.parse(to) - Date.parse(from)) / 60_000) : null;

/** Per person in the case's attempt log: how often, by which means, and whether they were reached. */
function trialsOf(
  k: CaseReport,
  names: Map<number, string>,
  headId: number | undefined,
): OwnerTrial[] {
  const counted = countedAttempts(k);
  const order = [...new Set(counted.map((a) => a.ownerId))];
  return order.map((ownerId) => {
    const mine = counted.filter((a) => a.ownerId === ownerId);
    const failed = mine.filter((a) => isFailed(a.outcome));
    return {
      ownerId,
      name: names.get(ownerId) ?? `#${ownerId}`,
      isHead: ownerId === headId,
      attempts: mine.length,
      reached: mine.some((a) => isReached(a.outcome)),
      failedMeans: [...new Set(failed.map((a) => a.means))],
      outcomes: [...new Set(failed.map((a) => a.outcome))],
    };
  });
}

// Escalation: a step is due escalationStepMinutes after a failed attempt; waiting longer is lost.
function idleMinutesOf(k: CaseReport, rules: Rules): number {
  const counted = countedAttempts(k);
  const reachedAt = counted.find((a) => isReached(a.outcome))?.attemptedAt;
  const times = counted
    .map((a) => a.attemptedAt)
    .filter((at) => !reachedAt || at <= reachedAt)
    .sort();
  return times
    .slice(1)
    .reduce(
      (sum, at, i) => sum + Math.max(0, minutes(times[i]!, at)! - rules.escalationStepMinutes),
      0,
    );
}

function delaysOf(
  k: CaseReport,
  crisis: Crisis,
  until: string,
  rules: Rules,
  names: Map<number, string>,
  headId: number | undefined,
  access: ChannelAccess,
): ChannelDelays {
  const trials = trialsOf(k, names, headId);
  const counted = countedAttempts(k);
  const times = counted.map((a) => a.attemptedAt).sort();
  const reachedAt = counted.find((a) => isReached(a.outcome))?.attemptedAt ?? null;
  const acute = acuteStatus(k.kase, new Date(until));
  return {
    channel: k.channel,
    caseId: k.kase.id,
    trials,
    unreachable: trials.filter((t) => !t.reached),
    noOwner: !k.owners.some((o) => o.active),
    chainMinutes: minutes(times[0] ?? null, reachedAt ?? times.at(-1) ?? null),
    toFirstAttempt: minutes(crisis.startedAt, k.milestones.firstAttempt),
    toTakeover: minutes(crisis.startedAt, k.milestones.takeover),
    idleMinutes: idleMinutesOf(k, rules),
    acuteMissed:
      acute.state === 'missed'
        ? { deadline: acute.deadline, sentAt: null }
        : acute.state === 'sent' && !acute.beforeDeadline
          ? { deadline: acute.deadline, sentAt: acute.sentAt }
          : null,
    access,
  };
}

/** What to fix in the registry, once per kind and page, from what the exercise ran into. */
function fixesOf(
  channels: ChannelDelays[],
  cases: CaseReport[],
  departments: DepartmentDrill[],
  heads: Map<number, unknown>,
): Fix[] {
  const fixes = new Map<string, Fix>();
  const add = (fix: Fix) => fixes.set(`${fix.kind} ${fix.href}`, fix);
  for (const [i, c] of channels.entries()) {
    const k = cases[i]!;
    const ch = { channel: c.channel.name };
    if (c.noOwner)
      add({
        kind: 'channel_no_owner',
        href: `/channels/${c.channel.id}/owners`,
        name: c.channel.name,
      });
    for (const o of k.owners.filter((x) => x.active && !ownerReachable(x)))
      add({ kind: 'owner_no_means', href: `/owners/${o.id}`, name: o.name, ...ch });
    for (const t of c.unreachable) {
      add({
        kind: t.outcomes.includes('wrong_number') ? 'owner_wrong_number' : 'owner_unreachable',
        href: `/owners/${t.ownerId}`,
        name: t.name,
        ...ch,
      });
    }
    const nobody = c.trials.length > 0 && c.unreachable.length === c.trials.length;
    if (nobody && k.owners.filter((o) => o.active).length === 1)
      add({
        kind: 'channel_one_owner',
        href: `/channels/${c.channel.id}/owners`,
        name: c.channel.name,
      });
    if ((nobody || c.noOwner) && !heads.has(c.channel.id))
      add({ kind: 'department_no_head', href: '/departments', name: c.channel.department, ...ch });
    // A notice that could not go out: no address (unless the owner has no means at all, listed above), or refused.
    for (const n of k.notifications.filter(undelivered)) {
      const o = k.owners.find((x) => x.id === n.ownerId);
      if (o && !ownerReachable(o)) continue;
      add({
        kind: n.status === 'failed' ? 'owner_email_failed' : 'owner_no_email',
        href: `/owners/${n.ownerId}`,
        name: o?.name ?? `#${n.ownerId}`,
        ...ch,
      });
    }
    for (const p of c.access.problems) {
      add({
        kind: p.kind,
        href:
          p.kind === 'access_stale'
            ? `/drills/channels/${c.channel.id}`
            : `/channels/${c.channel.id}/access`,
        name: c.channel.name,
      });
    }
  }
  for (const d of departments.filter((x) => x.overdue))
    add({ kind: 'drill_overdue', href: `/drills/departments/${d.id}`, name: d.name });
  return [...fixes.values()].sort(
    (a, b) =>
      FIX_KINDS.indexOf(a.kind) - FIX_KINDS.indexOf(b.kind) || a.name.localeCompare(b.name, 'nl'),
  );
}

/** The report, or undefined when there is no such crisis or it is not an exercise. */
export function exerciseReport(
  db: Db,
  crisisId: number,
  config: Pick<Config, 'rules' | 'readiness'> & { vault: VaultKeys | null },
  now: Date,
): ExerciseReport | undefined {
  const base = crisisReport(db, crisisId, config.rules, now);
  if (!base?.crisis.isExercise) return undefined;
  const { crisis, cases } = base;
  const until = crisis.closedAt ?? now.toISOString();
  const ids = cases.map((k) => k.channel.id);
  const registry = ids.length
    ? db
        .select({
          id: channelsTable.id,
          platform: channelsTable.platform,
          departmentId: channelsTable.departmentId,
        })
        .from(channelsTable)
        .where(inIds(channelsTable.id, ids))
        .all()
    : [];
  const access = accessAsItStood(
    db,
    registry,
    { from: crisis.startedAt, until },
    config.vault,
    config.readiness,
  );
  const heads = headsOfChannels(db, ids);
  const names = new Map(
    getOwnersByIds(db, [...new Set(cases.flatMap((k) => k.attempts.map((a) => a.ownerId)))]).map(
      (o) => [o.id, o.name],
    ),
  );
  const channels = cases.map((k) =>
    delaysOf(
      k,
      crisis,
      until,
      config.rules,
      names,
      heads.get(k.channel.id)?.id,
      access.channels.get(k.channel.id)!,
    ),
  );
  const first = channels.map((c) => c.toFirstAttempt).filter((m): m is number => m !== null);
  return {
    crisis,
    until,
    channels,
    departments: access.departments,
    participants: crisis.exerciseNotify === 'participants' ? participantsOf(db, crisis.id) : null,
    fixes: fixesOf(channels, cases, access.departments, heads),
    findings: base.findings.length,
    summary: {
      unreachableOwners: new Set(channels.flatMap((c) => c.unreachable.map((t) => t.ownerId))).size,
      channelsNobodyReached: channels.filter(
        (c) => c.noOwner || (c.trials.length > 0 && c.trials.every((t) => !t.reached)),
      ).length,
      accessProblems: channels.filter((c) => c.access.problems.length).length,
      drillsOverdue: access.departments.filter((d) => d.overdue).length,
      medianToFirstAttempt: median(first),
      maxToFirstAttempt: first.length ? Math.max(...first) : null,
      medianToTakeover: median(
        channels.map((c) => c.toTakeover).filter((m): m is number => m !== null),
      ),
      acuteMissed: channels.filter((c) => c.acuteMissed).length,
      idleMinutes: channels.reduce((n, c) => n + c.idleMinutes, 0),
    },
  };
}
