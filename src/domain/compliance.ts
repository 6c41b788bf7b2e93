// Compliance findings: each checks one rule of Article 2 against what was recorded, and cites
// the audit events (by seq) that show it. Pure functions over facts the report gathered, so
// each rule reads on its own and is tested on its own.
import type {
  AuditEvent, channelActions, ContactAttempt, Crisis, Hold, Notification, TakeoverCase,
} from '../../db/schema';
import { article2Applies } from './article2';
import type { AuditAction } from './audit';

export type Rules = { acuteMaxMinutes: number; ownerContactDueMinutes: number; unreachableMinAttempts: number };

export const FINDING_CODES = [
  'takeover_without_basis', 'acted_before_authorisation', 'acute_without_justification',
  'acute_deadline_too_long', 'acute_message_late', 'conflicting_owner_not_contacted',
  'conflicting_owner_contacted_late', 'unreachable_too_few_attempts', 'reveal_outside_crisis',
  'reveal_without_reason', 'owner_not_informed', 'owner_not_acknowledged', 'takeover_outside_crisis',
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
  owners: { id: number; name: string }[];
  /** Audit events recorded for this case. */
  events: AuditEvent[];
};

const REACHED = new Set(['reached_owner_handles', 'reached_owner_agrees']);
const minutes = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 60000);
const earliest = (values: (string | null | undefined)[]) =>
  values.filter((v): v is string => !!v).sort()[0] ?? null;

const seqsOf = (events: AuditEvent[], ...actions: AuditAction[]) =>
  events.filter((e) => actions.includes(e.action as AuditAction)).map((e) => e.seq);

function finding(f: CaseFacts, code: FindingCode, params: Finding['params'], seqs: number[]): Finding {
  return { code, crisisId: f.kase.crisisId, caseId: f.kase.id, channelId: f.kase.channelId, params, seqs };
}

/** When Communicatie first acted on the channel: authorisation, a hold, or a logged action. */
export function interventionAt(f: CaseFacts): string | null {
  return earliest([f.kase.authorisedAt, ...f.holds.map((h) => h.placedAt), ...f.actions.map((a) => a.actedAt)]);
}

const isTakeover = (f: CaseFacts) => !!f.kase.authorisedAt || f.actions.length > 0
  || f.kase.state === 'active' || f.kase.state === 'handed_back';

// Article 2: Communicatie intervenes only on one of the grounds the article names.
export function takeoverWithoutBasis(f: CaseFacts): Finding | null {
  if (!isTakeover(f) || f.kase.basis) return null;
  return finding(f, 'takeover_without_basis', {}, seqsOf(f.events, 'case.authorised', 'case.action_logged'));
}

// Article 2: "eerst contact opgenomen met de beheerder, alvorens in te grijpen" — nothing is
// done on the channel before the takeover was authorised on a basis.
export function actedBeforeAuthorisation(f: CaseFacts): Finding | null {
  const early = f.actions.filter((a) => !f.kase.authorisedAt || a.actedAt < f.kase.authorisedAt);
  if (!early.length) return null;
  return finding(f, 'acted_before_authorisation', { count: early.length, at: earliest(early.map((a) => a.actedAt))! },
    seqsOf(f.events, 'case.action_logged', 'case.authorised'));
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
  const span = k.acuteDeadline ? minutes(decided, k.acuteDeadline) : null;
  if (span !== null && span <= rules.acuteMaxMinutes) return null;
  return finding(f, 'acute_deadline_too_long', { minutes: span ?? '—', max: rules.acuteMaxMinutes },
    seqsOf(f.events, 'case.authorised'));
}

// Article 2, exception 1: the message that made it acute went out before its deadline.
export function acuteMessageLate(f: CaseFacts, now: Date): Finding | null {
  const k = f.kase;
  if (k.basis !== 'acute' || !k.acuteDeadline) return null;
  const sent = k.acuteMessageSentAt;
  if (sent ? sent <= k.acuteDeadline : now.toISOString() <= k.acuteDeadline) return null;
  return finding(f, 'acute_message_late', { deadline: k.acuteDeadline, sent: sent ?? '—' },
    seqsOf(f.events, 'case.authorised', 'case.acute_message_sent'));
}

