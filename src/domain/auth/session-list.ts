// The sessions page: a user's open sessions (where from, since when, last used), ending the
// others, and Communicatie ending all of a user's sessions (a lost phone, someone leaving).
// Each ending is one transaction with its audit event.
import { and, desc, eq, gt, ne } from 'drizzle-orm';
import { sessions, users, type Session, type User } from '../../../db/schema';
import { recordEvent, type Actor } from '../audit/trail';
import { transaction, type Db, type Tx } from '../lib/db';
import { fail, ok, type Result } from '../lib/result';
import { deviceOf, type Device } from './device';
import type { SessionPolicy } from './sessions';

export type OpenSession = {
  id: string;
  device: Device;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
};

// Open: neither idle too long nor past its absolute expiry (validateSession's rule).
const open = (s: Session, now: Date, policy: SessionPolicy) =>
  new Date(s.lastSeenAt).getTime() + policy.idleMinutes * 60_000 > now.getTime();

/** The user's open sessions, most recently used first; `currentId` is marked. */
export function openSessionsOf(
  db: Db,
  userId: number,
  now: Date,
  policy: SessionPolicy,
  currentId?: string,
): OpenSession[] {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now.toISOString())))
    .orderBy(desc(sessions.lastSeenAt))
    .all()
    .filter((s) => open(s, now, policy))
    .map((s) => ({
      id: s.id,
      device: deviceOf(s.userAgent),
      ip: s.ip,
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      current: s.id === currentId,
    }));
}

const describe = (s: Session) => ({ ip: s.ip, device: deviceOf(s.userAgent), since: s.createdAt });

/** Ends one of the user's own other sessions (the current one ends by signing out). */
export function endOwnSession(
  db: Db,
  actor: Actor,
  user: User,
  sessionId: string,
  currentId: string,
  now: Date,
): Result<number> {
  return transaction(db, (tx) => {
    const target = tx
      .select()
      .from(sessions)
      .where(and(eq(sessions.id, sessionId), eq(sessions.userId, user.id)))
      .get();
    if (!target || target.id === currentId) return fail('sessions.notFound', { status: 404 });
    tx.delete(sessions).where(eq(sessions.id, target.id)).run();
    recordEvent(tx, {
      at: now,
      actor,
      action: 'session.ended',
      details: { userId: user.id, ended: [describe(target)] },
    });
    return ok(1);
  });
}

function endWhere(tx: Tx, userId: number, exceptId: string | null): Session[] {
  const where = exceptId
    ? and(eq(sessions.userId, userId), ne(sessions.id, exceptId))
    : eq(sessions.userId, userId);
  return tx.delete(sessions).where(where).returning().all();
}

/** Ends every session of the user but the one they are using. */
export function endOtherSessions(
  db: Db,
  actor: Actor,
  user: User,
  currentId: string,
  now: Date,
): number {
  return transaction(db, (tx) => {
    const ended = endWhere(tx, user.id, currentId);
    if (ended.length)
      recordEvent(tx, {
        at: now,
        actor,
        action: 'session.ended',
        details: { userId: user.id, ended: ended.map(describe) },
      });
    return ended.length;
  });
}

/** Communicatie: ends every session of a user (their next request goes to the sign-in page). */
export function endSessionsOfUser(
  db: Db,
  actor: Actor,
  userId: number,
  now: Date,
): Result<{ user: User; ended: number }> {
  return transaction(db, (tx) => {
    const user = tx.select().from(users).where(eq(users.id, userId)).get();
    if (!user) return fail('users.notFound', { status: 404 });
    const ended = endWhere(tx, userId, null);
    recordEvent(tx, {
      at: now,
      actor,
      action: 'user.sessions_ended',
      details: { userId, count: ended.length },
    });
    return ok({ user, ended: ended.length });
  });
}
