// Exercises: who hears of them. With exerciseNotify 'participants' only owners who take part get
// a message. An owner takes part when chosen for the exercise by owner (exercise_participants: a
// registry owner needs no console account), or when their console account joined the exercise
// as a crisis participant (crisis_operators). A real crisis, and an exercise in 'marked' mode,
// reach every owner (the message is marked as an exercise).
import { and, asc, eq } from 'drizzle-orm';
import {
  channelOwners,
  channels,
  crises,
  crisisOperators,
  departments,
  exerciseParticipants,
  owners,
  takeoverCases,
  type Crisis,
  type Owner,
} from '../../../db/schema';
import { recordEvent, type Actor } from '../audit/trail';
import { inIds, iso, transaction, type Db } from '../lib/db';
import { fail, ok, type Result } from '../lib/result';

type Mode = Pick<Crisis, 'isExercise' | 'exerciseNotify'>;
export const inParticipantsMode = (crisis: Mode) =>
  crisis.isExercise && crisis.exerciseNotify === 'participants';

export function reachesOwner(
  db: Db,
  crisis: Mode & Pick<Crisis, 'id'>,
  owner: Pick<Owner, 'id' | 'userId'>,
): boolean {
  if (!inParticipantsMode(crisis)) return true;
  const chosen = db
    .select({ ownerId: exerciseParticipants.ownerId })
    .from(exerciseParticipants)
    .where(
      and(eq(exerciseParticipants.crisisId, crisis.id), eq(exerciseParticipants.ownerId, owner.id)),
    )
    .get();
  if (chosen) return true;
  if (owner.userId === null) return false;
  return !!db
    .select({ userId: crisisOperators.userId })
    .from(crisisOperators)
    .where(and(eq(crisisOperators.crisisId, crisis.id), eq(crisisOperators.userId, owner.userId)))
    .get();
}

export type ParticipantChoice = {
  owner: Owner;
  departmentName: string;
  /** Chosen by owner for this exercise. */
  chosen: boolean;
  /** Takes part anyway: their console account joined the exercise. */
  joinedByAccount: boolean;
  /** The exercise's channels this owner is registered for. */
  channels: string[];
};
export type ParticipantChoices = {
  crisis: Crisis;
  ofChannels: ParticipantChoice[];
  others: ParticipantChoice[];
};

/** Every active owner, those of the exercise's channels first; null when it is not an exercise. */
export function participantChoices(db: Db, crisisId: number): ParticipantChoices | null {
  const crisis = db.select().from(crises).where(eq(crises.id, crisisId)).get();
  if (!crisis?.isExercise) return null;
  const chosen = new Set(
    db
      .select({ id: exerciseParticipants.ownerId })
      .from(exerciseParticipants)
      .where(eq(exerciseParticipants.crisisId, crisisId))
      .all()
      .map((r) => r.id),
  );
  const joined = new Set(
    db
      .select({ id: crisisOperators.userId })
      .from(crisisOperators)
      .where(eq(crisisOperators.crisisId, crisisId))
      .all()
      .map((r) => r.id),
  );
  const channelsOf = new Map<number, string[]>();
  for (const r of db
    .select({ ownerId: channelOwners.ownerId, name: channels.name })
    .from(takeoverCases)
    .innerJoin(channelOwners, eq(channelOwners.channelId, takeoverCases.channelId))
    .innerJoin(channels, eq(channels.id, takeoverCases.channelId))
    .where(eq(takeoverCases.crisisId, crisisId))
    .orderBy(asc(channels.name))
    .all()) {
    channelsOf.set(r.ownerId, [...(channelsOf.get(r.ownerId) ?? []), r.name]);
  }
  const all = db
    .select({ owner: owners, departmentName: departments.name })
    .from(owners)
    .innerJoin(departments, eq(departments.id, owners.departmentId))
    .where(eq(owners.active, true))
    .orderBy(asc(departments.name), asc(owners.name))
    .all()
    .map(({ owner, departmentName }): ParticipantChoice => ({
      owner,
      departmentName,
      chosen: chosen.has(owner.id),
      joinedByAccount: owner.userId !== null && joined.has(owner.userId),
      channels: channelsOf.get(owner.id) ?? [],
    }));
  return {
    crisis,
    ofChannels: all.filter((c) => c.channels.length),
    others: all.filter((c) => !c.channels.length),
  };
}

