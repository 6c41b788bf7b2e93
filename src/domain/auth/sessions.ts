// Server-side sessions. The cookie carries a random token; the table keeps its SHA-256 as the
// id. Sessions end after an idle period or an absolute lifetime, whichever comes first.
import { createHash, randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { sessions, users, type Session, type User } from '../../../db/schema';
import { prepared, type Db, type Tx } from '../lib/db';

export type SessionPolicy = { idleMinutes: number; absoluteHours: number };

// lastSeenAt is refreshed at most this often, so reading pages does not write on every request.
const TOUCH_AFTER_MS = 60_000;

export const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('hex');
export const randomToken = () => randomBytes(32).toString('base64url');

/** Where a session was opened from, as the request said (for the sessions page). */
export type SessionClient = { ip?: string | undefined; userAgent?: string | undefined };

export function createSession(
  tx: Tx | Db,
  userId: number,
  now: Date,
  policy: SessionPolicy,
  client: SessionClient = {},
) {
  const token = randomToken();
  const session: Session = {
    id: sessionIdOf(token),
    userId,
    csrfToken: randomToken(),
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + policy.absoluteHours * 3_600_000).toISOString(),
    secondFactorAt: null,
    secondFactorHow: null,
    ip: client.ip?.slice(0, 64) ?? null,
    userAgent: client.userAgent?.slice(0, 400) ?? null,
  };
  tx.insert(sessions).values(session).run();
  return { token, session };
}

export type SessionCheck =
  { state: 'valid'; session: Session; user: User } | { state: 'expired' } | { state: 'none' };

// Every signed-in request runs this query: compiling the seventeen-column join again each time
// cost more than running it (npm run bench).
const sessionQuery = prepared((db) =>
  db
    .select()
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder('id')))
    .prepare(),
);

export function validateSession(
  db: Db,
  token: string,
  now: Date,
  policy: SessionPolicy,
): SessionCheck {
  const id = sessionIdOf(token);
  const row = sessionQuery(db).get({ id });
  if (!row) return { state: 'none' };
  const { sessions: session, users: user } = row;
  const idleLimit = new Date(session.lastSeenAt).getTime() + policy.idleMinutes * 60_000;
  if (now.getTime() >= idleLimit || now.toISOString() >= session.expiresAt || !user.active) {
    db.delete(sessions).where(eq(sessions.id, id)).run();
    return { state: 'expired' };
  }
  if (now.getTime() - new Date(session.lastSeenAt).getTime() > TOUCH_AFTER_MS) {
    session.lastSeenAt = now.toISOString();
    db.update(sessions).set({ lastSeenAt: session.lastSeenAt }).where(eq(sessions.id, id)).run();
  }
  return { state: 'valid', session, user };
}

export function deleteSession(tx: Tx | Db, id: string): void {
  tx.delete(sessions).where(eq(sessions.id, id)).run();
}

export function deleteSessionsOf(tx: Tx | Db, userId: number): void {
  tx.delete(sessions).where(eq(sessions.userId, userId)).run();
}
