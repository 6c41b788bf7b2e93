// The Article 2 takeover walk-through per channel, as an explicit state machine:
//
//   contacting ──reached, owner agrees──────────────▶ active (basis owner_contacted)
//   contacting ──acute: justification + deadline───▶ active (basis acute)
//   contacting ──conflicting post + hold───────────▶ active (basis conflicting_information)
//   contacting ──attempt log shows unreachable─────▶ active (basis owner_unreachable)
//   contacting ──reached, owner handles it─────────▶ owner_handles (closed, no takeover)
//   active     ──hand back with a note─────────────▶ handed_back (closed)
//
// One exported function per transition; each is one transaction with its audit event, an
// optimistic version check and the owners' notices (case-step.ts). Any other move is refused.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import {
  channelActions,
  contactAttempts,
  holds,
  ACTION_KINDS,
  type ContactAttempt,
  type ContactMeans,
  type ContactOutcome,
  type Hold,
  type TakeoverCase,
} from '../../../db/schema';
import {
  article2Applies,
  acuteDeadlineProblem,
  acuteJustificationProblem,
  isReached,
  meansAvailable,
  owesOwnerContactAfterCrisis,
  meansOffered,
  ownerContactDueAt,
  ownerUnreachable,
  type Rules,
} from './article2';
import type { Actor } from '../audit/trail';
import {
  advance,
  caseEvent,
  caseStep,
  conflict,
  invalid,
  notifyOwners,
  type CaseRef,
  type Step,
} from './case-step';
import { iso, prepared, type Db } from '../lib/db';
import { escalationChain } from './escalation';
import { holdFacts, holdInputProblem, insertHold, type HoldInput } from './holds';
import { fail, ok, type Result } from '../lib/result';

export type { CaseRef } from './case-step';

export type AttemptInput = CaseRef & {
  ownerId: number;
  means: ContactMeans;
  outcome: ContactOutcome | 'callback_requested';
  /**
   * The contact request's attempt this answers (the owner's one-tap answer, contact-answer.ts):
   * its outcome becomes this one instead of a new attempt being logged.
   */
  answers?: number;
  /** When the attempt was made; defaults to now. */
  attemptedAt?: Date | null;
  note?: string;
  /**
   * The page's second tap on "reached, agrees": false when a form sent the authorising outcome
   * unconfirmed (the case page then asks again). The API, whose callers are programs, omits it.
   */
  confirmed?: boolean;
};

/** What an attempt did to the case: nothing more than logging, or a transition. */
export type AttemptEffect = 'logged' | 'authorised' | 'owner_handles';

export type ChannelActionKind = (typeof ACTION_KINDS)[number];

const attemptsOf = (db: Db, caseId: number) =>
  db
    .select()
    .from(contactAttempts)
    .where(eq(contactAttempts.caseId, caseId))
    .orderBy(asc(contactAttempts.attemptedAt), asc(contactAttempts.id))
    .all();

const p = sql.placeholder;
const insertAttempt = prepared((db) =>
  db
    .insert(contactAttempts)
    .values({
      caseId: p('caseId'),
      ownerId: p('ownerId'),
      means: p('means'),
      outcome: p('outcome'),
      attemptedAt: p('attemptedAt'),
      note: p('note'),
      recordedBy: p('recordedBy'),
    })
    .returning()
    .prepare(),
);

// A form gives minutes: a time typed in the minute the case was added counts as after it.
const minuteOf = (iso: string) => Math.floor(Date.parse(iso) / 60_000) * 60_000;

/** An attempt happened while the case existed: after the crisis start and the case, not later than now. */
function attemptTimeProblem(at: Date, s: Step, now: Date) {
  if (at.getTime() > now.getTime()) return 'case.attempt.future' as const;
  if (at.getTime() < minuteOf(s.crisis.startedAt)) return 'case.attempt.beforeCrisis' as const;
  if (at.getTime() < minuteOf(s.kase.createdAt)) return 'case.attempt.beforeCase' as const;
  return null;
}

/**
 * Article 2: "first contacts the owner". Logs one attempt; reaching an owner who agrees
 * authorises the takeover (owner_contacted), one who handles it closes the case. While a
 * takeover is active, the first owner reached is recorded as the contact that had to follow.
 */
