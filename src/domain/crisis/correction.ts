// "Recorded in error": a mistaken contact attempt is corrected, never erased. The attempt stays
// in the record, marked, and no rule of Article 2 counts it (article2.ts `isEvidence`). When it was
// the tap that decided the case and nothing was done on the channel since, the case returns to
// contacting in the same transaction; otherwise the decision stands and the result says why.
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import {
  auditEvents,
  channelActions,
  contactAttempts,
  holds,
  owners,
  CASE_STATES,
  type ContactAttempt,
  type TakeoverCase,
} from '../../../db/schema';
import { isEvidence, isRealReason, isReached, MIN_REASON_CHARS } from './article2';
import type { Actor, AuditAction } from '../audit/trail';
import {
  advance,
  caseEvent,
  caseStep,
  conflict,
  invalid,
  notifyOwners,
  type Step,
} from './case-step';
import type { CaseRef } from './case-step';
import { iso, type Db } from '../lib/db';
import { fail, ok, type Result } from '../lib/result';

export type CorrectionInput = CaseRef & { attemptId: number; reason: string };

/** What was done on the channel in this crisis: any of it means the takeover was used. */
export type DoneOnChannel = { actions: number; holds: number; reveals: number };

export type CorrectionEffect =
  /** The attempt decided nothing that still stands: only the evidence changed. */
  | { kind: 'corrected' }
  /** It authorised the takeover (or closed the case) and nothing was done: back to contacting. */
  | { kind: 'reopened'; from: 'active' | 'owner_handles' }
  /** It authorised the takeover, but the channel was used already or the crisis is closed. */
  | { kind: 'stands'; because: 'acted' | 'crisisClosed'; done: DoneOnChannel };

const count = sql<number>`count(*)`;

/**
 * "Nothing done" on the channel: no action logged on the case (a publication, a hidden post, ...),
 * no hold placed on it, and no reveal of the channel's login details during the crisis.
 */
export function doneOnChannel(tx: Db, s: Pick<Step, 'kase' | 'crisis'>): DoneOnChannel {
  const actions = tx
    .select({ n: count })
    .from(channelActions)
    .where(eq(channelActions.caseId, s.kase.id))
    .get()!.n;
  const held = tx.select({ n: count }).from(holds).where(eq(holds.caseId, s.kase.id)).get()!.n;
  const reveals = tx
    .select({ n: count })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.crisisId, s.crisis.id),
        eq(auditEvents.channelId, s.kase.channelId),
        eq(auditEvents.action, 'credentials.revealed'),
      ),
    )
    .get()!.n;
  return { actions, holds: held, reveals };
}

/** The attempt named by the case's latest `action` event (the tap that made the transition). */
function decidingAttempt(s: Step, action: AuditAction): number | null {
  const last = s.tx
    .select({ details: auditEvents.details })
    .from(auditEvents)
    // On the (channel_id, seq) index, as the case's history is (case-view.ts historyQuery).
    .where(
      and(
        eq(auditEvents.channelId, s.kase.channelId),
        eq(auditEvents.caseId, s.kase.id),
        eq(auditEvents.action, action),
      ),
    )
    .orderBy(desc(auditEvents.seq))
    .limit(1)
    .get();
  const id = last && (JSON.parse(last.details) as { attemptId?: unknown }).attemptId;
  return typeof id === 'number' ? id : null;
}

/** Which transition of the case this attempt made and that still stands, if any. */
function decided(s: Step, attempt: ContactAttempt): 'active' | 'owner_handles' | null {
  if (
    s.kase.state === 'active' &&
    s.kase.basis === 'owner_contacted' &&
    decidingAttempt(s, 'case.authorised') === attempt.id
  )
    return 'active';
  if (s.kase.state === 'owner_handles' && decidingAttempt(s, 'case.owner_handles') === attempt.id)
    return 'owner_handles';
  return null;
}

function effectOf(s: Step, from: 'active' | 'owner_handles' | null): CorrectionEffect {
  if (!from) return { kind: 'corrected' };
  const done = doneOnChannel(s.tx, s);
  if (s.crisis.status !== 'open') return { kind: 'stands', because: 'crisisClosed', done };
  if (done.actions || done.holds || done.reveals) return { kind: 'stands', because: 'acted', done };
  return { kind: 'reopened', from };
}

/** The first owner reached by an attempt that still counts, once this one no longer does. */
function firstReachedWithout(tx: Db, caseId: number, attemptId: number): string | null {
  const rest = tx.select().from(contactAttempts).where(eq(contactAttempts.caseId, caseId)).all();
  return (
    rest
      .filter((a) => a.id !== attemptId && isEvidence(a) && isReached(a.outcome))
      .map((a) => a.attemptedAt)
      .sort()[0] ?? null
  );
}

/** Article 2, default: the attempt log is the evidence, so a mistaken tap is corrected in it. */
export function correctContactAttempt(
  db: Db,
  actor: Actor,
  input: CorrectionInput,
  now: Date,
): Result<{ case: TakeoverCase; attempt: ContactAttempt; effect: CorrectionEffect }> {
  // No gate: the record can be put right in any state, also after the crisis closed.
  return caseStep(db, actor, input, now, { from: CASE_STATES, gate: false }, (s) => {
    const attempt = s.tx
      .select()
      .from(contactAttempts)
      .where(and(eq(contactAttempts.id, input.attemptId), eq(contactAttempts.caseId, s.kase.id)))
      .get();
    if (!attempt) return fail('case.correction.notFound', { status: 404 });
    if (attempt.correctedAt) return invalid('case.correction.already', 'reason');
    if (!isRealReason(input.reason))
      return invalid('case.correction.reasonTooShort', 'reason', { min: MIN_REASON_CHARS });
    const reason = input.reason.trim();
    const effect = effectOf(s, decided(s, attempt));
    const contactedAt = isReached(attempt.outcome)
      ? { ownerContactedAt: firstReachedWithout(s.tx, s.kase.id, attempt.id) }
      : {};
    const reopen =
      effect.kind === 'reopened'
        ? {
            state: 'contacting' as const,
            basis: null,
            authorisedAt: null,
            authorisedBy: null,
          }
        : {};
    const next = advance(s, { ...contactedAt, ...reopen });
    if (!next) return conflict();
    const marked = s.tx
      .update(contactAttempts)
      .set({ correctedAt: iso(now), correctedBy: actor.userId, correctionReason: reason })
      .where(and(eq(contactAttempts.id, attempt.id), isNull(contactAttempts.correctedAt)))
      .returning()
      .get();
    if (!marked) return conflict();
    const owner = s.tx
      .select({ name: owners.name })
      .from(owners)
      .where(eq(owners.id, attempt.ownerId))
      .get();
    caseEvent(s, 'case.attempt_corrected', {
      attemptId: attempt.id,
      ownerId: attempt.ownerId,
      ownerName: owner?.name ?? null,
      means: attempt.means,
      outcome: attempt.outcome,
      attemptedAt: attempt.attemptedAt,
      reason,
      effect: effect.kind,
      ...(effect.kind === 'stands' ? { because: effect.because, done: effect.done } : {}),
    });
    if (effect.kind === 'reopened') {
      caseEvent(s, 'case.reopened', {
        attemptId: attempt.id,
        from: effect.from,
        basis: s.kase.basis,
        reason,
      });
      // The owners were told of the takeover; they hear that it did not happen after all.
      if (effect.from === 'active') notifyOwners(s, 'takeover_withdrawn', { reason });
    }
    return ok({ case: next, attempt: marked, effect });
  });
}
