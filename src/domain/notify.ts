// Owner notifications through a transactional outbox: queueOwnerNotifications() is called inside
// the transaction of the event that causes it, so a notification exists exactly when its event
// does. A sender (src/node/mailer.ts) delivers queued rows later.
import { asc, eq } from 'drizzle-orm';
import { channelOwners, channels, notifications, owners, type NotificationEvent } from '../../db/schema';
import { translator, type MessageKey } from '../i18n';
import type { Db } from './db';

export type OwnerNotice = {
  event: NotificationEvent;
  channelId: number;
  crisisId?: number | null;
  caseId?: number | null;
  /** Facts for the message text (basis, justification, deadline, post, who, why, note...). Never a secret. */
  facts?: Record<string, string | number | null>;
  isExercise?: boolean;
};

/** Queues one message per registered owner of the channel; returns how many were queued. */
export function queueOwnerNotifications(tx: Db, notice: OwnerNotice, now: Date): number {
  const channel = tx.select().from(channels).where(eq(channels.id, notice.channelId)).get();
  if (!channel) return 0;
  const recipients = tx.select({ owner: owners }).from(channelOwners)
    .innerJoin(owners, eq(owners.id, channelOwners.ownerId))
    .where(eq(channelOwners.channelId, notice.channelId))
    .orderBy(asc(channelOwners.position)).all();
  for (const { owner } of recipients) {
    const t = translator(owner.language);
    const params = { channel: channel.name, ...Object.fromEntries(
      Object.entries(notice.facts ?? {}).map(([k, v]) => [k, v ?? '']),
    ) };
    tx.insert(notifications).values({
      ownerId: owner.id,
      channelId: channel.id,
      crisisId: notice.crisisId ?? null,
      caseId: notice.caseId ?? null,
      event: notice.event,
      toEmail: owner.email,
      subject: t(`notify.${notice.event}.subject` as MessageKey, params),
      body: t(`notify.${notice.event}.body` as MessageKey, params),
      isExercise: notice.isExercise ?? false,
      status: owner.email ? 'queued' : 'not_sendable',
      nextAttemptAt: now.toISOString(),
      createdAt: now.toISOString(),
    }).run();
  }
  return recipients.length;
}
