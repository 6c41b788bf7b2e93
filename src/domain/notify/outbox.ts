// Delivery of the notification outbox, independent of the runtime: the sender hands messages to
// a MailTransport (SMTP on Node, see src/node/mailer.ts). Each row is claimed before it is sent,
// so two senders on one database never send the same row twice; each attempt is recorded in
// delivery_attempts and audited; failures are retried with exponential back-off.
import { and, asc, eq, isNotNull, lte, sql } from 'drizzle-orm';
import {
  channels,
  deliveryAttempts,
  notifications,
  owners,
  type Language,
  type Notification,
} from '../../../db/schema';
import { recordEvent, SYSTEM } from '../audit/trail';
import { inIds, transaction, type Db } from '../lib/db';
import { composeMail } from './notices';

export type MailMessage = { to: string; subject: string; text: string };
export type SendResult =
  { ok: true; response: string } | { ok: false; response: string; permanent: boolean };
export interface MailTransport {
  send(msg: MailMessage): Promise<SendResult>;
}

export const OUTBOX = {
  /** A claimed row is left alone this long; longer than any SMTP timeout of the sender. */
  leaseMs: 5 * 60_000,
  retryBaseMs: 30_000,
  retryMaxMs: 30 * 60_000,
  /** After this many attempts (about three hours of retrying) a row is marked failed. */
  maxAttempts: 10,
  batchSize: 20,
  /** Events for one owner on one channel queued within this window go out as one e-mail. */
  groupWindowMs: 60_000,
};

/** Wait before the next try after the `attempt`-th failure: 30 s, 1 min, 2 min, ... at most 30 min. */
export const retryDelayMs = (attempt: number) =>
  Math.min(OUTBOX.retryBaseMs * 2 ** Math.max(0, attempt - 1), OUTBOX.retryMaxMs);

export type Claimed = Notification & { lang: Language; channelName: string };

/**
 * Claims up to `limit` due rows in one write transaction: the attempt counter goes up and the
 * row's next attempt moves past the lease, so no other sender sees it as due while it is sent.
 * A sender that dies mid-send leaves the row to be retried when the lease runs out.
 */
export function claimDue(db: Db, now: Date, limit = OUTBOX.batchSize): Claimed[] {
  const due = and(
    eq(notifications.status, 'queued'),
    isNotNull(notifications.toEmail),
    lte(notifications.nextAttemptAt, now.toISOString()),
  );
  return transaction(db, (tx) => {
    const ids = tx
      .select({ id: notifications.id })
      .from(notifications)
      .where(due)
      .orderBy(asc(notifications.nextAttemptAt), asc(notifications.id))
      .limit(limit)
      .all()
      .map((r) => r.id);
    if (!ids.length) return [];
    const rows = tx
      .update(notifications)
      .set({
        attempts: sql`${notifications.attempts} + 1`,
        nextAttemptAt: new Date(now.getTime() + OUTBOX.leaseMs).toISOString(),
      })
      .where(and(inIds(notifications.id, ids), due))
      .returning()
      .all();
    const langs = new Map(
      tx
        .select({ id: owners.id, language: owners.language })
        .from(owners)
        .where(
          inIds(
            owners.id,
            rows.map((r) => r.ownerId),
          ),
        )
        .all()
        .map((o) => [o.id, o.language]),
    );
    const channelIds = rows.map((r) => r.channelId).filter((id): id is number => id !== null);
    const names = new Map(
      tx
        .select({ id: channels.id, name: channels.name })
        .from(channels)
        .where(inIds(channels.id, channelIds))
        .all()
        .map((c) => [c.id, c.name]),
    );
    return rows.map((r) => ({
      ...r,
      lang: langs.get(r.ownerId) ?? 'nl',
      channelName: names.get(r.channelId ?? -1) ?? '',
    }));
  });
}

