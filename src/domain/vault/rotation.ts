// After a reveal: the login details are marked to rotate (reveal.ts). The channel's owner, or
// Communicatie, changes the password on the platform and records it here, which clears the mark.
// New details stored in the vault clear it too (credentials.ts), since they are the rotation.
// A recorded change leaves the vault with the old password until Communicatie stores the new one.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { auditEvents, channelOwners, channels, credentials } from '../../../db/schema';
import { recordEvent, type Actor, type AuditAction } from '../audit/trail';
import { inIds, prepared, transaction, type Db } from '../lib/db';
import { ownerOfUser } from '../notify/owner-inbox';
import { fail, ok, type Result } from '../lib/result';

export type ToRotate = {
  channelId: number;
  name: string;
  handle: string;
  lastRevealedAt: string | null;
  version: number;
};

/** The owner's channels whose revealed password still has to be changed. */
export function rotationsForOwner(db: Db, userId: number): ToRotate[] {
  const owner = ownerOfUser(db, userId);
  if (!owner) return [];
  return db
    .select({
      channelId: channels.id,
      name: channels.name,
      handle: channels.handle,
      lastRevealedAt: credentials.lastRevealedAt,
      version: credentials.version,
    })
    .from(channelOwners)
    .innerJoin(channels, eq(channels.id, channelOwners.channelId))
    .innerJoin(credentials, eq(credentials.channelId, channels.id))
    .where(and(eq(channelOwners.ownerId, owner.id), eq(credentials.mustRotate, true)))
    .all();
}

/**
 * "The password was changed on the platform." Communicatie may record it for any channel; an
 * owner only for a channel registered to them (anything else is "not found" to them).
 */
export function recordRotation(
  db: Db,
  actor: Actor,
  input: { channelId: number; version: number; asOwner: boolean },
  now: Date,
): Result<{ channelId: number }> {
  return transaction(db, (t) => {
    const tx = t as unknown as Db;
    const channel = tx.select().from(channels).where(eq(channels.id, input.channelId)).get();
    const row = tx
      .select()
      .from(credentials)
      .where(eq(credentials.channelId, input.channelId))
      .get();
    if (!channel || !row) return fail('credentials.noneStored', { status: 404 });
    const owner = input.asOwner ? ownerOfUser(tx, actor.userId) : undefined;
    if (input.asOwner) {
      const link =
        owner &&
        tx
          .select()
          .from(channelOwners)
          .where(and(eq(channelOwners.channelId, channel.id), eq(channelOwners.ownerId, owner.id)))
          .get();
      if (!link) return fail('rotation.notYours', { status: 404 });
    }
    if (!row.mustRotate) return fail('rotation.notNeeded', { status: 422 });
    const next = tx
      .update(credentials)
      .set({ mustRotate: false, version: row.version + 1 })
      .where(and(eq(credentials.channelId, row.channelId), eq(credentials.version, input.version)))
      .returning()
      .get();
    if (!next) return fail('error.conflict', { status: 409 });
    recordEvent(tx, {
      at: now,
      actor,
      action: 'credentials.rotated',
      channelId: channel.id,
      departmentId: channel.departmentId,
      // The vault still holds the old password until Communicatie stores the new one.
      details: {
        by: owner ? 'owner' : 'communicatie',
        ownerId: owner?.id ?? null,
        revealedAt: row.lastRevealedAt,
        vaultUpdated: false,
      },
    });
    return ok({ channelId: channel.id });
  });
}

type LoginState = {
  channelId: number;
  changedAt: string;
  lastRevealedAt: string | null;
  mustRotate: boolean;
};

// What the vault holds is set by storing details; a recorded change on the platform outdates it.
export const VAULT_EVENTS: AuditAction[] = [
  'credentials.stored',
  'credentials.updated',
  'credentials.rotated',
];
// SQLite takes the bare columns from the row holding max(seq): each channel's last such event.
// `+action` keeps SQLite off the action index (every channel's stores) and on the channel one.
const lastVaultEvents = prepared((db) =>
  db
    .select({
      channelId: auditEvents.channelId,
      action: auditEvents.action,
      at: auditEvents.at,
      seq: sql<number>`max(${auditEvents.seq})`,
    })
    .from(auditEvents)
    .where(
      and(
        inIds(auditEvents.channelId, sql.placeholder('ids')),
        inArray(sql`+${auditEvents.action}`, VAULT_EVENTS),
      ),
    )
    .groupBy(auditEvents.channelId)
    .prepare(),
);

/**
 * Channels whose password was changed on the platform after their details were last stored (the
 * vault still holds the old one), with when the change was recorded. Only a reveal after the
 * last store, no longer marked to rotate, can be one: those few are confirmed from the audit
 * trail, whose order (not the clock, which may tie) says whether the change or a store came last.
 */
export function outdatedLogins(db: Db, logins: LoginState[]): Map<number, string> {
  const candidates = logins
    .filter((l) => !l.mustRotate && l.lastRevealedAt && l.lastRevealedAt >= l.changedAt)
    .map((l) => l.channelId);
  if (!candidates.length) return new Map();
  const last = lastVaultEvents(db).all({ ids: JSON.stringify(candidates) });
  return new Map(
    last.filter((e) => e.action === 'credentials.rotated').map((e) => [e.channelId!, e.at]),
  );
}
