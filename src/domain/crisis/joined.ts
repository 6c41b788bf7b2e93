// An operator's open crises, for their home page: the crises they joined that are still open,
// newest first, each with its number of channels and how many of them are late (late.ts), as
// the crisis's own board counts them.
import { and, desc, eq } from 'drizzle-orm';
import { crises, crisisOperators, type Crisis } from '../../../db/schema';
import type { Db } from '../lib/db';
import type { Rules } from './article2';
import { loadBoard } from './board';

export type JoinedCrisis = { crisis: Crisis; channels: number; late: number };

export function openCrisesJoined(db: Db, userId: number, now: Date, rules: Rules): JoinedCrisis[] {
  const joined = db
    .select({ crisis: crises })
    .from(crisisOperators)
    .innerJoin(crises, eq(crises.id, crisisOperators.crisisId))
    .where(and(eq(crisisOperators.userId, userId), eq(crises.status, 'open')))
    .orderBy(desc(crises.startedAt))
    .all();
  return joined.flatMap(({ crisis }) => {
    const board = loadBoard(db, crisis.id, now, rules);
    return board ? [{ crisis, channels: board.rows.length, late: board.late }] : [];
  });
}