export function recordContactAttempt(
  db: Db,
  actor: Actor,
  input: AttemptInput,
  now: Date,
): Result<{ case: TakeoverCase; attempt: ContactAttempt; effect: AttemptEffect }> {
  // The gate is checked below: after the crisis closed, only the owner contact a hold still owes
  // may be logged (late rather than never), and nothing else.
  const from = ['contacting', 'active', 'handed_back'] as const;
  return caseStep(db, actor, input, now, { from, gate: false }, (s) => {
    const followUp = owesOwnerContactAfterCrisis(s);
    if (!followUp) {
      const gate = article2Applies(s.crisis);
      if (!gate.open) return fail(gate.reason, { status: 422 });
      if (s.kase.state === 'handed_back') return fail('case.illegal.closed', { status: 422 });
    }
    // The department head is the chain's last step: an attempt on them is logged like any other.
    const owner = escalationChain(s.tx, s.channel.id).people.find((o) => o.id === input.ownerId);
    if (!owner) return invalid('case.attempt.notOwner', 'ownerId');
    if (
      input.confirmed === false &&
      input.outcome === 'reached_owner_agrees' &&
      s.kase.state === 'contacting'
    )
      return invalid('case.attempt.confirmAgrees', 'outcome');
    const offered = meansOffered(owner);
    if (!offered.includes(input.means))
      return invalid('case.attempt.meansUnavailable', 'means', {
        owner: owner.name,
        means: offered.join(','),
      });
    const at = input.attemptedAt ?? now;
    const when = attemptTimeProblem(at, s, now);
    if (when) return invalid(when, 'attemptedAt');
    const answered = input.answers === undefined ? null : pendingAttempt(s, owner.id, input);
    if (answered === undefined) return invalid('case.attempt.notPending', 'outcome');
    const reached = isReached(input.outcome);
    const firstContact = reached && !s.kase.ownerContactedAt ? { ownerContactedAt: iso(at) } : {};
    const set =
      s.kase.state !== 'contacting'
        ? firstContact
        : input.outcome === 'reached_owner_agrees'
          ? {
              ...firstContact,
              state: 'active' as const,
              basis: 'owner_contacted' as const,
              authorisedAt: iso(now),
              authorisedBy: actor.userId,
            }
          : input.outcome === 'reached_owner_handles'
            ? { ...firstContact, state: 'owner_handles' as const }
            : {};
    const next = advance(s, set);
    if (!next) return conflict();
    const note = input.note?.trim() ?? '';
    const attempt = answered
      ? s.tx
          .update(contactAttempts)
          .set({ outcome: input.outcome, note })
          .where(eq(contactAttempts.id, answered.id))
          .returning()
          .get()!
      : insertAttempt(s.tx).get({
          caseId: s.kase.id,
          ownerId: owner.id,
          means: input.means,
          outcome: input.outcome,
          attemptedAt: iso(at),
          note,
          recordedBy: actor.userId!,
        });
    const who = { ownerId: owner.id, ownerName: owner.name };
    caseEvent(s, 'case.contact_attempt', {
      attemptId: attempt.id,
      ...who,
      means: attempt.means,
      outcome: attempt.outcome,
      attemptedAt: attempt.attemptedAt,
      note: attempt.note,
      ...(answered ? { answered: { at: iso(now), was: answered.outcome } } : {}),
    });
    if (s.kase.state !== 'contacting' && firstContact.ownerContactedAt) {
      caseEvent(s, 'case.owner_contact_logged', {
        ...who,
        contactedAt: firstContact.ownerContactedAt,
        dueAt: s.kase.ownerContactDueAt,
        late:
          !!s.kase.ownerContactDueAt && firstContact.ownerContactedAt > s.kase.ownerContactDueAt,
        ...(followUp ? { afterCrisis: true } : {}),
      });
    } else if (s.kase.state === 'contacting' && next.state === 'active') {
      caseEvent(s, 'case.authorised', { basis: 'owner_contacted', ...who, attemptId: attempt.id });
      notifyOwners(s, 'takeover_authorised', { basis: 'owner_contacted', owner: owner.name });
    } else if (next.state === 'owner_handles') {
      caseEvent(s, 'case.owner_handles', { ...who, attemptId: attempt.id });
    }
    const effect: AttemptEffect =
      s.kase.state === next.state
        ? 'logged'
        : next.state === 'active'
          ? 'authorised'
          : 'owner_handles';
    return ok({ case: next, attempt, effect });
  });
}

