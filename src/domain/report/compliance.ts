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
  isReached,
  ownerContactDueAt,
  ownerContactObligation,
  ownerUnreachable,
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
      f.attempts
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

// Article 2, exception 3: "de beheerder is niet bereikbaar" — shown, before the takeover, by the
// attempt log as the takeover rule (ownerUnreachable) reads it: every registered owner tried
// often enough, by enough means.
export function unreachableTooFewAttempts(f: CaseFacts, rules: Rules): Finding | null {
  if (f.kase.basis !== 'owner_unreachable') return null;
  const until = f.kase.authorisedAt;
  const shown = ownerUnreachable(
    f.owners,
    f.attempts.filter((a) => !until || a.attemptedAt <= until),
    rules,
  );
  const short = shown.owners.filter((o) => !o.enough);
  if (!short.length) return null;
  const name = (id: number) => f.owners.find((o) => o.id === id)?.name ?? `#${id}`;
  return finding(
    f,
    'unreachable_too_few_attempts',
    {
      owners: short.map((o) => `${name(o.ownerId)} (${o.failedAttempts})`).join(', '),
      min: rules.unreachableMinAttempts,
    },
    seqsOf(f.events, 'case.contact_attempt', 'case.authorised'),
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

// Article 2 (decision rule "after"): every owner hears of every takeover.
export function ownerNotInformed(f: CaseFacts): Finding | null {
  if (!f.kase.authorisedAt) return null;
  const missing = takeoverNotices(f).filter((o) => !o.mine.some((n) => n.status === 'sent'));
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
    ownerNotInformed(f),
    ownerNotAcknowledged(f),
  ].filter((x): x is Finding => x !== null);
}

export function revealFindings(r: Reveal, crisis: Crisis | undefined): Finding[] {
  return [revealOutsideCrisis(r, crisis), revealWithoutReason(r)].filter(
    (x): x is Finding => x !== null,
  );
}
