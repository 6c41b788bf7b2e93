// Console user accounts, managed by Communicatie (and from the shell for the first account).
import { and, asc, eq } from 'drizzle-orm';
import { users, type Language, type Role, type User } from '../../../db/schema';
import { recordEvent, type Actor } from '../audit/trail';
import { transaction, type Db } from '../lib/db';
import { hashPassword } from './password';
import { fail, ok, type Result } from '../lib/result';
import { deleteSessionsOf } from './sessions';

export const MIN_PASSWORD_LENGTH = 12;

export type UserInput = {
  name: string;
  email: string;
  password?: string;
  roles: Role[];
  language: Language;
  active: boolean;
};

export const listUsers = (db: Db) => db.select().from(users).orderBy(asc(users.name)).all();
export const getUser = (db: Db, id: number) =>
  db.select().from(users).where(eq(users.id, id)).get();

function emailTaken(db: Db, email: string, exceptId?: number): boolean {
  const row = db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
  return !!row && row.id !== exceptId;
}

export async function createUser(
  db: Db,
  actor: Actor,
  input: UserInput & { password: string },
  now: Date,
  scryptN: number,
): Promise<Result<User>> {
  const email = input.email.trim().toLowerCase();
  if (input.password.length < MIN_PASSWORD_LENGTH)
    return fail('users.passwordShort', { field: 'password' });
  if (emailTaken(db, email)) return fail('users.emailTaken', { field: 'email', status: 409 });
  const passwordHash = await hashPassword(input.password, scryptN);
  return transaction(db, (tx) => {
    // Checked again inside the transaction: another request may have taken the address.
    if (emailTaken(tx as unknown as Db, email))
      return fail('users.emailTaken', { field: 'email', status: 409 });
    const user = tx
      .insert(users)
      .values({
        name: input.name,
        email,
        passwordHash,
        roles: input.roles,
        language: input.language,
        active: input.active,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      })
      .returning()
      .get();
    recordEvent(tx, {
      at: now,
      actor,
      action: 'user.created',
      details: { userId: user.id, email, name: user.name, roles: user.roles, active: user.active },
    });
    return ok(user);
  });
}

export async function updateUser(
  db: Db,
  actor: Actor,
  id: number,
  input: UserInput & { version: number },
  now: Date,
  scryptN: number,
): Promise<Result<User>> {
  if (!getUser(db, id)) return fail('users.notFound', { status: 404 });
  const email = input.email.trim().toLowerCase();
  if (actor.userId === id && (!input.active || !input.roles.includes('communicatie'))) {
    return fail('users.selfDeactivate', { field: 'roles' });
  }
  if (input.password && input.password.length < MIN_PASSWORD_LENGTH) {
    return fail('users.passwordShort', { field: 'password' });
  }
  const passwordHash = input.password ? await hashPassword(input.password, scryptN) : undefined;
  return transaction(db, (tx) => {
    // Read again after the hashing await, and write only over the version the editor saw: a
    // second edit made meanwhile is a conflict, never overwritten under an audit line it contradicts.
    const current = getUser(tx as unknown as Db, id);
    if (!current) return fail('users.notFound', { status: 404 });
    if (current.version !== input.version) return fail('error.conflict', { status: 409 });
    if (emailTaken(tx as unknown as Db, email, id))
      return fail('users.emailTaken', { field: 'email', status: 409 });
    const user = tx
      .update(users)
      .set({
        name: input.name,
        email,
        roles: input.roles,
        language: input.language,
        active: input.active,
        updatedAt: now.toISOString(),
        version: current.version + 1,
        ...(passwordHash ? { passwordHash } : {}),
      })
      .where(and(eq(users.id, id), eq(users.version, input.version)))
      .returning()
      .get();
    if (!user) return fail('error.conflict', { status: 409 });
    const changed = Object.fromEntries(
      (['name', 'email', 'roles', 'language', 'active'] as const)
        .filter((k) => JSON.stringify(current[k]) !== JSON.stringify(user[k]))
        .map((k) => [k, { from: current[k], to: user[k] }]),
    );
    recordEvent(tx, { at: now, actor, action: 'user.updated', details: { userId: id, changed } });
    if (passwordHash)
      recordEvent(tx, { at: now, actor, action: 'user.password_changed', details: { userId: id } });
    // A deactivated account, a changed password or changed roles end every open session.
    if (passwordHash || !user.active || changed.roles) deleteSessionsOf(tx, id);
    return ok(user);
  });
}

export function setLanguage(db: Db, actor: Actor, user: User, language: Language, now: Date): void {
  if (user.language === language) return;
  transaction(db, (tx) => {
    tx.update(users)
      .set({ language, updatedAt: now.toISOString() })
      .where(eq(users.id, user.id))
      .run();
    recordEvent(tx, {
      at: now,
      actor,
      action: 'user.updated',
      details: { userId: user.id, changed: { language: { from: user.language, to: language } } },
    });
  });
}