// The request's attempt an answer resolves: this case's and this owner's, sent by the means the
// answer names, and not answered before (a "no answer" the sweep recorded may still be answered).
function pendingAttempt(s: Step, ownerId: number, input: AttemptInput) {
  const row = s.tx
    .select()
    .from(contactAttempts)
    .where(and(eq(contactAttempts.id, input.answers!), eq(contactAttempts.caseId, s.kase.id)))
    .get();
  const open = row && (row.outcome === 'awaiting_answer' || row.outcome === 'no_answer');
  return open && row.ownerId === ownerId && row.means === input.means ? row : undefined;
}

/** Article 2, exception 1: a message must go out within the hour. */
export function authoriseAcute(
  db: Db,
  actor: Actor,
  input: CaseRef & { justification: string; deadline: Date },
  now: Date,
  rules: Rules,
): Result<TakeoverCase> {
  return caseStep(db, actor, input, now, { from: ['contacting'], gate: true }, (s) => {
    const why = acuteJustificationProblem(input.justification, s.crisis.title);
    if (why) return invalid(why, 'justification');
    const late = acuteDeadlineProblem(input.deadline, now, rules);
    if (late) return invalid(late, 'deadline', { max: rules.acuteMaxMinutes });
    const justification = input.justification.trim();
    const deadline = iso(input.deadline);
    const next = authorise(s, 'acute', {
      acuteJustification: justification,
      acuteDeadline: deadline,
    });
    if (!next) return conflict();
    caseEvent(s, 'case.authorised', { basis: 'acute', justification, deadline });
    notifyOwners(s, 'takeover_authorised', { basis: 'acute', justification, deadline });
    return ok(next);
  });
}

/** Article 2, exception 2: take the conflicting post offline or hold it first, then contact the owner. */
export function authoriseConflicting(
  db: Db,
  actor: Actor,
  input: CaseRef & HoldInput,
  now: Date,
  rules: Rules,
): Result<{ case: TakeoverCase; hold: Hold }> {
  return caseStep(db, actor, input, now, { from: ['contacting'], gate: true }, (s) => {
    const problem = holdInputProblem(input);
    if (problem) return problem;
    const dueAt = iso(ownerContactDueAt(now, rules));
    const next = authorise(s, 'conflicting_information', { ownerContactDueAt: dueAt });
    if (!next) return conflict();
    const hold = insertHold(s, input);
    caseEvent(s, 'case.authorised', {
      basis: 'conflicting_information',
      holdId: hold.id,
      ownerContactDueAt: dueAt,
    });
    // One notice covers the takeover and its hold: the owner hears of the post and the action.
    const { post, action, conflict: what } = holdFacts(hold);
    notifyOwners(s, 'takeover_authorised', {
      basis: 'conflicting_information',
      post,
      action,
      conflict: what,
      ownerContactDueAt: dueAt,
    });
    return ok({ case: next, hold });
  });
}

