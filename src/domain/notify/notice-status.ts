// Read models of the notifications for the crisis cell: who of a case's owners was informed,
// when, whether they acknowledged and what they replied (the crisis board), and the outbox itself
// (what was or will be e-mailed, with every delivery attempt).
import { asc, desc, eq } from 'drizzle-orm';
import {
  channels,
  deliveryAttempts,
  notifications,
  ownerReplies,
  owners,
  users,
  type Language,
  type Notification,
  type NotificationEvent,
} from '../../../db/schema';
import { inIds, type Db } from '../lib/db';
import { composeMail, type MailText } from './notices';

export type CaseNotice = {
  id: number;
  caseId: number;
  ownerId: number;
  ownerName: string;
  event: NotificationEvent;
  status: Notification['status'];
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  sentAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedByName: string | null;
};

/** A notice that did not get through (the mail server refused it, or the owner has no address): someone must call. */
export const undelivered = (n: Pick<Notification, 'status'>) =>
  n.status === 'failed' || n.status === 'not_sendable';

export type CaseReply = {
  id: number;
  caseId: number;
  ownerId: number;
  ownerName: string;
  body: string;
  createdAt: string;
};

function byCase<T extends { caseId: number }>(caseIds: number[], rows: T[]): Map<number, T[]> {
  const map = new Map<number, T[]>(caseIds.map((id) => [id, []]));
  for (const row of rows) map.get(row.caseId)?.push(row);
  return map;
}

/** Every notification of these cases, per case, oldest first (for <NoticeStatus notices=.../>). */
export function noticesForCases(db: Db, caseIds: number[]): Map<number, CaseNotice[]> {
  if (!caseIds.length) return new Map();
  const rows = db
    .select({
      id: notifications.id,
      caseId: notifications.caseId,
      ownerId: notifications.ownerId,
      ownerName: owners.name,
      event: notifications.event,
      status: notifications.status,
      attempts: notifications.attempts,
      lastError: notifications.lastError,
      nextAttemptAt: notifications.nextAttemptAt,
      createdAt: notifications.createdAt,
      sentAt: notifications.sentAt,
      acknowledgedAt: notifications.acknowledgedAt,
      acknowledgedByName: users.name,
    })
    .from(notifications)
    .innerJoin(owners, eq(owners.id, notifications.ownerId))
    .leftJoin(users, eq(users.id, notifications.acknowledgedBy))
    .where(inIds(notifications.caseId, caseIds))
    .orderBy(asc(notifications.id))
    .all();
  return byCase(caseIds, rows as CaseNotice[]);
}

/** The owners' replies to these cases, per case, oldest first. */
export function repliesForCases(db: Db, caseIds: number[]): Map<number, CaseReply[]> {
  if (!caseIds.length) return new Map();
  const rows = db
    .select({
      id: ownerReplies.id,
      caseId: ownerReplies.caseId,
      ownerId: ownerReplies.ownerId,
      ownerName: owners.name,
      body: ownerReplies.body,
      createdAt: ownerReplies.createdAt,
    })
    .from(ownerReplies)
    .innerJoin(owners, eq(owners.id, ownerReplies.ownerId))
    .where(inIds(ownerReplies.caseId, caseIds))
    .orderBy(asc(ownerReplies.id))
    .all();
  return byCase(caseIds, rows);
}

export type OutboxEntry = Notification & {
  ownerName: string;
  lang: Language;
  channelName: string | null;
  /** The e-mail as the sender composes it (one row; a burst may go out grouped). */
  mail: MailText;
  history: { attemptedAt: string; result: 'sent' | 'failed'; response: string }[];
};

/** The latest notifications, newest first, with the e-mail text and every delivery attempt. */
export function outboxEntries(db: Db, baseUrl: string, limit = 200): OutboxEntry[] {
  const rows = db
    .select({
      n: notifications,
      ownerName: owners.name,
      lang: owners.language,
      channelName: channels.name,
    })
    .from(notifications)
    .innerJoin(owners, eq(owners.id, notifications.ownerId))
    .leftJoin(channels, eq(channels.id, notifications.channelId))
    .orderBy(desc(notifications.id))
    .limit(limit)
    .all();
  const ids = rows.map((r) => r.n.id);
  const attempts = ids.length
    ? db
        .select()
        .from(deliveryAttempts)
        .where(inIds(deliveryAttempts.notificationId, ids))
        .orderBy(asc(deliveryAttempts.id))
        .all()
    : [];
  return rows.map(({ n, ownerName, lang, channelName }) => ({
    ...n,
    ownerName,
    lang,
    channelName,
    mail: composeMail([n], { lang, channelName: channelName ?? '', baseUrl }),
    history: attempts.filter((a) => a.notificationId === n.id),
  }));
}
