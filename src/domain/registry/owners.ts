// Owners (beheerders): the people a department named to manage its channels (Article 2). The
// crisis cell must be able to reach them fast, so each has a phone and/or an e-mail address and
// optionally another means (second phone, chat handle).
import { and, asc, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import {
  LANGUAGES,
  channelOwners,
  channels,
  departments,
  owners,
  users,
  type Owner,
} from '../../../db/schema';
import { f } from '../../validation';
import { recordEvent, type Actor } from '../audit/trail';
import { inIds, transaction, type Db } from '../lib/db';
import { fail, ok, type Result } from '../lib/result';

const PHONE = /^\+?[0-9 ()./-]{6,24}$/;

/** A phone number as people type it: digits, spaces, + ( ) . / -, at least 6 digits. */
export const phoneField = () =>
  f
    .optionalText(30)
    .refine((s) => s === null || (PHONE.test(s) && s.replace(/\D/g, '').length >= 6), {
      error: 'field.phone',
    });

export const ownerSchema = z.object({
  name: f.text(200),
  departmentId: f.id(),
  phone: phoneField(),
  email: f.optionalEmail(),
  altContact: f.optionalText(200),
  userId: z
    .preprocess((v) => (v === '' ? undefined : v), f.id().optional())
    .transform((v) => v ?? null),
  language: f.choice(LANGUAGES),
  active: f.checkbox(),
});
export type OwnerInput = z.output<typeof ownerSchema>;

export type OwnerRow = Owner & { departmentName: string; channelCount: number };

/** Article 2: an owner the crisis cell cannot call or e-mail cannot be reached quickly. */
export const ownerReachable = (o: Pick<Owner, 'phone' | 'email'>) => !!(o.phone || o.email);

export function listOwners(db: Db, departmentId?: number): OwnerRow[] {
  const rows = db
    .select({ owner: owners, departmentName: departments.name })
    .from(owners)
    .innerJoin(departments, eq(departments.id, owners.departmentId))
    .where(departmentId ? eq(owners.departmentId, departmentId) : undefined)
    .orderBy(asc(departments.name), asc(owners.name))
    .all();
  // Channels that still exist; a removed channel no longer needs its owners.
  const counts = new Map<number, number>();
  for (const link of db
    .select({ ownerId: channelOwners.ownerId })
    .from(channelOwners)
    .innerJoin(channels, eq(channels.id, channelOwners.channelId))
    .where(ne(channels.status, 'removed'))
    .all()) {
    counts.set(link.ownerId, (counts.get(link.ownerId) ?? 0) + 1);
  }
  return rows.map((r) => ({
    ...r.owner,
    departmentName: r.departmentName,
    channelCount: counts.get(r.owner.id) ?? 0,
  }));
}

export const getOwner = (db: Db, id: number) =>
  db.select().from(owners).where(eq(owners.id, id)).get();
export const getOwnersByIds = (db: Db, ids: number[]) =>
  ids.length ? db.select().from(owners).where(inIds(owners.id, ids)).all() : [];

/** The owner record linked to a signed-in user with the `owner` role, if any. */
export const ownerOfUser = (db: Db, userId: number) =>
  db.select().from(owners).where(eq(owners.userId, userId)).get();

function checkLinks(db: Db, input: OwnerInput, exceptId: number): Result<null> {
  if (
    !db
      .select({ id: departments.id })
      .from(departments)
      .where(eq(departments.id, input.departmentId))
      .get()
  ) {
    return fail('owner.departmentUnknown', { field: 'departmentId' });
  }
  if (input.userId !== null) {
    const user = db.select().from(users).where(eq(users.id, input.userId)).get();
    if (!user || !user.roles.includes('owner'))
      return fail('owner.userNotOwner', { field: 'userId' });
    const linked = ownerOfUser(db, input.userId);
    if (linked && linked.id !== exceptId)
      return fail('owner.userLinked', { field: 'userId', params: { name: linked.name } });
  }
  return ok(null);
}

/** Inserts inside the caller's transaction (the CSV import creates many at once). */
export function insertOwner(tx: Db, actor: Actor, input: OwnerInput, now: Date): Result<Owner> {
  const links = checkLinks(tx, input, 0);
  if (!links.ok) return links;
  const owner = tx
    .insert(owners)
    .values({ ...input, createdAt: now.toISOString(), updatedAt: now.toISOString() })
    .returning()
    .get();
  recordEvent(tx, {
    at: now,
    actor,
    action: 'owner.created',
    departmentId: owner.departmentId,
    details: { ownerId: owner.id, name: owner.name, userId: owner.userId },
  });
  return ok(owner);
}

export const createOwner = (db: Db, actor: Actor, input: OwnerInput, now: Date) =>
  transaction(db, (tx) => insertOwner(tx, actor, input, now));

/** Updates inside the caller's transaction; `version` is the one the editor saw. */
export function changeOwner(
  tx: Db,
  actor: Actor,
  id: number,
  input: OwnerInput,
  version: number,
  now: Date,
): Result<Owner> {
  const current = getOwner(tx, id);
  if (!current) return fail('owner.notFound', { status: 404 });
  const links = checkLinks(tx, input, id);
  if (!links.ok) return links;
  const updated = tx
    .update(owners)
    .set({ ...input, updatedAt: now.toISOString(), version: version + 1 })
    .where(and(eq(owners.id, id), eq(owners.version, version)))
    .returning()
    .get();
  if (!updated) return fail('error.conflict', { status: 409 });
  const changed = Object.fromEntries(
    (Object.keys(input) as (keyof OwnerInput)[])
      .filter((k) => current[k] !== updated[k])
      .map((k) => [k, { from: current[k], to: updated[k] }]),
  );
  recordEvent(tx, {
    at: now,
    actor,
    action: 'owner.updated',
    departmentId: updated.departmentId,
    details: { ownerId: id, changed },
  });
  return ok(updated);
}

export const updateOwner = (
  db: Db,
  actor: Actor,
  id: number,
  input: OwnerInput,
  version: number,
  now: Date,
) => transaction(db, (tx) => changeOwner(tx, actor, id, input, version, now));