/** Rows for the same owner, address, channel and case created within the window: one e-mail. */
export function groupBurst(rows: Claimed[]): Claimed[][] {
  const key = (r: Claimed) => `${r.ownerId}|${r.toEmail}|${r.channelId}|${r.crisisId}|${r.caseId}`;
  const sorted = [...rows].sort(
    (a, b) => key(a).localeCompare(key(b)) || a.createdAt.localeCompare(b.createdAt) || a.id - b.id,
  );
  const groups: Claimed[][] = [];
  for (const row of sorted) {
    const group = groups.at(-1);
    const first = group?.[0];
    const within =
      first && Date.parse(row.createdAt) - Date.parse(first.createdAt) <= OUTBOX.groupWindowMs;
    if (group && first && key(first) === key(row) && within) group.push(row);
    else groups.push([row]);
  }
  return groups;
}

export type Outcome = 'sent' | 'retrying' | 'failed';

/** The server's answer as recorded: one line, bounded. SMTP answers carry no secrets. */
export const serverAnswer = (s: string) => s.replace(/\s+/g, ' ').trim().slice(0, 500) || '-';

/** Records one attempt for every row of a group, sets its state and audits it; one transaction. */
export function recordDelivery(db: Db, group: Claimed[], result: SendResult, now: Date): Outcome {
  const response = serverAnswer(result.response);
  const final =
    !result.ok && (result.permanent || group.every((r) => r.attempts >= OUTBOX.maxAttempts));
  const outcome: Outcome = result.ok ? 'sent' : final ? 'failed' : 'retrying';
  transaction(db, (tx) => {
    for (const row of group) {
      tx.insert(deliveryAttempts)
        .values({
          notificationId: row.id,
          attemptedAt: now.toISOString(),
          result: result.ok ? 'sent' : 'failed',
          response,
        })
        .run();
      const retryAt =
        outcome === 'retrying'
          ? new Date(now.getTime() + retryDelayMs(row.attempts)).toISOString()
          : null;
      tx.update(notifications)
        .set(
          outcome === 'sent'
            ? { status: 'sent', sentAt: now.toISOString(), lastError: null, nextAttemptAt: null }
            : outcome === 'failed'
              ? { status: 'failed', lastError: response, nextAttemptAt: null }
              : { lastError: response, nextAttemptAt: retryAt },
          // Only the sender holding the current claim moves the row on.
        )
        .where(and(eq(notifications.id, row.id), eq(notifications.attempts, row.attempts)))
        .run();
      recordEvent(tx, {
        at: now,
        actor: SYSTEM,
        action: result.ok ? 'notification.sent' : 'notification.failed',
        crisisId: row.crisisId,
        channelId: row.channelId,
        caseId: row.caseId,
        details: {
          notificationId: row.id,
          ownerId: row.ownerId,
          event: row.event,
          to: row.toEmail,
          attempt: row.attempts,
          response,
          final: outcome !== 'retrying',
          retryAt,
          groupedWith:
            group.length > 1 ? group.filter((g) => g.id !== row.id).map((g) => g.id) : undefined,
        },
      });
    }
  });
  return outcome;
}

export type DeliveryReport = Record<Outcome, number>;

/** One send; a transport that throws is a failure to retry, never an exception. */
export async function sendOnce(transport: MailTransport, msg: MailMessage): Promise<SendResult> {
  try {
    return await transport.send(msg);
  } catch (err) {
    return {
      ok: false,
      response: err instanceof Error ? err.message : String(err),
      permanent: false,
    };
  }
}

/**
 * Claims the due rows and sends them, one e-mail per group; never throws for a failed send.
 * Once `stop()` says so no further group is sent: the rest stay queued and are claimed again
 * when their lease runs out, so a shutdown waits for one send at most, not for a whole batch.
 */
export async function deliverDue(
  db: Db,
  transport: MailTransport,
  opts: { now: () => Date; baseUrl: string; batchSize?: number; stop?: () => boolean },
): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
  for (const group of groupBurst(claimDue(db, opts.now(), opts.batchSize))) {
    if (opts.stop?.()) break;
    const first = group[0]!;
    const mail = composeMail(group, {
      lang: first.lang,
      channelName: first.channelName,
      baseUrl: opts.baseUrl,
    });
    const result = await sendOnce(transport, { to: first.toEmail!, ...mail });
    report[recordDelivery(db, group, result, opts.now())] += group.length;
  }
  return report;
}
