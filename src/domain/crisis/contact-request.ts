// "Stuur contactverzoek": the console asks an owner itself, by SMS and/or e-mail, with a
// personal link to a one-tap answer (contact-answer.ts). Sending is itself a contact attempt per
// means (outcome awaiting_answer), written in the same transaction as the request, its queued
// messages and their audit events; contact-delivery.ts sends them and records the receipts.
import { desc, eq } from 'drizzle-orm';
import {
  contactAttempts,
  contactMessages,
  contactRequests,
  type ContactMessage,
  type ContactRequest,
  type Owner,
} from '../../../db/schema';
import type { ContactSettings } from '../../config';
import type { Actor } from '../audit/trail';
import { iso, type Db } from '../lib/db';
import { ok, type Result } from '../lib/result';
import { advance, caseEvent, caseStep, conflict, invalid, type CaseRef } from './case-step';
import { receiptsOf } from './contact-receipts';
import { escalationChain } from './escalation';
import { reachesOwner } from '../exercise/participants';

export type RequestMeans = 'sms' | 'email';
/** Per means: it will be used, or why not (the button says so). */
export type ContactOptions = {
  sms: 'ok' | 'no_gateway' | 'no_phone';
  email: 'ok' | 'no_email';
};

export function contactOptions(
  owner: Pick<Owner, 'phone' | 'email'>,
  settings: Pick<ContactSettings, 'sms'>,
): ContactOptions {
  return {
    sms: !owner.phone ? 'no_phone' : settings.sms ? 'ok' : 'no_gateway',
    email: owner.email ? 'ok' : 'no_email',
  };
}

export const meansOf = (o: ContactOptions): RequestMeans[] => [
  ...(o.sms === 'ok' ? (['sms'] as const) : []),
  ...(o.email === 'ok' ? (['email'] as const) : []),
];

/** Sends the request by every means the registry and the configuration give; one transaction. */
export function sendContactRequest(
  db: Db,
  actor: Actor,
  input: CaseRef & { ownerId: number },
  now: Date,
  settings: ContactSettings,
): Result<{ request: ContactRequest; attemptIds: number[]; ownerName: string }> {
  return caseStep(db, actor, input, now, { from: ['contacting'], gate: true }, (s) => {
    const owner = escalationChain(s.tx, s.channel.id).people.find((o) => o.id === input.ownerId);
    if (!owner) return invalid('case.attempt.notOwner', 'ownerId');
    // An exercise that reaches only its participants never texts anyone else.
    if (!reachesOwner(s.tx, s.crisis, owner))
      return invalid('contact.request.notParticipant', 'ownerId');
    const means = meansOf(contactOptions(owner, settings));
    if (!means.length) return invalid('contact.request.noMeans', 'ownerId');
    if (!advance(s, {})) return conflict();
    const expiresAt = iso(new Date(now.getTime() + settings.linkMinutes * 60_000));
    const request = s.tx
      .insert(contactRequests)
      .values({
        caseId: s.kase.id,
        ownerId: owner.id,
        createdAt: iso(now),
        createdBy: actor.userId!,
        expiresAt,
      })
      .returning()
      .get();
    const attemptIds = means.map((m) => {
      const attempt = s.tx
        .insert(contactAttempts)
        .values({
          caseId: s.kase.id,
          ownerId: owner.id,
          means: m,
          outcome: 'awaiting_answer',
          attemptedAt: iso(now),
          note: '',
          recordedBy: actor.userId!,
        })
        .returning()
        .get();
      const message = s.tx
        .insert(contactMessages)
        .values({
          requestId: request.id,
          attemptId: attempt.id,
          means: m,
          toAddress: m === 'sms' ? owner.phone! : owner.email!,
          language: owner.language,
          nextAttemptAt: iso(now),
        })
        .returning()
        .get();
      caseEvent(s, 'case.contact_attempt', {
        attemptId: attempt.id,
        ownerId: owner.id,
        ownerName: owner.name,
        means: m,
        outcome: attempt.outcome,
        attemptedAt: attempt.attemptedAt,
        note: '',
        requestId: request.id,
        messageId: message.id,
        linkExpiresAt: expiresAt,
      });
      return attempt.id;
    });
    return ok({ request, attemptIds, ownerName: owner.name });
  });
}

/** What the case page shows of contact requests: per owner, per attempt. */
export type ContactPanel = {
  options: Map<number, ContactOptions>;
  requests: Map<number, ContactRequest>;
  receipts: Map<number, ContactMessage>;
};

export function contactPanel(
  db: Db,
  c: { caseId: number; owners: Owner[]; attemptIds: number[] },
  settings: Pick<ContactSettings, 'sms'>,
): ContactPanel {
  return {
    options: new Map(c.owners.map((o) => [o.id, contactOptions(o, settings)])),
    requests: latestRequests(db, c.caseId),
    receipts: receiptsOf(db, c.attemptIds),
  };
}

/** The latest request per owner of a case, for the owner cards. */
function latestRequests(db: Db, caseId: number): Map<number, ContactRequest> {
  const rows = db
    .select()
    .from(contactRequests)
    .where(eq(contactRequests.caseId, caseId))
    .orderBy(desc(contactRequests.id))
    .all();
  const map = new Map<number, ContactRequest>();
  for (const r of rows) if (!map.has(r.ownerId)) map.set(r.ownerId, r);
  return map;
}
