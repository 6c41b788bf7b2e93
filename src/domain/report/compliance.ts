// Compliance findings: each checks one rule of Article 2 against what was recorded, and cites
// the audit events (by seq) that show it. Pure functions over facts the report gathered, so
// each rule reads on its own and is tested on its own.
import type {
  AuditEvent,
  channelActions,
  ContactAttempt,
  Crisis,
  Hold,
  Notification,
  Owner,
  TakeoverCase,
} from '../../../db/schema';
import {
  acuteDeadlineProblem,
  acuteStatus,
  article2Applies,
  isEvidence,
  isReached,
  ownerContactDueAt,
  ownerContactObligation,
  ownerUnreachable,
  type OwnerTrial,
  type Rules,
} from '../crisis/article2';

export type { Rules } from '../crisis/article2';
import type { AuditAction } from '../audit/trail';

export const FINDING_CODES = [
  'takeover_without_basis',
  'acted_before_authorisation',
  'acute_without_justification',
  'acute_deadline_too_long',
  'acute_message_late',
  'conflicting_owner_not_contacted',
  'conflicting_owner_contacted_late',
  'unreachable_too_few_attempts',
  'unreachable_too_fast',
  'attempt_time_implausible',
  'crisis_closed_with_override',
  'reveal_outside_crisis',
  'reveal_without_reason',
  'owner_not_informed',
  'owner_not_acknowledged',
  'takeover_outside_crisis',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

export type Finding = {
  code: FindingCode;
  crisisId: number | null;
  caseId: number | null;
  channelId: number | null;
  /** Facts for the message: numbers, names, ISO instants. */
  params: Record<string, string | number>;
  /** The audit events that show it. */
  seqs: number[];
};

export type CaseFacts = {
  kase: TakeoverCase;
  attempts: ContactAttempt[];
  holds: Hold[];
  actions: (typeof channelActions.$inferSelect)[];
  notifications: Notification[];
  /** The channel's registered owners, in order. */
  owners: Pick<Owner, 'id' | 'name' | 'phone' | 'email' | 'altContact' | 'active'>[];
  /** Audit events recorded for this case. */
  events: AuditEvent[];
};

const minutes = (from: string, to: string) =>
  Math.round((Date.parse(to) - Date.parse(from)) / 60000);
const earliest = (values: (string | null | undefined)[]) =>
  values.filter((v): v is string => !!v).sort()[0] ?? null;

/** The attempts that count: one recorded in error is shown in the report, judged by no rule. */
export const countedAttempts = (f: Pick<CaseFacts, 'attempts'>) => f.attempts.filter(isEvidence);

const seqsOf = (events: AuditEvent[], ...actions: AuditAction[]) =>
  events.filter((e) => actions.includes(e.action as AuditAction)).map((e) => e.seq);

function finding(
  f: CaseFacts,
  code: FindingCode,
  params: Finding['params'],
  seqs: number[],
): Finding {
  return {
    code,
    crisisId: f.kase.crisisId,
    caseId: f.kase.id,
    channelId: f.kase.channelId,
    params,
    seqs,
  };
}

/** When Communicatie first acted on the channel: authorisation, a hold, or a logged action. */
export function interventionAt(f: CaseFacts): string | null {
  return earliest([
    f.kase.authorisedAt,
    ...f.holds.map((h) => h.placedAt),
    ...f.actions.map((a) => a.actedAt),
  ]);
}

const isTakeover = (f: CaseFacts) =>
  !!f.kase.authorisedAt ||
  f.actions.length > 0 ||
  f.kase.state === 'active' ||
  f.kase.state === 'handed_back';

// Article 2: Communicatie intervenes only on one of the grounds the article names.
export function takeoverWithoutBasis(f: CaseFacts): Finding | null {
  if (!isTakeover(f) || f.kase.basis) return null;
  return finding(
    f,
    'takeover_without_basis',
    {},
    seqsOf(f.events, 'case.authorised', 'case.action_logged'),
  );
}

// Article 2: "eerst contact opgenomen met de beheerder, alvorens in te grijpen" — nothing is
// done on the channel before the takeover was authorised on a basis.
export function actedBeforeAuthorisation(f: CaseFacts): Finding | null {
  const early = f.actions.filter((a) => !f.kase.authorisedAt || a.actedAt < f.kase.authorisedAt);
  if (!early.length) return null;
  return finding(
    f,
    'acted_before_authorisation',
    { count: early.length, at: earliest(early.map((a) => a.actedAt))! },
    seqsOf(f.events, 'case.action_logged', 'case.authorised'),
  );
}

// Article 2, exception 1: an acute situation is one in which something must be said within the
// hour, and the record must say why.
export function acuteWithoutJustification(f: CaseFacts): Finding | null {
  if (f.kase.basis !== 'acute' || f.kase.acuteJustification?.trim()) return null;
  return finding(f, 'acute_without_justification', {}, seqsOf(f.events, 'case.authorised'));
}

// Article 2, exception 1: "binnen het uur" — the deadline lies at most an hour after the decision.
export function acuteDeadlineTooLong(f: CaseFacts, rules: Rules): Finding | null {
  const k = f.kase;
  if (k.basis !== 'acute') return null;
  const decided = k.authorisedAt ?? k.createdAt;
  if (
    k.acuteDeadline &&
    acuteDeadlineProblem(new Date(k.acuteDeadline), new Date(decided), rules) !==
      'case.acute.deadlineTooLate'
  )
    return null;
  return finding(
    f,
    'acute_deadline_too_long',
    {
      minutes: k.acuteDeadline ? minutes(decided, k.acuteDeadline) : '—',
      max: rules.acuteMaxMinutes,
    },
    seqsOf(f.events, 'case.authorised'),
  );
}

// Article 2, exception 1: the message that made it acute went out before its deadline.
export function acuteMessageLate(f: CaseFacts, now: Date): Finding | null {
  const status = acuteStatus(f.kase, now);
  if (status.state !== 'missed' && !(status.state === 'sent' && !status.beforeDeadline))
    return null;
  return finding(
    f,
    'acute_message_late',
    { deadline: status.deadline, sent: f.kase.acuteMessageSentAt ?? '—' },
    seqsOf(f.events, 'case.authorised', 'case.acute_message_sent'),
  );
}

/** Exception 2: the owner contact after the hold — due by ownerContactDueAt, met by the first owner reached. */
function conflictingContact(f: CaseFacts, rules: Rules, now: Date) {
  const firstHold =
    earliest(f.holds.map((h) => h.placedAt)) ?? f.kase.authorisedAt ?? f.kase.createdAt;
  const due =
    f.kase.ownerContactDueAt ?? ownerContactDueAt(new Date(firstHold), rules).toISOString();
  const contacted =
    f.kase.ownerContactedAt ??
    earliest(
      countedAttempts(f)
        .filter((a) => isReached(a.outcome) && a.attemptedAt >= firstHold)
        .map((a) => a.attemptedAt),
    );
  return ownerContactObligation({ ownerContactDueAt: due, ownerContactedAt: contacted }, now);
}

const conflictingSeqs = (f: CaseFacts) =>
  seqsOf(f.events, 'hold.placed', 'case.owner_contact_logged', 'case.contact_attempt');

// Article 2, exception 2: conflicting information is taken offline or held "en contacteert
// vervolgens de beheerder" — the owner contact must follow.
export function conflictingOwnerNotContacted(
  f: CaseFacts,
  rules: Rules,
  now: Date,
): Finding | null {
  if (f.kase.basis !== 'conflicting_information') return null;
  const contact = conflictingContact(f, rules, now);
  if (contact.state !== 'overdue') return null;
  return finding(f, 'conflicting_owner_not_contacted', { due: contact.dueAt }, conflictingSeqs(f));
}

// Article 2, exception 2: the owner contact follows the hold promptly (by ownerContactDueAt).
export function conflictingOwnerContactedLate(
  f: CaseFacts,
  rules: Rules,
  now: Date,
): Finding | null {
  if (f.kase.basis !== 'conflicting_information') return null;
  const contact = conflictingContact(f, rules, now);
  if (contact.state !== 'met' || !contact.late) return null;
  const { dueAt: due, contactedAt: contacted } = contact;
  return finding(
    f,
    'conflicting_owner_contacted_late',
    { due, contacted, minutes: minutes(due, contacted) },
    conflictingSeqs(f),
  );
}

type RecordedVerdict = {
  finding?: string;
  owners?: (Partial<OwnerTrial> & { ownerId: number; ownerName?: string })[];
  chain?: { ownerId: number; ownerName: string }[];
};

/** The `case.authorised` event of an owner_unreachable takeover, as it was recorded. */
function unreachableEvidence(f: CaseFacts): { seq: number; details: RecordedVerdict } | null {
  for (const e of f.events) {
    if (e.action !== 'case.authorised') continue;
    const details = JSON.parse(e.details) as RecordedVerdict & { basis?: string };
    if (details.basis === 'owner_unreachable') return { seq: e.seq, details };
  }
  return null;
}

/**
 * The verdict on the owner chain as it stood when the basis was granted. Since the pacing rule,
 * the takeover records the verdict of ownerUnreachable with the chain it judged: that verdict is
 * the answer. Older events name only the people tried: the one rule is run again on those
 * people (never on owners added to the channel since), and now also checks the pacing.
 */
function unreachableVerdict(f: CaseFacts, rules: Rules) {
  const evidence = unreachableEvidence(f);
  const recorded = evidence?.details;
  if (recorded?.chain && recorded.owners) {
    const short = recorded.owners.filter((o) => o.enough === false);
    return { short, tooSoon: recorded.finding === 'too_soon', names: recorded.chain };
  }
  const ids = recorded?.owners ? new Set(recorded.owners.map((o) => o.ownerId)) : null;
  const chain = ids ? f.owners.filter((o) => ids.has(o.id)) : f.owners;
  const until = f.kase.authorisedAt;
  const shown = ownerUnreachable(
    chain,
    countedAttempts(f).filter((a) => !until || a.attemptedAt <= until),
    rules,
  );
  return {
    short: shown.owners.filter((o) => !o.enough),
    tooSoon: shown.reason === 'too_soon',
    names: [
      ...(recorded?.owners ?? []).map((o) => ({
        ownerId: o.ownerId,
        ownerName: o.ownerName ?? '',
      })),
      ...chain.map((o) => ({ ownerId: o.id, ownerName: o.name })),
    ],
    pacing: shown.reason === 'too_soon' ? shown.pacing : null,
  };
}

// Article 2, exception 3: "de beheerder is niet bereikbaar" — shown, before the takeover, by the
// attempt log as the takeover rule (ownerUnreachable) read it: every person of the chain as it
// stood tried often enough, by enough means.
export function unreachableTooFewAttempts(f: CaseFacts, rules: Rules): Finding | null {
  if (f.kase.basis !== 'owner_unreachable') return null;
  const verdict = unreachableVerdict(f, rules);
  if (!verdict.short.length) return null;
  const name = (id: number) => verdict.names.find((o) => o.ownerId === id)?.ownerName || `#${id}`;
  return finding(
    f,
    'unreachable_too_few_attempts',
    {
      owners: verdict.short.map((o) => `${name(o.ownerId)} (${o.failedAttempts ?? 0})`).join(', '),
      min: rules.unreachableMinAttempts,
    },
    seqsOf(f.events, 'case.contact_attempt', 'case.authorised'),
  );
}

// Article 2, exception 3: unreachable after the chain was given time to answer — the failed
// attempts span the escalation step time per person beyond the first. Only takeovers recorded
// before the console enforced this can show it.
export function unreachableTooFast(f: CaseFacts, rules: Rules): Finding | null {
  if (f.kase.basis !== 'owner_unreachable') return null;
  const verdict = unreachableVerdict(f, rules);
  if (!verdict.tooSoon || verdict.short.length) return null;
  return finding(
    f,
    'unreachable_too_fast',
    { span: verdict.pacing?.spanMinutes ?? 0, needed: verdict.pacing?.neededMinutes ?? 0 },
    seqsOf(f.events, 'case.contact_attempt', 'case.authorised'),
  );
}

// Article 2, default: the attempt log is the evidence. A time typed before the crisis started,
// or earlier than the attempt logged before it, is not what happened in that order.
export function attemptTimeImplausible(f: CaseFacts, crisis: Crisis): Finding | null {
  const logged = countedAttempts(f).sort((a, b) => a.id - b.id);
  const odd = logged.filter(
    (a, i) =>
      a.attemptedAt < crisis.startedAt || (i > 0 && a.attemptedAt < logged[i - 1]!.attemptedAt),
  );
  if (!odd.length) return null;
  return finding(
    f,
    'attempt_time_implausible',
    { count: odd.length, at: odd[0]!.attemptedAt },
    seqsOf(f.events, 'case.contact_attempt'),
  );
}

/** The takeover notifications per owner who had to receive one. */
function takeoverNotices(f: CaseFacts) {
  const notices = f.notifications.filter((n) => n.event === 'takeover_authorised');
  const ids = notices.length
    ? [...new Set(notices.map((n) => n.ownerId))]
    : f.owners.map((o) => o.id);
  const name = (id: number) => f.owners.find((o) => o.id === id)?.name ?? `#${id}`;
  return ids.map((id) => ({ id, name: name(id), mine: notices.filter((n) => n.ownerId === id) }));
}

const noticeSeqs = (f: CaseFacts) =>
  seqsOf(
    f.events,
    'case.authorised',
    'notification.sent',
    'notification.failed',
    'notification.acknowledged',
  );

/** An owner who acknowledged on /mine was informed, whatever the e-mail did. */
const informed = (n: Notification) => n.status === 'sent' || !!n.acknowledgedAt;

/** A notice still queued (no SMTP yet, or retrying) is pending for `noticePendingMinutes`. */
const pending = (n: Notification, rules: Rules, now: Date) =>
  n.status === 'queued' &&
  Date.parse(n.createdAt) + rules.noticePendingMinutes * 60_000 > now.getTime();

/** An owner who agreed on the phone, or was reached once the takeover ran, heard of it in person. */
const toldInPerson = (f: CaseFacts, ownerId: number) =>
  countedAttempts(f).some(
    (a) =>
      a.ownerId === ownerId &&
      (a.outcome === 'reached_owner_agrees' ||
        (isReached(a.outcome) && !!f.kase.authorisedAt && a.attemptedAt >= f.kase.authorisedAt)),
  );

// Article 2 (decision rule "after"): every owner hears of every takeover.
export function ownerNotInformed(f: CaseFacts, rules: Rules, now: Date): Finding | null {
  if (!f.kase.authorisedAt) return null;
  const missing = takeoverNotices(f).filter(
    (o) =>
      !o.mine.some(informed) &&
      !o.mine.some((n) => pending(n, rules, now)) &&
      !toldInPerson(f, o.id),
  );
  if (!missing.length) return null;
  return finding(
    f,
    'owner_not_informed',
    { owners: missing.map((o) => o.name).join(', ') },
    noticeSeqs(f),
  );
}

// Article 2 (decision rule "after"): an informed owner acknowledges the takeover.
export function ownerNotAcknowledged(f: CaseFacts): Finding | null {
  if (!f.kase.authorisedAt) return null;
  const missing = takeoverNotices(f).filter(
    (o) => o.mine.some((n) => n.status === 'sent') && !o.mine.some((n) => n.acknowledgedAt),
  );
  if (!missing.length) return null;
  return finding(
    f,
    'owner_not_acknowledged',
    { owners: missing.map((o) => o.name).join(', ') },
    noticeSeqs(f),
  );
}

/** article2Applies to the crisis as it stood at `at`: cell convened by then, not yet closed. */
export function crisisAllowedAt(crisis: Crisis, at: string): boolean {
  if (crisis.startedAt > at) return false;
  const then: Crisis = {
    ...crisis,
    status: crisis.closedAt && crisis.closedAt <= at ? 'closed' : 'open',
    crisisCellConvenedAt:
      crisis.crisisCellConvenedAt && crisis.crisisCellConvenedAt <= at
        ? crisis.crisisCellConvenedAt
        : null,
  };
  return article2Applies(then).open;
}

// Article 2, last paragraph: "Deze regel geldt enkel bij grote crisissen of crisissen met een
// grote impact waarbij de crisiscel betrokken is."
export function takeoverOutsideCrisis(
  f: CaseFacts,
  crisis: Crisis,
  crisisEvents: AuditEvent[],
): Finding | null {
  const at = interventionAt(f);
  if (!at || crisisAllowedAt(crisis, at)) return null;
  return finding(
    f,
    'takeover_outside_crisis',
    { at },
    [
      ...seqsOf(crisisEvents, 'crisis.declared', 'crisis.cell_recorded', 'crisis.closed'),
      ...seqsOf(f.events, 'case.authorised', 'hold.placed', 'case.action_logged'),
    ].sort((a, b) => a - b),
  );
}

// Article 2: every takeover ends by handing the channel back, every hold by its release.
// Closing the crisis with either still open is allowed with a reason, and reported.
export function crisisClosedWithOverride(
  crisis: Crisis,
  crisisEvents: AuditEvent[],
): Finding | null {
  if (!crisis.closeOverrideReason) return null;
  return {
    code: 'crisis_closed_with_override',
    crisisId: crisis.id,
    caseId: null,
    channelId: null,
    params: { at: crisis.closedAt ?? '', reason: crisis.closeOverrideReason },
    seqs: seqsOf(crisisEvents, 'crisis.closed'),
  };
}

export type Reveal = { event: AuditEvent; crisisId: number | null; reason: string };

/** A `credentials.revealed` event as the vault records it (details: crisisId, reason). */
export function readReveal(event: AuditEvent): Reveal {
  let d: { crisisId?: unknown; reason?: unknown } = {};
  try {
    d = JSON.parse(event.details) as typeof d;
  } catch {
    /* details are always JSON */
  }
  const crisisId = typeof d.crisisId === 'number' ? d.crisisId : event.crisisId;
  return {
    event,
    crisisId: crisisId ?? null,
    reason: typeof d.reason === 'string' ? d.reason.trim() : '',
  };
}

const revealFinding = (r: Reveal, code: FindingCode, params: Finding['params'] = {}): Finding => ({
  code,
  crisisId: r.crisisId,
  caseId: r.event.caseId,
  channelId: r.event.channelId,
  params: { at: r.event.at, ...params },
  seqs: [r.event.seq],
});

// Article 2 and its footnote: Communicatie holds login details to use the channels in a
// crisis — a crisis in which the crisis cell is involved.
export function revealOutsideCrisis(r: Reveal, crisis: Crisis | undefined): Finding | null {
  if (crisis && crisisAllowedAt(crisis, r.event.at)) return null;
  return revealFinding(r, 'reveal_outside_crisis');
}

// Article 2: each use of the login details is accounted for; a reveal records why.
export function revealWithoutReason(r: Reveal): Finding | null {
  return r.reason ? null : revealFinding(r, 'reveal_without_reason');
}

/** Every case rule, in the order the report lists them. */
export function caseFindings(
  f: CaseFacts,
  crisis: Crisis,
  crisisEvents: AuditEvent[],
  rules: Rules,
  now: Date,
): Finding[] {
  return [
    takeoverOutsideCrisis(f, crisis, crisisEvents),
    takeoverWithoutBasis(f),
    actedBeforeAuthorisation(f),
    acuteWithoutJustification(f),
    acuteDeadlineTooLong(f, rules),
    acuteMessageLate(f, now),
    conflictingOwnerNotContacted(f, rules, now),
    conflictingOwnerContactedLate(f, rules, now),
    unreachableTooFewAttempts(f, rules),
    unreachableTooFast(f, rules),
    attemptTimeImplausible(f, crisis),
    ownerNotInformed(f, rules, now),
    ownerNotAcknowledged(f),
  ].filter((x): x is Finding => x !== null);
}

export function revealFindings(r: Reveal, crisis: Crisis | undefined): Finding[] {
  return [revealOutsideCrisis(r, crisis), revealWithoutReason(r)].filter(
    (x): x is Finding => x !== null,
  );
}
