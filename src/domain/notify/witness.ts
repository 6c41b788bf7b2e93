// Witnesses by e-mail (README "Audit checkpoints"): each checkpoint is mailed to the auditors'
// addresses (AUDIT_WITNESS_EMAILS), so a copy exists where the database's keeper cannot rewrite
// it. The first checkpoint of a Brussels day goes at once; the day's later ones go as one digest
// once the day is over. Queued from committed `checkpoints` rows only (a checkpoint whose
// transaction rolls back is never mailed; one committed just before a crash is queued on the next
// run), sent through the owners' MailTransport with the same claim and back-off, every attempt
// audited. A server that is down is retried until it answers: only a refusal of the address fails.
import { and, asc, eq, gt, lte, max, sql } from 'drizzle-orm';
import { checkpoints, witnessMails, type Checkpoint, type WitnessMail } from '../../../db/schema';
import { translator } from '../../i18n';
import { toBrusselsLocal } from '../../i18n/format';
import { recordEvent, SYSTEM } from '../audit/trail';
import { inIds, transaction, type Db, type Tx } from '../lib/db';
import { groupBy } from '../lib/group';
import {
  OUTBOX,
  retryDelayMs,
  sendOnce,
  serverAnswer,
  type DeliveryReport,
  type MailTransport,
  type Outcome,
  type SendResult,
} from './outbox';

const dayOf = (iso: string) => toBrusselsLocal(iso).slice(0, 10);

/**
 * The mail: a short note in Dutch and English, the verifier's command, then each signed note
 * exactly as stored, so the mail's text (or the saved message) is itself a checkpoint file.
 */
export function witnessMailText(
  list: Checkpoint[],
  day: string,
): { subject: string; text: string } {
  const [nl, en] = [translator('nl'), translator('en')];
  const first = list[0]!;
  const origin = first.note.slice(0, first.note.indexOf('\n'));
  const params = { number: first.number, last: list.at(-1)!.number, day, origin };
  const key = list.length === 1 ? 'witness.subject.one' : 'witness.subject.digest';
  return {
    subject: `${nl(key, params)} / ${en(key, params)}`,
    text: [
      nl('witness.body', params),
      en('witness.body', params),
      'node verify-export.mjs --key checkpoint-key.pub audit-export.json this-mail.eml',
      ...list.map((cp) => cp.note),
    ].join('\n\n'),
  };
}

function queue(
  tx: Tx,
  to: string,
  day: string,
  kind: WitnessMail['kind'],
  list: Checkpoint[],
  now: Date,
) {
  const mail = witnessMailText(list, day);
  tx.insert(witnessMails)
    .values({
      toEmail: to,
      day,
      kind,
      firstCheckpoint: list[0]!.number,
      lastCheckpoint: list.at(-1)!.number,
      subject: mail.subject,
      body: mail.text,
      nextAttemptAt: now.toISOString(),
      createdAt: now.toISOString(),
    })
    .run();
}

/**
 * Queues the mails the committed checkpoints call for; returns how many. An address new to the
 * list starts at the newest checkpoint (the older ones are on /audit/checkpoints).
 */
export function queueWitnessMails(db: Db, addresses: readonly string[], now: Date): number {
  if (!addresses.length) return 0;
  const today = dayOf(now.toISOString());
  return transaction(db, (tx) => {
    const newest =
      tx
        .select({ n: max(checkpoints.number) })
        .from(checkpoints)
        .get()?.n ?? 0;
    let queued = 0;
    for (const to of addresses) {
      const mine = eq(witnessMails.toEmail, to);
      const covered = tx
        .select({ n: max(witnessMails.lastCheckpoint) })
        .from(witnessMails)
        .where(mine)
        .get()?.n;
      const pending = tx
        .select()
        .from(checkpoints)
        .where(gt(checkpoints.number, covered ?? Math.max(0, newest - 1)))
        .orderBy(asc(checkpoints.number))
        .all();
      for (const [day, list] of groupBy(pending, (cp) => dayOf(cp.madeAt))) {
        const started = tx
          .select({ id: witnessMails.id })
          .from(witnessMails)
          .where(and(mine, eq(witnessMails.day, day)))
          .get();
        const kind = started ? 'digest' : 'first';
        // A past day's remaining checkpoints go together; today's wait for the day to end.
        if (day < today) queue(tx, to, day, kind, list, now);
        else if (!started) queue(tx, to, day, kind, list.slice(0, 1), now);
        else continue;
        queued++;
      }
    }
    return queued;
  });
}

const due = (now: Date) =>
  and(eq(witnessMails.status, 'queued'), lte(witnessMails.nextAttemptAt, now.toISOString()));

/** Claims due mails (attempt counted, next attempt past the lease), as the owners' outbox does. */
function claim(db: Db, now: Date): WitnessMail[] {
  return transaction(db, (tx) => {
    const ids = tx
      .select({ id: witnessMails.id })
      .from(witnessMails)
      .where(due(now))
      .orderBy(asc(witnessMails.id))
      .limit(OUTBOX.batchSize)
      .all()
      .map((r) => r.id);
    if (!ids.length) return [];
    return tx
      .update(witnessMails)
      .set({
        attempts: sql`${witnessMails.attempts} + 1`,
        nextAttemptAt: new Date(now.getTime() + OUTBOX.leaseMs).toISOString(),
      })
      .where(and(inIds(witnessMails.id, ids), due(now)))
      .returning()
      .all();
  });
}

function record(db: Db, mail: WitnessMail, result: SendResult, now: Date): Outcome {
  const response = serverAnswer(result.response);
  const outcome: Outcome = result.ok ? 'sent' : result.permanent ? 'failed' : 'retrying';
  const retryAt =
    outcome === 'retrying'
      ? new Date(now.getTime() + retryDelayMs(mail.attempts)).toISOString()
      : null;
  transaction(db, (tx) => {
    tx.update(witnessMails)
      .set(
        outcome === 'sent'
          ? { status: 'sent', sentAt: now.toISOString(), lastError: null, nextAttemptAt: null }
          : {
              status: outcome === 'failed' ? 'failed' : 'queued',
              lastError: response,
              nextAttemptAt: retryAt,
            },
      )
      // Only the sender holding the current claim moves the mail on.
      .where(and(eq(witnessMails.id, mail.id), eq(witnessMails.attempts, mail.attempts)))
      .run();
    recordEvent(tx, {
      at: now,
      actor: SYSTEM,
      action: result.ok ? 'audit.witness_sent' : 'audit.witness_failed',
      details: {
        witnessMailId: mail.id,
        to: mail.toEmail,
        checkpoints: [mail.firstCheckpoint, mail.lastCheckpoint],
        attempt: mail.attempts,
        response,
        final: outcome !== 'retrying',
        retryAt,
      },
    });
  });
  return outcome;
}

/** Sends the due witness mails; never throws for a failed send. */
export async function deliverWitnessMails(
  db: Db,
  transport: MailTransport,
  opts: { now: () => Date; stop?: () => boolean },
): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
  for (const mail of claim(db, opts.now())) {
    if (opts.stop?.()) break;
    const result = await sendOnce(transport, {
      to: mail.toEmail,
      subject: mail.subject,
      text: mail.body,
    });
    report[record(db, mail, result, opts.now())]++;
  }
  return report;
}

/** The newest witness mails, for /audit/checkpoints. */
export const recentWitnessMails = (db: Db, limit = 50) =>
  db
    .select()
    .from(witnessMails)
    .orderBy(sql`${witnessMails.id} DESC`)
    .limit(limit)
    .all();
