// Owner notifications through a transactional outbox: queueOwnerNotifications() is called inside
// the transaction of the event that causes it, so a notification exists exactly when its event
// does. The sender (src/domain/notify/outbox.ts, driven by src/node/mailer.ts) delivers queued rows later;
// the request that caused the event never waits for SMTP.
import { and, asc, eq } from 'drizzle-orm';
import {
  BASES,
  channelOwners,
  channels,
  crises,
  notifications,
  owners,
  type Crisis,
  type Language,
  type NotificationEvent,
} from '../../../db/schema';
import { translator, type MessageKey, type Translate } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import type { Db } from '../lib/db';
import { reachesOwner } from '../exercise/participants';

/**
 * Facts for the message text. Only these keys are ever rendered, each on its own line, so a value
 * passed under any other name (a password, say) cannot reach an e-mail. Never pass a secret.
 */
export type NoticeFacts = {
  /** One of BASES: the Article 2 ground, explained in the message. */
  basis?: string | null;
  /** acute: the written justification and the deadline (ISO instant). */
  justification?: string | null;
  deadline?: string | null;
  /** Holds: the post (link or reference), what conflicts, 'taken_offline' | 'put_on_hold'. */
  post?: string | null;
  conflict?: string | null;
  action?: string | null;
  /** Hold released: 'republished' | 'corrected' | 'removed'. */
  outcome?: string | null;
  /** owner_contacted: the owner who agreed. conflicting_information: when the owner contact is due. */
  owner?: string | null;
  ownerContactDueAt?: string | null;
  /** Credentials revealed: who and why. */
  who?: string | null;
  reason?: string | null;
  /** Hand back and release notes. */
  note?: string | null;
  /** Whom the owner should call; defaults to the Communications department. */
  contact?: string | null;
  [key: string]: string | number | null | undefined;
};

export type OwnerNotice = {
  event: NotificationEvent;
  channelId: number;
  crisisId?: number | null;
  caseId?: number | null;
  facts?: NoticeFacts;
  /** Defaults to the crisis's own exercise flag. */
  isExercise?: boolean;
};

const HOLD_ACTIONS = ['taken_offline', 'put_on_hold'];
const RELEASE_OUTCOMES = ['republished', 'corrected', 'removed'];

type TextContext = {
  channel: { name: string; handle: string };
  crisisTitle: string | null;
  facts: NoticeFacts;
  isExercise: boolean;
};

const text = (v: unknown) =>
  typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '';

/** The body of one event's message in one language: what, where, why, details, whom to call. */
export function noticeBody(event: NotificationEvent, lang: Language, c: TextContext): string {
  const t = translator(lang);
  const f = c.facts;
  const line = (key: MessageKey, value: unknown, name: string) =>
    text(value) ? t(key, { [name]: text(value) }) : null;
  const basis = text(f.basis);
  const when = (v: unknown) =>
    text(v) && !Number.isNaN(Date.parse(text(v))) ? formatDateTime(text(v), lang) : '';
  const lines = [
    c.isExercise ? t('notify.exercise.line') : null,
    // An exercise reveal is masked: nothing was shown, so no password needs changing.
    t(
      c.isExercise && event === 'credentials_revealed'
        ? 'notify.credentials_revealed.exerciseBody'
        : `notify.${event}.body`,
    ),
    '',
    t('notify.line.channel', { channel: c.channel.name, handle: c.channel.handle }),
    line('notify.line.crisis', c.crisisTitle, 'crisis'),
    (BASES as readonly string[]).includes(basis)
      ? t(`notify.line.basis.${basis}` as MessageKey)
      : null,
    line('notify.line.justification', f.justification, 'justification'),
    line('notify.line.owner', f.owner, 'owner'),
    line('notify.line.deadline', when(f.deadline), 'deadline'),
    line('notify.line.post', f.post, 'post'),
    line('notify.line.conflict', f.conflict, 'conflict'),
    HOLD_ACTIONS.includes(text(f.action))
      ? t(`notify.line.action.${text(f.action)}` as MessageKey)
      : null,
    RELEASE_OUTCOMES.includes(text(f.outcome))
      ? t(`notify.line.outcome.${text(f.outcome)}` as MessageKey)
      : null,
    line('notify.line.ownerContactDueAt', when(f.ownerContactDueAt), 'at'),
    line('notify.line.who', f.who, 'who'),
    line('notify.line.reason', f.reason, 'reason'),
    line('notify.line.note', f.note, 'note'),
    '',
    t('notify.line.contact', { contact: text(f.contact) || t('notify.contact.default') }),
  ];
  return lines.filter((l) => l !== null).join('\n');
}