/** Article 2, exception 3: offered only when the attempt log shows the whole chain (owners, then head) was tried. */
export function authoriseUnreachable(
  db: Db,
  actor: Actor,
  input: CaseRef,
  now: Date,
  rules: Rules,
): Result<TakeoverCase> {
  return caseStep(db, actor, input, now, { from: ['contacting'], gate: true }, (s) => {
    const chain = escalationChain(s.tx, s.channel.id);
    const registered = chain.people;
    const finding = ownerUnreachable(registered, attemptsOf(s.tx, s.kase.id), rules);
    if (finding.reason === 'too_soon') {
      const wait = Math.max(
        0,
        Math.ceil((Date.parse(finding.pacing.readyAt) - now.getTime()) / 60_000),
      );
      return invalid(
        wait > 0 ? 'case.unreachable.tooSoon' : 'case.unreachable.needsLaterAttempt',
        'basis',
        {
          span: finding.pacing.spanMinutes,
          needed: finding.pacing.neededMinutes,
          wait,
        },
      );
    }
    if (!finding.unreachable) return invalid('case.unreachable.notShown', 'basis');
    const next = authorise(s, 'owner_unreachable', {});
    if (!next) return conflict();
    const names = new Map(registered.map((o) => [o.id, o.name]));
    // The verdict and the chain as they stood: the report reads these back, never today's registry.
    caseEvent(s, 'case.authorised', {
      basis: 'owner_unreachable',
      finding: finding.reason,
      owners: finding.owners.map((t) => ({
        ownerId: t.ownerId,
        ownerName: names.get(t.ownerId),
        failedAttempts: t.failedAttempts,
        meansTried: t.meansTried,
        attemptsNeeded: t.attemptsNeeded,
        meansNeeded: t.meansNeeded,
        enough: t.enough,
      })),
      chain: registered.map((o) => ({
        ownerId: o.id,
        ownerName: o.name,
        means: meansAvailable(o),
      })),
      headId: chain.headId,
      pacing: finding.reason === 'all_tried' ? finding.pacing : null,
    });
    notifyOwners(s, 'takeover_authorised', { basis: 'owner_unreachable' });
    return ok(next);
  });
}

function authorise(
  s: Step,
  basis: NonNullable<TakeoverCase['basis']>,
  extra: Partial<TakeoverCase>,
) {
  return advance(s, {
    ...extra,
    state: 'active',
    basis,
    authorisedAt: iso(s.now),
    authorisedBy: s.actor.userId,
  });
}

/**
 * What the operators did on a channel taken over. The first "published" on an acute case is
 * the message the exception was for: it records whether it went out before the deadline.
 */
export function logChannelAction(
  db: Db,
  actor: Actor,
  input: CaseRef & { kind: ChannelActionKind; note: string },
  now: Date,
): Result<TakeoverCase> {
  return caseStep(db, actor, input, now, { from: ['active'], gate: true }, (s) => {
    const note = input.note.trim();
    if (input.kind === 'other' && !note) return invalid('case.action.noteRequired', 'note');
    const acuteMessage =
      input.kind === 'published' && s.kase.basis === 'acute' && !s.kase.acuteMessageSentAt;
    const next = advance(s, acuteMessage ? { acuteMessageSentAt: iso(now) } : {});
    if (!next) return conflict();
    const action = s.tx
      .insert(channelActions)
      .values({
        caseId: s.kase.id,
        kind: input.kind,
        note,
        actedAt: iso(now),
        actedBy: actor.userId!,
      })
      .returning()
      .get();
    caseEvent(s, 'case.action_logged', { actionId: action.id, kind: action.kind, note });
    if (acuteMessage) {
      caseEvent(s, 'case.acute_message_sent', {
        sentAt: iso(now),
        deadline: s.kase.acuteDeadline,
        beforeDeadline: iso(now) <= s.kase.acuteDeadline!,
      });
    }
    return ok(next);
  });
}

/** The takeover ends: the channel goes back to its owner, with a note. Holds are released first. */
export function handBack(
  db: Db,
  actor: Actor,
  input: CaseRef & { note: string },
  now: Date,
): Result<TakeoverCase> {
  // No gate: giving a channel back is always allowed, also after a crisis closed by override.
  return caseStep(db, actor, input, now, { from: ['active'], gate: false }, (s) => {
    const note = input.note.trim();
    if (!note) return invalid('case.handBack.noteRequired', 'note');
    const open = s.tx
      .select({ id: holds.id })
      .from(holds)
      .where(and(eq(holds.caseId, s.kase.id), isNull(holds.releasedAt)))
      .all();
    if (open.length) return invalid('case.handBack.openHolds', 'note');
    const next = advance(s, {
      state: 'handed_back',
      handedBackAt: iso(now),
      handedBackBy: actor.userId,
      handBackNote: note,
    });
    if (!next) return conflict();
    caseEvent(s, 'case.handed_back', { note, basis: s.kase.basis });
    notifyOwners(s, 'handed_back', { note });
    return ok(next);
  });
}
