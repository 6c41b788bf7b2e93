// Holds: a conflicting post taken offline or held back (Article 2, exception 2) until an
// operator releases it as republished, corrected or removed for good.
import { and, asc, eq, isNull } from 'drizzle-orm';
import {
  CASE_STATES,
  channels,
  holds,
  takeoverCases,
  type Hold,
  type TakeoverCase,
} from '../../../db/schema';
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
import { iso, type Db } from '../lib/db';
import { ok, type Result } from '../lib/result';

export const HOLD_ACTIONS = ['taken_offline', 'put_on_hold'] as const;
export const POST_STATES = ['online', 'scheduled'] as const;
export const RELEASE_OUTCOMES = ['republished', 'corrected', 'removed'] as const;

export type HoldInput = {
  postState: (typeof POST_STATES)[number];
  /** A link to the post or a reference to find it (scheduler, post id). */
  postRef: string;
  scheduledFor?: Date | null;
  /** What in the post conflicts with the crisis communication. */
  conflict: string;
  action: (typeof HOLD_ACTIONS)[number];
  /** Set when the hold was placed through the platform's API (platform-holds.ts). */
  platform?: PlatformHold;
};

export type PlatformHold = {
  postId: string;
  action: 'rescheduled' | 'hidden' | 'made_private';
  /** The post as it was, canonical JSON, and its SHA-256 (hex). */
  copy: string;
  sha256: string;
};

export type ReleaseInput = {
  holdId: number;
  version: number;
  outcome: (typeof RELEASE_OUTCOMES)[number];
  note: string;
  /** 'api' when the platform put the post back (platform-holds.ts); otherwise by hand. */
  restoredVia?: 'api' | 'manual';
};

/** The problem with a hold's description, as a field failure, or null when it is complete. */
export function holdInputProblem(input: HoldInput) {
  if (!input.postRef.trim()) return invalid('hold.postRefRequired', 'postRef');
  if (!input.conflict.trim()) return invalid('hold.conflictRequired', 'conflict');
  if (input.postState === 'scheduled' && !input.scheduledFor)
    return invalid('hold.scheduledForRequired', 'scheduledFor');
  return null;
}

export const holdFacts = (hold: Hold) => ({
  holdId: hold.id,
  post: hold.postRef,
  postState: hold.postState,
  scheduledFor: hold.scheduledFor,
  conflict: hold.conflict,
  action: hold.action,
});

/** Inserts the hold and its audit event; the caller has advanced the case in the same step. */
export function insertHold(s: Step, input: HoldInput): Hold {
  const hold = s.tx
    .insert(holds)
    .values({
      caseId: s.kase.id,
      crisisId: s.crisis.id,
      postState: input.postState,
      postRef: input.postRef.trim(),
      scheduledFor:
        input.postState === 'scheduled' && input.scheduledFor ? iso(input.scheduledFor) : null,
      conflict: input.conflict.trim(),
      action: input.action,
      placedBy: s.actor.userId!,
      placedAt: iso(s.now),
      ...(input.platform
        ? {
            via: 'api' as const,
            platformPostId: input.platform.postId,
            platformAction: input.platform.action,
            platformCopy: input.platform.copy,
            platformCopySha256: input.platform.sha256,
          }
        : {}),
    })
    .returning()
    .get();
  // Through the API the event also carries what was done there and the copy's hash, so the
  // audit alone shows that the restore put back exactly what the hold took.
  caseEvent(s, 'hold.placed', {
    ...holdFacts(hold),
    ...(input.platform
      ? {
          via: 'api',
          platformPostId: input.platform.postId,
          platformAction: input.platform.action,
          copySha256: input.platform.sha256,
        }
      : {}),
  });
  return hold;
}

/** A further hold on a channel already taken over (the first comes with authoriseConflicting). */
export function placeHold(
  db: Db,
  actor: Actor,
  input: CaseRef & HoldInput,
  now: Date,
): Result<{ case: TakeoverCase; hold: Hold }> {
  return caseStep(db, actor, input, now, { from: ['active'], gate: true }, (s) => {
    const problem = holdInputProblem(input);
    if (problem) return problem;
    const next = advance(s, {});
    if (!next) return conflict();
    const hold = insertHold(s, input);
    notifyOwners(s, 'hold_placed', {
      post: hold.postRef,
      action: hold.action,
      conflict: hold.conflict,
    });
    return ok({ case: next, hold });
  });
}

/** Releasing ends an intervention, so it stays possible after the crisis closed by override. */
export function releaseHold(db: Db, actor: Actor, input: ReleaseInput, now: Date): Result<Hold> {
  const hold = db.select().from(holds).where(eq(holds.id, input.holdId)).get();
  if (!hold) return invalid('hold.notFound', 'holdId');
  // The hold's own version is the check here; releasing does not change the case.
  return caseStep(
    db,
    actor,
    { caseId: hold.caseId, version: null },
    now,
    { from: CASE_STATES, gate: false },
    (s) => {
      const current = s.tx.select().from(holds).where(eq(holds.id, input.holdId)).get()!;
      if (current.version !== input.version) return conflict();
      if (current.releasedAt) return invalid('hold.alreadyReleased', 'holdId');
      if (!input.note.trim()) return invalid('hold.releaseNoteRequired', 'note');
      const released = s.tx
        .update(holds)
        .set({
          releasedAt: iso(now),
          releasedBy: actor.userId,
          releaseOutcome: input.outcome,
          releaseNote: input.note.trim(),
          restoredVia: input.restoredVia ?? 'manual',
          version: current.version + 1,
        })
        .where(and(eq(holds.id, current.id), eq(holds.version, current.version)))
        .returning()
        .get();
      if (!released) return conflict();
      caseEvent(s, 'hold.released', {
        holdId: current.id,
        post: current.postRef,
        outcome: input.outcome,
        note: input.note.trim(),
        restoredVia: input.restoredVia ?? 'manual',
      });
      notifyOwners(s, 'hold_released', {
        post: current.postRef,
        outcome: input.outcome,
        note: input.note.trim(),
      });
      return ok(released);
    },
  );
}

export type OpenHold = Hold & { channelId: number; channelName: string };

/** The open holds of a crisis, oldest first. */
export function listOpenHolds(db: Db, crisisId: number): OpenHold[] {
  return db
    .select({ hold: holds, channelId: channels.id, channelName: channels.name })
    .from(holds)
    .innerJoin(takeoverCases, eq(takeoverCases.id, holds.caseId))
    .innerJoin(channels, eq(channels.id, takeoverCases.channelId))
    .where(and(eq(holds.crisisId, crisisId), isNull(holds.releasedAt)))
    .orderBy(asc(holds.placedAt), asc(holds.id))
    .all()
    .map((r) => ({ ...r.hold, channelId: r.channelId, channelName: r.channelName }));
}

export const getHold = (db: Db, id: number) =>
  db.select().from(holds).where(eq(holds.id, id)).get();
