// Exercises: who hears of them. With exerciseNotify 'participants' only owners who take part get
// a message: an owner takes part when their console account (owners.userId) joined the exercise
// as a crisis participant (crisis_operators), so no participants table is needed. A real crisis,
// and an exercise in 'marked' mode, reach every owner (the message is marked as an exercise).
import { and, eq } from 'drizzle-orm';
import { crisisOperators, type Crisis, type Owner } from '../../db/schema';
import type { Db } from './db';

export function reachesOwner(db: Db, crisis: Pick<Crisis, 'id' | 'isExercise' | 'exerciseNotify'>, owner: Pick<Owner, 'userId'>): boolean {
  if (!crisis.isExercise || crisis.exerciseNotify !== 'participants') return true;
  if (owner.userId === null) return false;
  return !!db.select({ userId: crisisOperators.userId }).from(crisisOperators)
    .where(and(eq(crisisOperators.crisisId, crisis.id), eq(crisisOperators.userId, owner.userId))).get();
}
