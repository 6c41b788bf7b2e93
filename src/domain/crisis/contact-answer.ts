// The owner's one-tap answer to a contact request, by the personal link alone (no account, no
// script): "I handle it myself", "take it over" or "call me back on ...". The answer goes
// through the operators' own step (recordContactAttempt), so Article 2's rules apply as they
// do for a tap on the case page, with the owner as the actor by link. A link is single-use,
// expires, and dies when the case leaves `contacting`; every dead or unknown link gets the
// same answer, which names nothing.
import { createHash, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import {
  channels,
  contactMessages,
  contactRequests,
  crises,
  owners,
  takeoverCases,
  type ContactMessage,
  type ContactRequest,
  type Language,
} from '../../../db/schema';
import type { Actor } from '../audit/trail';
import { iso, transaction, type Db } from '../lib/db';
import { fail, ok, type Result } from '../lib/result';
import { article2Applies } from './article2';
import { hashLinkToken } from './contact-delivery';
import { recordContactAttempt } from './takeover';

export const ANSWERS = ['handles', 'agrees', 'callback'] as const;
export type Answer = (typeof ANSWERS)[number];
const OUTCOME = {
  handles: 'reached_owner_handles',
  agrees: 'reached_owner_agrees',
  callback: 'callback_requested',
} as const;

export type OpenLink = {
  request: ContactRequest;
  message: ContactMessage;
  caseVersion: number;
  ownerId: number;
  ownerUserId: number | null;
  ownerName: string;
  language: Language;
  crisisTitle: string;
  channelName: string;
};

/** The token that protects the answer form: bound to the link, so no session is needed. */
export const formTokenOf = (token: string) =>
  createHash('sha256').update(`answer-form:${token}`).digest('base64url');

export function formTokenMatches(token: string, sent: string | undefined): boolean {
  const a = Buffer.from(formTokenOf(token));
  const b = Buffer.from(sent ?? '');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The request behind a link while it may still be answered, else null (whatever the reason). */
export function openLink(db: Db, token: string, now: Date): OpenLink | null {
  if (!/^[\w-]{43}$/.test(token)) return null;
  const row = db
    .select({
      message: contactMessages,
      request: contactRequests,
      kase: takeoverCases,
      crisis: crises,
      channelName: channels.name,
      owner: owners,
    })
    .from(contactMessages)
    .innerJoin(contactRequests, eq(contactRequests.id, contactMessages.requestId))
    .innerJoin(takeoverCases, eq(takeoverCases.id, contactRequests.caseId))
    .innerJoin(crises, eq(crises.id, takeoverCases.crisisId))
    .innerJoin(channels, eq(channels.id, takeoverCases.channelId))
    .innerJoin(owners, eq(owners.id, contactRequests.ownerId))
    .where(eq(contactMessages.tokenHash, hashLinkToken(token)))
    .get();
  if (
    !row ||
    row.request.answeredAt ||
    row.request.expiresAt <= iso(now) ||
    row.kase.state !== 'contacting' ||
    !article2Applies(row.crisis).open
  )
    return null;
  return {
    request: row.request,
    message: row.message,
    caseVersion: row.kase.version,
    ownerId: row.owner.id,
    ownerUserId: row.owner.userId,
    ownerName: row.owner.name,
    language: row.owner.language,
    crisisTitle: row.crisis.title,
    channelName: row.channelName,
  };
}

/** A number to call back: digits with the usual separators, 6 to 15 digits. */
export const callbackPhoneProblem = (phone: string) => {
  const digits = phone.replace(/\D/g, '').length;
  return /^\+?[\d\s().\/-]+$/.test(phone) && digits >= 6 && digits <= 15
    ? null
    : ('contact.answer.phoneInvalid' as const);
};

/** Records the owner's answer as the outcome of the attempt the link was sent with. */
export function answerLink(
  db: Db,
  token: string,
  input: { answer: Answer; phone: string },
  now: Date,
): Result<{ answer: Answer }> {
  const phone = input.phone.trim();
  if (input.answer === 'callback') {
    const problem = callbackPhoneProblem(phone);
    if (problem) return fail(problem, { field: 'phone', status: 422 });
  }
  return transaction(db, (t) => {
    const tx = t as unknown as Db;
    const link = openLink(tx, token, now);
    if (!link) return fail('contact.link.gone', { status: 404 });
    const actor: Actor = { userId: link.ownerUserId, role: 'owner_by_link' };
    const step = recordContactAttempt(
      tx,
      actor,
      {
        caseId: link.request.caseId,
        version: link.caseVersion,
        ownerId: link.ownerId,
        means: link.message.means,
        outcome: OUTCOME[input.answer],
        answers: link.message.attemptId,
        note: input.answer === 'callback' ? phone : '',
      },
      now,
    );
    if (!step.ok) return step;
    tx.update(contactRequests)
      .set({
        answeredAt: iso(now),
        answer: input.answer,
        callbackPhone: input.answer === 'callback' ? phone : null,
      })
      .where(eq(contactRequests.id, link.request.id))
      .run();
    return ok({ answer: input.answer });
  });
}