/** Exception 2: when the owner contact had to follow, and when it did. */
function conflictingContact(f: CaseFacts, rules: Rules) {
  const firstHold = earliest(f.holds.map((h) => h.placedAt)) ?? f.kase.authorisedAt ?? f.kase.createdAt;
  const due = f.kase.ownerContactDueAt
    ?? new Date(Date.parse(firstHold) + rules.ownerContactDueMinutes * 60000).toISOString();
  const contacted = f.kase.ownerContactedAt
    ?? earliest(f.attempts.filter((a) => REACHED.has(a.outcome) && a.attemptedAt >= firstHold).map((a) => a.attemptedAt));
  return { due, contacted };
}

const conflictingSeqs = (f: CaseFacts) =>
  seqsOf(f.events, 'hold.placed', 'case.owner_contact_logged', 'case.contact_attempt');

// Article 2, exception 2: conflicting information is taken offline or held "en contacteert
// vervolgens de beheerder" — the owner contact must follow.
export function conflictingOwnerNotContacted(f: CaseFacts, rules: Rules, now: Date): Finding | null {
  if (f.kase.basis !== 'conflicting_information') return null;
  const { due, contacted } = conflictingContact(f, rules);
  if (contacted || now.toISOString() <= due) return null;
  return finding(f, 'conflicting_owner_not_contacted', { due }, conflictingSeqs(f));
}

// Article 2, exception 2: the owner contact follows the hold promptly (by ownerContactDueAt).
export function conflictingOwnerContactedLate(f: CaseFacts, rules: Rules): Finding | null {
  if (f.kase.basis !== 'conflicting_information') return null;
  const { due, contacted } = conflictingContact(f, rules);
  if (!contacted || contacted <= due) return null;
  return finding(f, 'conflicting_owner_contacted_late', { due, contacted, minutes: minutes(due, contacted) }, conflictingSeqs(f));
}

// Article 2, exception 3: "de beheerder is niet bereikbaar" — shown by failed attempts on every
// registered owner, at least the configured number each, before the takeover.
export function unreachableTooFewAttempts(f: CaseFacts, rules: Rules): Finding | null {
  if (f.kase.basis !== 'owner_unreachable') return null;
  const until = f.kase.authorisedAt;
  const short = f.owners.map((o) => ({
    name: o.name,
    tries: f.attempts.filter((a) => a.ownerId === o.id && !REACHED.has(a.outcome) && (!until || a.attemptedAt <= until)).length,
  })).filter((o) => o.tries < rules.unreachableMinAttempts);
  if (!short.length) return null;
  return finding(f, 'unreachable_too_few_attempts', {
    owners: short.map((o) => `${o.name} (${o.tries})`).join(', '), min: rules.unreachableMinAttempts,
  }, seqsOf(f.events, 'case.contact_attempt', 'case.authorised'));
}

/** The takeover notifications per owner who had to receive one. */
function takeoverNotices(f: CaseFacts) {
  const notices = f.notifications.filter((n) => n.event === 'takeover_authorised');
  const ids = notices.length ? [...new Set(notices.map((n) => n.ownerId))] : f.owners.map((o) => o.id);
  const name = (id: number) => f.owners.find((o) => o.id === id)?.name ?? `#${id}`;
  return ids.map((id) => ({ id, name: name(id), mine: notices.filter((n) => n.ownerId === id) }));
}

const noticeSeqs = (f: CaseFacts) => seqsOf(f.events, 'case.authorised', 'notification.sent', 'notification.failed', 'notification.acknowledged');

