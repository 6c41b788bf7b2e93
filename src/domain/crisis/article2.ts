// The rules of Article 2, each in one function named in the policy's words. The takeover state
// machine (takeover.ts) and the read models (board.ts) call these; nothing else decides them.
import type { ContactAttempt, ContactMeans, Crisis, Owner, TakeoverCase } from '../../../db/schema';
import type { Config } from '../../config';
import type { MessageKey } from '../../i18n';

export type Rules = Config['rules'];
export type GateResult =
  { open: true } | { open: false; reason: 'crisis.gate.closed' | 'crisis.gate.notApplicable' };

/** Article 2, last paragraph. Checked before every takeover action and every crisis reveal. */
export function article2Applies(crisis: Crisis): GateResult {
  if (crisis.status !== 'open') return { open: false, reason: 'crisis.gate.closed' };
  const serious = crisis.impact === 'major' || crisis.impact === 'large_impact';
  const cellInvolved = !!crisis.crisisCellLead && !!crisis.crisisCellConvenedAt;
  return serious && cellInvolved
    ? { open: true }
    : { open: false, reason: 'crisis.gate.notApplicable' };
}

const normalise = (s: string) =>
  s
    .toLocaleLowerCase('nl')
    .replace(/[\s.,;:!?'"()-]+/g, ' ')
    .trim();

/**
 * Article 2, exception 1 (acute): "something must be communicated within the hour" has to be
 * written down. An empty text or a copy of the crisis title says nothing about this channel.
 */
export function acuteJustificationProblem(
  justification: string,
  crisisTitle: string,
): MessageKey | null {
  const text = normalise(justification);
  if (!text) return 'case.acute.justificationRequired';
  if (text === normalise(crisisTitle)) return 'case.acute.justificationIsTitle';
  return null;
}

/** Article 2, exception 1: the deadline lies after the decision and within the hour (config). */
export function acuteDeadlineProblem(
  deadline: Date,
  decidedAt: Date,
  rules: Rules,
): MessageKey | null {
  if (deadline.getTime() <= decidedAt.getTime()) return 'case.acute.deadlinePast';
  if (deadline.getTime() > decidedAt.getTime() + rules.acuteMaxMinutes * 60_000)
    return 'case.acute.deadlineTooLate';
  return null;
}

/** The deadline the console proposes for an acute decision taken `now`. */
export const proposedAcuteDeadline = (now: Date, rules: Rules) =>
  new Date(now.getTime() + rules.acuteMaxMinutes * 60_000);

export type AcuteStatus =
  | { state: 'none' }
  | { state: 'running'; deadline: string; minutesLeft: number }
  | { state: 'missed'; deadline: string; minutesOver: number }
  | { state: 'sent'; deadline: string; sentAt: string; beforeDeadline: boolean };

/** Article 2, exception 1: was (or is) the message out before the deadline? */
export function acuteStatus(
  c: Pick<TakeoverCase, 'basis' | 'acuteDeadline' | 'acuteMessageSentAt'>,
  now: Date,
): AcuteStatus {
  if (c.basis !== 'acute' || !c.acuteDeadline) return { state: 'none' };
  const deadline = c.acuteDeadline;
  if (c.acuteMessageSentAt) {
    return {
      state: 'sent',
      deadline,
      sentAt: c.acuteMessageSentAt,
      beforeDeadline: c.acuteMessageSentAt <= deadline,
    };
  }
  const ms = new Date(deadline).getTime() - now.getTime();
  return ms > 0
    ? { state: 'running', deadline, minutesLeft: Math.ceil(ms / 60_000) }
    : { state: 'missed', deadline, minutesOver: Math.floor(-ms / 60_000) };
}

/** Article 2, exception 2: after a hold, the owner contact must follow by this time. */
export const ownerContactDueAt = (placedAt: Date, rules: Rules) =>
  new Date(placedAt.getTime() + rules.ownerContactDueMinutes * 60_000);

export type OwnerContactObligation =
  | { state: 'none' }
  | { state: 'open'; dueAt: string }
  | { state: 'overdue'; dueAt: string }
  | { state: 'met'; dueAt: string; contactedAt: string; late: boolean };

/** Article 2, exception 2: "... and then contacts the owner" — open, overdue or met. */
export function ownerContactObligation(
  c: Pick<TakeoverCase, 'ownerContactDueAt' | 'ownerContactedAt'>,
  now: Date,
): OwnerContactObligation {
  const dueAt = c.ownerContactDueAt;
  if (!dueAt) return { state: 'none' };
  if (c.ownerContactedAt)
    return {
      state: 'met',
      dueAt,
      contactedAt: c.ownerContactedAt,
      late: c.ownerContactedAt > dueAt,
    };
  return now.toISOString() > dueAt ? { state: 'overdue', dueAt } : { state: 'open', dueAt };
}

export const REACHED = ['reached_owner_handles', 'reached_owner_agrees'] as const;
export const isReached = (outcome: ContactAttempt['outcome']) =>
  (REACHED as readonly string[]).includes(outcome);

type OwnerDetails = Pick<Owner, 'id' | 'phone' | 'email' | 'altContact' | 'active'>;
type Attempt = Pick<ContactAttempt, 'ownerId' | 'means' | 'outcome'>;

/** The means the registry gives for an owner: a phone number serves calls and SMS. */
export function meansAvailable(owner: OwnerDetails): ContactMeans[] {
  return [
    ...(owner.phone ? (['phone', 'sms'] as const) : []),
    ...(owner.email ? (['email'] as const) : []),
    ...(owner.altContact ? (['chat'] as const) : []),
  ];
}

export type OwnerTrial = {
  ownerId: number;
  failedAttempts: number;
  meansTried: ContactMeans[];
  attemptsNeeded: number;
  meansNeeded: number;
  enough: boolean;
};
export type UnreachableFinding =
  | { unreachable: true; reason: 'no_owner'; owners: [] }
  | { unreachable: true; reason: 'all_tried'; owners: OwnerTrial[] }
  | { unreachable: false; reason: 'reached' | 'not_all_tried'; owners: OwnerTrial[] };

/**
 * Article 2, exception 3: the owner is unreachable. Derived from the attempt log, never declared:
 * every registered (active) owner of the channel was tried at least `unreachableMinAttempts`
 * times without success, by at least two different means where the registry gives the owner
 * two. A channel without a registered owner is unreachable by definition.
 */
export function ownerUnreachable(
  owners: OwnerDetails[],
  attempts: Attempt[],
  rules: Rules,
): UnreachableFinding {
  const registered = owners.filter((o) => o.active);
  if (registered.length === 0) return { unreachable: true, reason: 'no_owner', owners: [] };
  const trials = registered.map((owner): OwnerTrial => {
    const failed = attempts.filter((a) => a.ownerId === owner.id && !isReached(a.outcome));
    const meansTried = [...new Set(failed.map((a) => a.means))];
    const meansNeeded = Math.min(2, meansAvailable(owner).length);
    const attemptsNeeded = rules.unreachableMinAttempts;
    return {
      ownerId: owner.id,
      failedAttempts: failed.length,
      meansTried,
      attemptsNeeded,
      meansNeeded,
      enough: failed.length >= attemptsNeeded && meansTried.length >= meansNeeded,
    };
  });
  const ids = new Set(registered.map((o) => o.id));
  if (attempts.some((a) => ids.has(a.ownerId) && isReached(a.outcome))) {
    return { unreachable: false, reason: 'reached', owners: trials };
  }
  return trials.every((t) => t.enough)
    ? { unreachable: true, reason: 'all_tried', owners: trials }
    : { unreachable: false, reason: 'not_all_tried', owners: trials };
}
