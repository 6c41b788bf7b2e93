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

/**
 * Article 2, last paragraph: the crisis cell is involved in this crisis, so it convened around
 * its start; a convening weeks before the start is a typing error that would open the gate early.
 */
export function crisisCellTimeProblem(
  convenedAt: Date,
  startedAt: Date,
  rules: Pick<Rules, 'cellBeforeStartHours' | 'cellAfterStartHours'>,
): MessageKey | null {
  const hours = (convenedAt.getTime() - startedAt.getTime()) / 3_600_000;
  if (hours < -rules.cellBeforeStartHours) return 'crisis.cell.tooEarly';
  if (hours > rules.cellAfterStartHours) return 'crisis.cell.tooLate';
  return null;
}

const normalise = (s: string) =>
  s
    .toLocaleLowerCase('nl')
    .replace(/[\s.,;:!?'"()-]+/g, ' ')
    .trim();

/** The shortest text that can say why: as many letters or digits as the reveal reason needs. */
export const MIN_REASON_CHARS = 10;

/**
 * A written reason is a sentence, not a tap: at least MIN_REASON_CHARS characters after trimming,
 * and not only punctuation ("x" or "..........." says nothing in the record).
 */
export const isRealReason = (text: string) =>
  text.trim().length >= MIN_REASON_CHARS && /[\p{L}\p{N}]/u.test(text);

/**
 * Article 2, exception 1 (acute): "something must be communicated within the hour" has to be
 * written down. An empty text, a word or a copy of the crisis title says nothing about this channel.
 */
export function acuteJustificationProblem(
  justification: string,
  crisisTitle: string,
): MessageKey | null {
  const text = normalise(justification);
  if (!text) return 'case.acute.justificationRequired';
  if (text === normalise(crisisTitle)) return 'case.acute.justificationIsTitle';
  if (!isRealReason(justification)) return 'case.acute.justificationTooShort';
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

/**
 * An attempt that did not reach the person: evidence toward "owner unreachable". A contact
 * request still awaiting its answer is not (yet), nor is an owner asking to be called back.
 */
export const FAILED = ['no_answer', 'voicemail', 'wrong_number', 'not_delivered'] as const;
export const isFailed = (outcome: ContactAttempt['outcome']) =>
  (FAILED as readonly string[]).includes(outcome);

type OwnerDetails = Pick<Owner, 'id' | 'phone' | 'email' | 'altContact' | 'active'>;
export type Attempt = Pick<ContactAttempt, 'ownerId' | 'means' | 'outcome' | 'attemptedAt'> &
  Partial<Pick<ContactAttempt, 'correctedAt'>>;

/**
 * An attempt "recorded in error" stays in the record but is no evidence: no rule of Article 2
 * (unreachable, pacing, the next step, a met owner contact) counts it.
 */
export const isEvidence = (a: Partial<Pick<ContactAttempt, 'correctedAt'>>) => !a.correctedAt;

/** The means the registry gives for an owner: a phone number serves calls and SMS. */
export function meansAvailable(owner: OwnerDetails): ContactMeans[] {
  return [
    ...(owner.phone ? (['phone', 'sms'] as const) : []),
    ...(owner.email ? (['email'] as const) : []),
    ...(owner.altContact ? (['chat'] as const) : []),
  ];
}

/** What an attempt may use: the registry's means, and going to the person, which needs none. */
export const meansOffered = (owner: OwnerDetails): ContactMeans[] => [
  ...meansAvailable(owner),
  'in_person',
];

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
  | { unreachable: true; reason: 'all_tried'; owners: OwnerTrial[]; pacing: Pacing | null }
  | { unreachable: false; reason: 'reached' | 'not_all_tried'; owners: OwnerTrial[] }
  | { unreachable: false; reason: 'too_soon'; owners: OwnerTrial[]; pacing: Pacing };

/** How far apart the chain's failed attempts lie, against the step time the chain needs. */
export type Pacing = {
  firstAt: string;
  lastAt: string;
  spanMinutes: number;
  neededMinutes: number;
  /** From this moment a further failed attempt completes the span. */
  readyAt: string;
};

const MINUTE = 60_000;

/** The chain's failed attempts must span the escalation step time per person beyond the first. */
export function chainPacing(
  people: number,
  failedTimes: string[],
  rules: Pick<Rules, 'escalationStepMinutes'>,
): Pacing | null {
  const sorted = [...failedTimes].sort();
  const firstAt = sorted[0];
  const lastAt = sorted.at(-1);
  if (!firstAt || !lastAt) return null;
  const neededMinutes = Math.max(0, people - 1) * rules.escalationStepMinutes;
  return {
    firstAt,
    lastAt,
    spanMinutes: Math.floor((Date.parse(lastAt) - Date.parse(firstAt)) / MINUTE),
    neededMinutes,
    readyAt: new Date(Date.parse(firstAt) + neededMinutes * MINUTE).toISOString(),
  };
}

/**
 * Article 2, exception 3: the owner is unreachable. Derived from the attempt log, never declared:
 * every registered (active) person of the chain was tried at least `unreachableMinAttempts`
 * times without success, by at least two different means where the registry gives two, and the
 * failed attempts span the escalation step time per person beyond the first (four taps in one
 * minute show nobody was given time to answer). A channel without a registered owner is
 * unreachable by definition. The takeover records this verdict; the report reads it back.
 */
export function ownerUnreachable(
  owners: OwnerDetails[],
  attempts: Attempt[],
  rules: Rules,
): UnreachableFinding {
  const registered = owners.filter((o) => o.active);
  if (registered.length === 0) return { unreachable: true, reason: 'no_owner', owners: [] };
  const ids = new Set(registered.map((o) => o.id));
  const evidence = attempts.filter(isEvidence);
  const failedOfChain = evidence.filter((a) => ids.has(a.ownerId) && isFailed(a.outcome));
  const trials = registered.map((owner): OwnerTrial => {
    const failed = failedOfChain.filter((a) => a.ownerId === owner.id);
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
  if (evidence.some((a) => ids.has(a.ownerId) && isReached(a.outcome))) {
    return { unreachable: false, reason: 'reached', owners: trials };
  }
  if (!trials.every((t) => t.enough))
    return { unreachable: false, reason: 'not_all_tried', owners: trials };
  const pacing = chainPacing(
    registered.length,
    failedOfChain.map((a) => a.attemptedAt),
    rules,
  );
  return !pacing || pacing.spanMinutes >= pacing.neededMinutes
    ? { unreachable: true, reason: 'all_tried', owners: trials, pacing }
    : { unreachable: false, reason: 'too_soon', owners: trials, pacing };
}

/**
 * Article 2, exception 2: the owner contact a hold owes is still owed once the crisis has closed,
 * so it can be logged late rather than never (and nothing else can: no new takeover).
 */
export const owesOwnerContactAfterCrisis = (s: {
  crisis: Pick<Crisis, 'status'>;
  kase: Pick<TakeoverCase, 'state' | 'ownerContactDueAt' | 'ownerContactedAt'>;
}): boolean =>
  s.crisis.status === 'closed' &&
  s.kase.state !== 'contacting' &&
  !!s.kase.ownerContactDueAt &&
  !s.kase.ownerContactedAt;