// Article 2 (decision rule "after"): every owner hears of every takeover.
export function ownerNotInformed(f: CaseFacts): Finding | null {
  if (!f.kase.authorisedAt) return null;
  const missing = takeoverNotices(f).filter((o) => !o.mine.some((n) => n.status === 'sent'));
  if (!missing.length) return null;
  return finding(f, 'owner_not_informed', { owners: missing.map((o) => o.name).join(', ') }, noticeSeqs(f));
}

// Article 2 (decision rule "after"): an informed owner acknowledges the takeover.
export function ownerNotAcknowledged(f: CaseFacts): Finding | null {
  if (!f.kase.authorisedAt) return null;
  const missing = takeoverNotices(f)
    .filter((o) => o.mine.some((n) => n.status === 'sent') && !o.mine.some((n) => n.acknowledgedAt));
  if (!missing.length) return null;
  return finding(f, 'owner_not_acknowledged', { owners: missing.map((o) => o.name).join(', ') }, noticeSeqs(f));
}

/** article2Applies to the crisis as it stood at `at`: cell convened by then, not yet closed. */
export function crisisAllowedAt(crisis: Crisis, at: string): boolean {
  if (crisis.startedAt > at) return false;
  const then: Crisis = {
    ...crisis,
    status: crisis.closedAt && crisis.closedAt <= at ? 'closed' : 'open',
    crisisCellConvenedAt: crisis.crisisCellConvenedAt && crisis.crisisCellConvenedAt <= at ? crisis.crisisCellConvenedAt : null,
  };
  return article2Applies(then).open;
}

// Article 2, last paragraph: "Deze regel geldt enkel bij grote crisissen of crisissen met een
// grote impact waarbij de crisiscel betrokken is."
export function takeoverOutsideCrisis(f: CaseFacts, crisis: Crisis, crisisEvents: AuditEvent[]): Finding | null {
  const at = interventionAt(f);
  if (!at || crisisAllowedAt(crisis, at)) return null;
  return finding(f, 'takeover_outside_crisis', { at }, [
    ...seqsOf(crisisEvents, 'crisis.declared', 'crisis.cell_recorded', 'crisis.closed'),
    ...seqsOf(f.events, 'case.authorised', 'hold.placed', 'case.action_logged'),
  ].sort((a, b) => a - b));
}

export type Reveal = { event: AuditEvent; crisisId: number | null; reason: string };

/** A `credentials.revealed` event as the vault records it (details: crisisId, reason). */
export function readReveal(event: AuditEvent): Reveal {
  let d: { crisisId?: unknown; reason?: unknown } = {};
  try { d = JSON.parse(event.details) as typeof d; } catch { /* details are always JSON */ }
  const crisisId = typeof d.crisisId === 'number' ? d.crisisId : event.crisisId;
  return { event, crisisId: crisisId ?? null, reason: typeof d.reason === 'string' ? d.reason.trim() : '' };
}

const revealFinding = (r: Reveal, code: FindingCode, params: Finding['params'] = {}): Finding => ({
  code, crisisId: r.crisisId, caseId: r.event.caseId, channelId: r.event.channelId, params: { at: r.event.at, ...params }, seqs: [r.event.seq],
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
export function caseFindings(f: CaseFacts, crisis: Crisis, crisisEvents: AuditEvent[], rules: Rules, now: Date): Finding[] {
  return [
    takeoverOutsideCrisis(f, crisis, crisisEvents),
    takeoverWithoutBasis(f),
    actedBeforeAuthorisation(f),
    acuteWithoutJustification(f),
    acuteDeadlineTooLong(f, rules),
    acuteMessageLate(f, now),
    conflictingOwnerNotContacted(f, rules, now),
    conflictingOwnerContactedLate(f, rules),
    unreachableTooFewAttempts(f, rules),
    ownerNotInformed(f),
    ownerNotAcknowledged(f),
  ].filter((x): x is Finding => x !== null);
}

export function revealFindings(r: Reveal, crisis: Crisis | undefined): Finding[] {
  return [revealOutsideCrisis(r, crisis), revealWithoutReason(r)].filter((x): x is Finding => x !== null);
}