/** The owners who take part (chosen, or through their account); empty outside participants mode. */
export function participantsOf(db: Db, crisisId: number): ParticipantChoice[] {
  const choices = participantChoices(db, crisisId);
  if (!choices || !inParticipantsMode(choices.crisis)) return [];
  return [...choices.ofChannels, ...choices.others].filter((c) => c.chosen || c.joinedByAccount);
}

export type ParticipantsInput = {
  crisisId: number;
  /** The crisis version the form showed: the whole set is replaced, so a stale form is refused. */
  version: number;
  ownerIds: number[];
  /** Also every owner of the exercise's channels (one button instead of many ticks). */
  withChannelOwners?: boolean;
};

const named = (list: Owner[]) => list.map((o) => ({ ownerId: o.id, name: o.name }));

/**
 * Replaces the owners chosen as participants of an exercise in participants mode, while it is
 * open. One event records who was added, who removed and the whole set after the change.
 */
export function setExerciseParticipants(
  db: Db,
  actor: Actor,
  input: ParticipantsInput,
  now: Date,
): Result<{ added: number; removed: number }> {
  return transaction(db, (t) => {
    const tx = t as unknown as Db;
    const choices = participantChoices(tx, input.crisisId);
    if (!choices) return fail('exercise.notFound', { status: 404 });
    const { crisis } = choices;
    if (!inParticipantsMode(crisis))
      return fail('exercise.participants.notParticipantsMode', { status: 422 });
    if (crisis.status !== 'open') return fail('crisis.gate.closed', { status: 422 });
    const wanted = new Set(input.ownerIds);
    if (input.withChannelOwners) for (const c of choices.ofChannels) wanted.add(c.owner.id);
    const active = new Map([...choices.ofChannels, ...choices.others].map((c) => [c.owner.id, c]));
    if ([...wanted].some((id) => !active.has(id)))
      return fail('exercise.participants.unknownOwner', { field: 'ownerIds', status: 422 });
    const current = tx
      .select({ owner: owners })
      .from(exerciseParticipants)
      .innerJoin(owners, eq(owners.id, exerciseParticipants.ownerId))
      .where(eq(exerciseParticipants.crisisId, crisis.id))
      .all()
      .map((r) => r.owner);
    const added = [...wanted]
      .filter((id) => !current.some((o) => o.id === id))
      .map((id) => active.get(id)!.owner);
    const removed = current.filter((o) => !wanted.has(o.id));
    if (crisis.version !== input.version) return fail('error.conflict', { status: 409 });
    if (!added.length && !removed.length) return ok({ added: 0, removed: 0 });
    const bumped = tx
      .update(crises)
      .set({ version: crisis.version + 1 })
      .where(and(eq(crises.id, crisis.id), eq(crises.version, input.version)))
      .returning({ id: crises.id })
      .get();
    if (!bumped) return fail('error.conflict', { status: 409 });
    if (removed.length) {
      tx.delete(exerciseParticipants)
        .where(
          and(
            eq(exerciseParticipants.crisisId, crisis.id),
            inIds(
              exerciseParticipants.ownerId,
              removed.map((o) => o.id),
            ),
          ),
        )
        .run();
    }
    for (const o of added) {
      tx.insert(exerciseParticipants)
        .values({ crisisId: crisis.id, ownerId: o.id, addedAt: iso(now), addedBy: actor.userId! })
        .run();
    }
    const after = [...current.filter((o) => wanted.has(o.id)), ...added].sort((a, b) =>
      a.name.localeCompare(b.name, 'nl'),
    );
    recordEvent(tx, {
      at: now,
      actor,
      action: 'exercise.participants_changed',
      crisisId: crisis.id,
      details: { added: named(added), removed: named(removed), participants: named(after) },
    });
    return ok({ added: added.length, removed: removed.length });
  });
}
