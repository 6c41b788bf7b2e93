// The contact requests' outbox: claimed, sent and retried by the mail outbox's rule (lease,
// back-off, last try; src/domain/notify/outbox.ts), e-mail through the same MailTransport, SMS
// through the gateway (src/domain/notify/sms.ts). The personal link's token is made at the claim
// and only its hash stored. SMTP's acceptance is kept as the e-mail's receipt; the gateway's
// delivery report arrives later (contact-receipts.ts).
import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import {
  channels,
  contactMessages,
  contactRequests,
  crises,
  takeoverCases,
  users,
  type ContactMessage,
} from '../../../db/schema';
import { translator } from '../../i18n';
import { formatTime } from '../../i18n/format';
import { recordEvent, SYSTEM } from '../audit/trail';
import { iso, transaction, type Db } from '../lib/db';
import { OUTBOX, retryDelayMs, type MailTransport, type SendResult } from '../notify/outbox';
import { sendSms, type SmsGateway } from '../notify/sms';
import { notDelivered } from './contact-receipts';

export const hashLinkToken = (token: string) => createHash('sha256').update(token).digest('hex');

type Claimed = ContactMessage & {
  token: string;
  caseId: number;
  crisisId: number;
  channelId: number;
  crisisTitle: string;
  isExercise: boolean;
  channelName: string;
  expiresAt: string;
  operator: string;
};

/** Claims due messages of requests still open, each with a fresh link token. */
function claimDue(db: Db, now: Date, means: ('sms' | 'email')[]): Claimed[] {
  if (!means.length) return [];
  // A read first: the loop runs every few seconds and there is mostly nothing to send.
  if (!dueRows(db, now, means, 1).length) return [];
  return transaction(db, (t) => {
    const tx = t as unknown as Db;
    return dueRows(tx, now, means, OUTBOX.batchSize).map(({ message, ...rest }) => {
      const token = randomBytes(32).toString('base64url');
      tx.update(contactMessages)
        .set({
          attempts: sql`${contactMessages.attempts} + 1`,
          nextAttemptAt: iso(new Date(now.getTime() + OUTBOX.leaseMs)),
          tokenHash: hashLinkToken(token),
        })
        .where(eq(contactMessages.id, message.id))
        .run();
      return { ...message, ...rest, attempts: message.attempts + 1, token };
    });
  });
}

/** Due messages of requests still open: not answered, not expired, the case still contacting. */
function dueRows(db: Db, now: Date, means: ('sms' | 'email')[], limit: number) {
  return db
    .select({
      message: contactMessages,
      caseId: takeoverCases.id,
      crisisId: crises.id,
      channelId: channels.id,
      crisisTitle: crises.title,
      isExercise: crises.isExercise,
      channelName: channels.name,
      expiresAt: contactRequests.expiresAt,
      operator: users.name,
    })
    .from(contactMessages)
    .innerJoin(contactRequests, eq(contactRequests.id, contactMessages.requestId))
    .innerJoin(takeoverCases, eq(takeoverCases.id, contactRequests.caseId))
    .innerJoin(crises, eq(crises.id, takeoverCases.crisisId))
    .innerJoin(channels, eq(channels.id, takeoverCases.channelId))
    .innerJoin(users, eq(users.id, contactRequests.createdBy))
    .where(
      and(
        eq(contactMessages.status, 'queued'),
        lte(contactMessages.nextAttemptAt, iso(now)),
        inArray(contactMessages.means, means),
        isNull(contactRequests.answeredAt),
        gt(contactRequests.expiresAt, iso(now)),
        eq(takeoverCases.state, 'contacting'),
      ),
    )
    .orderBy(asc(contactMessages.nextAttemptAt), asc(contactMessages.id))
    .limit(limit)
    .all();
}

/** The short text in the owner's language: crisis, channel, what the cell intends, whom to call. */
export function contactText(m: Claimed, baseUrl: string) {
  const t = translator(m.language);
  const facts = {
    crisis: m.crisisTitle,
    channel: m.channelName,
    link: `${baseUrl.replace(/\/+$/, '')}/a/${m.token}`,
    until: formatTime(m.expiresAt, m.language),
    operator: m.operator,
    contact: t('notify.contact.default'),
  };
  const mark = m.isExercise ? `${t('contact.exercise')} ` : '';
  return {
    subject: mark + t('contact.email.subject', facts),
    text: mark + t(m.means === 'sms' ? 'contact.sms.text' : 'contact.email.text', facts),
  };
}

function recordSend(db: Db, m: Claimed, result: SendResult & { id?: string }, now: Date) {
  const final = !result.ok && (result.permanent || m.attempts >= OUTBOX.maxAttempts);
  const retryAt =
    !result.ok && !final ? iso(new Date(now.getTime() + retryDelayMs(m.attempts))) : null;
  transaction(db, (t) => {
    const tx = t as unknown as Db;
    tx.update(contactMessages)
      .set(
        result.ok
          ? {
              status: 'sent',
              sentAt: iso(now),
              nextAttemptAt: null,
              lastError: null,
              providerRef: result.id ?? result.response,
              // SMTP's acceptance is the e-mail's receipt; an SMS waits for its delivery report.
              ...(m.means === 'email'
                ? {
                    delivery: 'accepted' as const,
                    deliveryAt: iso(now),
                    deliveryDetail: result.response,
                  }
                : {}),
            }
          : final
            ? {
                status: 'failed',
                nextAttemptAt: null,
                lastError: result.response,
                delivery: 'not_delivered',
                deliveryAt: iso(now),
                deliveryDetail: result.response,
              }
            : { nextAttemptAt: retryAt, lastError: result.response },
      )
      .where(and(eq(contactMessages.id, m.id), eq(contactMessages.attempts, m.attempts)))
      .run();
    if (final) notDelivered(tx, m.attemptId);
    recordEvent(tx, {
      at: now,
      actor: SYSTEM,
      action: result.ok ? 'contact.message_sent' : 'contact.message_failed',
      crisisId: m.crisisId,
      channelId: m.channelId,
      caseId: m.caseId,
      details: {
        messageId: m.id,
        attemptId: m.attemptId,
        requestId: m.requestId,
        means: m.means,
        attempt: m.attempts,
        response: result.response,
        final: result.ok || final,
        retryAt,
      },
    });
  });
  return result.ok ? 'sent' : final ? 'failed' : 'retrying';
}

export type ContactTransports = { mail: MailTransport | null; sms: SmsGateway | null };

/** Sends the due messages of open requests by the transports there are; never throws for a send. */
export async function deliverContactMessages(
  db: Db,
  transports: ContactTransports,
  opts: { now: () => Date; baseUrl: string },
) {
  const report = { sent: 0, retrying: 0, failed: 0 };
  const means = [
    ...(transports.sms ? (['sms'] as const) : []),
    ...(transports.mail ? (['email'] as const) : []),
  ];
  for (const m of claimDue(db, opts.now(), means)) {
    const text = contactText(m, opts.baseUrl);
    let result: SendResult & { id?: string };
    try {
      result =
        m.means === 'sms'
          ? await sendSms(transports.sms!, {
              to: m.toAddress,
              text: text.text,
              reference: `ctc-${m.id}`,
              reportUrl: `${opts.baseUrl.replace(/\/+$/, '')}/sms/reports`,
            })
          : await transports.mail!.send({ to: m.toAddress, ...text });
    } catch (err) {
      result = { ok: false, response: String(err), permanent: false };
    }
    report[recordSend(db, m, result, opts.now())] += 1;
  }
  return report;
}
