// The owner's side: the signed-in user is an owner when an active owners row points at their
// account (owners.userId). They see only their own channels, the takeovers and holds on those,
// and the notifications addressed to them; they acknowledge those and reply to the crisis cell.
// Anything else answers "not found", so an owner cannot even learn that it exists.
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import {
  channelOwners,
  channels,
  crises,
  departments,
  holds,
  notifications,
  ownerReplies,
  owners,
  takeoverCases,
  type Channel,
  type Crisis,
  type Hold,
  type Notification,
  type Owner,
  type TakeoverCase,
} from '../../../db/schema';
import { recordEvent, type Actor } from '../audit/trail';
import { inIds, transaction, type Db } from '../lib/db';
import { reachesOwner } from '../exercise/participants';
import { fail, ok, type Result } from '../lib/result';

export function ownerOfUser(db: Db, userId: number | null): Owner | undefined {
  if (userId === null) return undefined;
  return db
    .select()
    .from(owners)
    .where(and(eq(owners.userId, userId), eq(owners.active, true)))
    .get();
}

export type InboxChannel = { channel: Channel; position: number; departmentName: string };
export type InboxCase = {
  takeover: TakeoverCase;
  channelName: string;
  crisisTitle: string;
  crisis: Pick<Crisis, 'status' | 'startedAt' | 'contactName' | 'contactPhone'>;
  isExercise: boolean;
  holds: Hold[];
  replies: { body: string; createdAt: string }[];
};
export type OwnerInbox = {
  owner: Owner;
  channels: InboxChannel[];
  cases: InboxCase[];
  notifications: Notification[];
  /** The crises of those notifications that are closed: their read notices fold away. */
  closedCrisisIds: Set<number>;
};

const notFound = () => fail('error.notFound.body', { status: 404 });

/** Everything the owner's page shows, or null when the user is not a registered owner. */
export function ownerInbox(db: Db, userId: number): OwnerInbox | null {
  const owner = ownerOfUser(db, userId);
  if (!owner) return null;
  const mine = db
    .select({
      channel: channels,
      position: channelOwners.position,
      departmentName: departments.name,
    })
    .from(channelOwners)
    .innerJoin(channels, eq(channels.id, channelOwners.channelId))
    .innerJoin(departments, eq(departments.id, channels.departmentId))
    .where(and(eq(channelOwners.ownerId, owner.id), isNull(channels.archivedAt)))
    .orderBy(asc(channels.name))
    .all();
  const channelIds = mine.map((m) => m.channel.id);
  const cases = channelIds.length
    ? db
        .select({
          takeover: takeoverCases,
          channelName: channels.name,
          crisisTitle: crises.title,
          crisis: {
            status: crises.status,
            startedAt: crises.startedAt,
            contactName: crises.contactName,
            contactPhone: crises.contactPhone,
          },
          isExercise: crises.isExercise,
          exerciseNotify: crises.exerciseNotify,
        })
        .from(takeoverCases)
        .innerJoin(channels, eq(channels.id, takeoverCases.channelId))
        .innerJoin(crises, eq(crises.id, takeoverCases.crisisId))
        .where(inIds(takeoverCases.channelId, channelIds))
        .orderBy(desc(takeoverCases.createdAt), desc(takeoverCases.id))
        .limit(50)
        .all()
        // An exercise that notifies only its participants stays off the other owners' pages too.
        .filter((c) =>
          reachesOwner(
            db,
            { id: c.takeover.crisisId, isExercise: c.isExercise, exerciseNotify: c.exerciseNotify },
            owner,
          ),
        )
    : [];
  const caseIds = cases.map((c) => c.takeover.id);
  const caseHolds = caseIds.length
    ? db.select().from(holds).where(inIds(holds.caseId, caseIds)).orderBy(asc(holds.placedAt)).all()
    : [];
  const replies = caseIds.length
    ? db
        .select()
        .from(ownerReplies)
        .where(and(inIds(ownerReplies.caseId, caseIds), eq(ownerReplies.ownerId, owner.id)))
        .orderBy(asc(ownerReplies.id))
        .all()
    : [];
  const notices = db
    .select()
    .from(notifications)
    .where(eq(notifications.ownerId, owner.id))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(100)
    .all();
  const crisisIds = [...new Set(notices.flatMap((n) => (n.crisisId ? [n.crisisId] : [])))];
  return {
    owner,
    channels: mine,
    cases: cases.map((c) => ({
      ...c,
      holds: caseHolds.filter((h) => h.caseId === c.takeover.id),
      replies: replies.filter((r) => r.caseId === c.takeover.id),
    })),
    notifications: notices,
    closedCrisisIds: new Set(
      crisisIds.length
        ? db
            .select({ id: crises.id })
            .from(crises)
            .where(and(inIds(crises.id, crisisIds), eq(crises.status, 'closed')))
            .all()
            .map((c) => c.id)
        : [],
    ),
  };
}

/** The owner confirms they read a notification: who and when, audited. Repeating it changes nothing. */
export function acknowledgeNotification(
  db: Db,
  actor: Actor,
  notificationId: number,
  now: Date,
): Result<Notification> {
  return transaction(db, (tx) => {
    const owner = ownerOfUser(tx, actor.userId);
    if (!owner) return notFound();
    const mine = and(eq(notifications.id, notificationId), eq(notifications.ownerId, owner.id));
    const row = tx
      .update(notifications)
      .set({ acknowledgedAt: now.toISOString(), acknowledgedBy: actor.userId })
      .where(and(mine, isNull(notifications.acknowledgedAt)))
      .returning()
      .get();
    if (!row) {
      const existing = tx.select().from(notifications).where(mine).get();
      return existing ? ok(existing) : notFound();
    }
    recordEvent(tx, {
      at: now,
      actor,
      action: 'notification.acknowledged',
      crisisId: row.crisisId,
      channelId: row.channelId,
      caseId: row.caseId,
      details: { notificationId: row.id, ownerId: owner.id, event: row.event },
    });
    return ok(row);
  });
}

/**
 * "Alles bevestigen": every notice the owner was shown, each acknowledged in a transaction of its
 * own with its own audit event (as one by one); ids not theirs are skipped. Returns how many.
 */
export function acknowledgeNotifications(db: Db, actor: Actor, ids: number[], now: Date): number {
  return [...new Set(ids)].filter((id) => acknowledgeNotification(db, actor, id, now).ok).length;
}

/** A short note from the owner to the crisis cell about a case on one of their channels. */
export function replyToCase(
  db: Db,
  actor: Actor,
  caseId: number,
  body: string,
  now: Date,
): Result<{ id: number }> {
  return transaction(db, (tx) => {
    const owner = ownerOfUser(tx, actor.userId);
    if (!owner) return notFound();
    const found = tx
      .select({ takeover: takeoverCases })
      .from(takeoverCases)
      .innerJoin(
        channelOwners,
        and(
          eq(channelOwners.channelId, takeoverCases.channelId),
          eq(channelOwners.ownerId, owner.id),
        ),
      )
      .where(eq(takeoverCases.id, caseId))
      .get();
    if (!found) return notFound();
    const { takeover } = found;
    const reply = tx
      .insert(ownerReplies)
      .values({ ownerId: owner.id, caseId, body, createdAt: now.toISOString() })
      .returning({ id: ownerReplies.id })
      .get();
    recordEvent(tx, {
      at: now,
      actor,
      action: 'owner.replied',
      crisisId: takeover.crisisId,
      channelId: takeover.channelId,
      caseId,
      details: { replyId: reply.id, ownerId: owner.id, note: body },
    });
    return ok(reply);
  });
}