function subjectFor(
  t: Translate,
  key: MessageKey,
  params: Record<string, string | number>,
  isExercise: boolean,
) {
  const subject = t(key, params);
  return isExercise ? t('notify.exercise.subject', { subject }) : subject;
}

/** Whom to call, in the owner's language: the crisis's contact (name and phone) when it has one. */
export function crisisContact(
  t: Translate,
  crisis: Pick<Crisis, 'contactName' | 'contactPhone'> | undefined,
): string | null {
  return crisis?.contactName && crisis.contactPhone
    ? t('notify.contact.crisis', { name: crisis.contactName, phone: crisis.contactPhone })
    : null;
}

/** Queues one message per active registered owner of the channel; returns how many were queued. */
export function queueOwnerNotifications(tx: Db, notice: OwnerNotice, now: Date): number {
  const channel = tx.select().from(channels).where(eq(channels.id, notice.channelId)).get();
  if (!channel) return 0;
  const crisis = notice.crisisId
    ? tx.select().from(crises).where(eq(crises.id, notice.crisisId)).get()
    : undefined;
  const isExercise = notice.isExercise ?? crisis?.isExercise ?? false;
  const recipients = tx
    .select({ owner: owners })
    .from(channelOwners)
    .innerJoin(owners, eq(owners.id, channelOwners.ownerId))
    .where(and(eq(channelOwners.channelId, notice.channelId), eq(owners.active, true)))
    .orderBy(asc(channelOwners.position))
    .all()
    .filter(({ owner }) => !crisis || reachesOwner(tx, crisis, owner));
  for (const { owner } of recipients) {
    const t = translator(owner.language);
    const context: TextContext = {
      channel,
      crisisTitle: crisis?.title ?? null,
      facts: { contact: crisisContact(t, crisis), ...notice.facts },
      isExercise,
    };
    tx.insert(notifications)
      .values({
        ownerId: owner.id,
        channelId: channel.id,
        crisisId: notice.crisisId ?? null,
        caseId: notice.caseId ?? null,
        event: notice.event,
        toEmail: owner.email,
        subject: subjectFor(
          t,
          `notify.${notice.event}.subject`,
          { channel: channel.name },
          isExercise,
        ),
        body: noticeBody(notice.event, owner.language, context),
        isExercise,
        // Without an address the row is kept (the board shows it) but no sender will pick it up.
        status: owner.email ? 'queued' : 'not_sendable',
        nextAttemptAt: owner.email ? now.toISOString() : null,
        createdAt: now.toISOString(),
      })
      .run();
  }
  return recipients.length;
}

export type MailText = { subject: string; text: string };

/**
 * The e-mail for one or more notifications to the same owner about the same channel (a burst is
 * grouped into one message). The link to the owner's page is added here, from the deployment's
 * base URL, so a stored row reads the same wherever the console is served from.
 */
export function composeMail(
  rows: { subject: string; body: string; isExercise: boolean }[],
  ctx: { lang: Language; channelName: string; baseUrl: string },
): MailText {
  const t = translator(ctx.lang);
  const subject =
    rows.length === 1
      ? rows[0]!.subject
      : subjectFor(
          t,
          'notify.group.subject',
          { count: rows.length, channel: ctx.channelName },
          rows.some((r) => r.isExercise),
        );
  const footer = t('notify.footer', { link: `${ctx.baseUrl.replace(/\/+$/, '')}/mine` });
  return { subject, text: `${rows.map((r) => r.body).join('\n\n――――――――\n\n')}\n\n${footer}\n` };
}
