// The audit chain: every state change in the console appends one event here, inside the same
// transaction as the change. Each event's hash covers the previous event's hash, so changing,
// removing or reordering any past event breaks every hash after it.
import { asc, desc, getTableColumns, gt, sql } from 'drizzle-orm';
import { auditEvents, type AuditEvent } from '../../../db/schema';
import {
  GENESIS_HASH,
  canonicalJson,
  chainIntact,
  chainStart,
  checkChainRows,
  eventHash,
  type ChainReport,
  type ChainRow,
} from './chain';
import { prepared, type Db, type Tx } from '../lib/db';

export {
  GENESIS_HASH,
  canonicalJson,
  chainIntact,
  chainStart,
  checkChainRows,
  eventHash,
  type ChainBreak,
  type ChainCursor,
  type ChainReport,
  type ChainRow,
} from './chain';

// The closed list of action names. Add a name here before recording it.
export const AUDIT_ACTIONS = [
  // sign-in and users
  'user.signed_in',
  'user.sign_in_failed',
  'user.locked_out',
  'user.sign_in_refused',
  'user.signed_out',
  'user.created',
  'user.updated',
  'user.password_changed',
  'user.oidc_linked',
  'user.oidc_refused',
  'user.roles_from_provider',
  'session.ended',
  'user.sessions_ended',
  'api_token.created',
  'api_token.revoked',
  'access.refused',
  'second_factor.enrolled',
  'second_factor.used',
  'second_factor.failed',
  'second_factor.recovery_used',
  'second_factor.codes_made',
  'second_factor.reset',
  // registry (Articles 1 and 2)
  'department.created',
  'department.updated',
  'owner.created',
  'owner.updated',
  'channel.created',
  'channel.updated',
  'channel.archived',
  'channel.owners_changed',
  'access.admin_recorded',
  'access.admin_verified',
  'access.drilled',
  'credentials.stored',
  'credentials.updated',
  'credentials.verified',
  'credentials.revealed',
  'credentials.copied',
  'credentials.rotated',
  'vault.key_rotated',
  'platform.connected',
  'platform.access_checked',
  'platform.token_refreshed',
  'platform.token_refresh_failed',
  'channel.last_published_read',
  'registry.imported',
  // crises and takeovers (Article 2)
  'crisis.declared',
  'crisis.cell_recorded',
  'crisis.operator_joined',
  'crisis.closed',
  'case.added',
  'case.contact_attempt',
  'case.owner_handles',
  'case.authorised',
  'case.owner_contact_logged',
  'case.attempt_corrected',
  'case.reopened',
  'case.action_logged',
  'case.acute_message_sent',
  'case.handed_back',
  'hold.placed',
  'hold.released',
  'sweep.checked',
  'case.contact_unanswered',
  'exercise.participants_changed',
  // owner notifications
  'notification.sent',
  'notification.failed',
  'notification.acknowledged',
  'owner.replied',
  // contact requests to owners (SMS, e-mail) and their receipts
  'contact.message_sent',
  'contact.message_failed',
  'contact.delivery_reported',
  // the audit itself
  'audit.exported',
  'audit.checkpoint_made',
  'audit.checkpoint_key_rotated',
  'audit.witness_sent',
  'audit.witness_failed',
  'audit.triggers_recreated',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** `owner_by_link`: an owner answering a contact request by its personal link, signed in or not. */
export type ActorRole =
  'communicatie' | 'crisis_operator' | 'owner' | 'owner_by_link' | 'anonymous' | 'system';
export type Actor = {
  userId: number | null;
  role: ActorRole;
  /** Set when the change came through the API: the key's id, written as `apiKey` in the event's details. */
  apiKeyId?: number;
};
export const SYSTEM: Actor = { userId: null, role: 'system' };

export type NewEvent = {
  at: Date;
  actor: Actor;
  action: AuditAction;
  crisisId?: number | null;
  channelId?: number | null;
  caseId?: number | null;
  departmentId?: number | null;
  details?: Record<string, unknown>;
};

// Keys that would mean a secret is about to enter the audit trail.
const SECRET_KEYS = /pass(word)?|secret|token|recovery|credential_value|two_?factor/i;

type Hashed = Omit<AuditEvent, 'hash'>;

/** Looks at every key at any depth, inside objects and arrays alike ([{ password }] too). */
function assertNoSecrets(details: unknown): void {
  if (!details || typeof details !== 'object') return;
  if (Array.isArray(details)) return details.forEach(assertNoSecrets);
  for (const [key, value] of Object.entries(details)) {
    if (SECRET_KEYS.test(key)) throw new Error(`audit details may not carry "${key}"`);
    assertNoSecrets(value);
  }
}

// Every state change runs these two: built and compiled once per connection.
const chainHead = prepared((db) =>
  db
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1)
    .prepare(),
);
const appendEvent = prepared((db) =>
  db
    .insert(auditEvents)
    .values(
      Object.fromEntries(
        Object.keys(getTableColumns(auditEvents)).map((key) => [key, sql.placeholder(key)]),
      ) as unknown as AuditEvent,
    )
    .prepare(),
);

/** Appends one event. Call it inside the transaction that makes the change it records. */
export function recordEvent(tx: Tx | Db, e: NewEvent): AuditEvent {
  const details = e.actor.apiKeyId ? { ...e.details, apiKey: e.actor.apiKeyId } : (e.details ?? {});
  assertNoSecrets(details);
  const head = chainHead(tx).get();
  const row: Hashed = {
    seq: (head?.seq ?? 0) + 1,
    at: e.at.toISOString(),
    actorUserId: e.actor.userId,
    actorRole: e.actor.role,
    action: e.action,
    crisisId: e.crisisId ?? null,
    channelId: e.channelId ?? null,
    caseId: e.caseId ?? null,
    departmentId: e.departmentId ?? null,
    details: canonicalJson(details),
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  const event = { ...row, hash: eventHash(row) };
  appendEvent(tx).run(event);
  return event;
}

const CHAIN_COLUMNS = {
  seq: auditEvents.seq,
  at: auditEvents.at,
  actorUserId: auditEvents.actorUserId,
  actorRole: auditEvents.actorRole,
  action: auditEvents.action,
  crisisId: auditEvents.crisisId,
  channelId: auditEvents.channelId,
  caseId: auditEvents.caseId,
  departmentId: auditEvents.departmentId,
  details: auditEvents.details,
  prevHash: auditEvents.prevHash,
  hash: auditEvents.hash,
};

const chainSlice = prepared((db) =>
  db
    .select(CHAIN_COLUMNS)
    .from(auditEvents)
    .where(gt(auditEvents.seq, sql.placeholder('afterSeq')))
    .orderBy(asc(auditEvents.seq))
    .limit(sql.placeholder('limit'))
    .prepare(),
);

/** Up to `limit` events after `afterSeq`, in seq order, as value arrays. */
function readChainRows(db: Db, afterSeq: number, limit: number): ChainRow[] {
  return chainSlice(db).values({ afterSeq, limit }) as ChainRow[];
}

/** The walk along the chain, one slice of events per step; its return value is the report. */
function* walkChain(db: Db, sliceSize: number): Generator<void, ChainReport> {
  const cursor = chainStart();
  for (;;) {
    const rows = readChainRows(db, cursor.nextSeq - 1, sliceSize);
    const broken = checkChainRows(rows, cursor);
    if (broken) return broken;
    if (rows.length < sliceSize) return chainIntact(cursor);
    yield;
  }
}

/** Walks the whole chain in seq order and reports the first broken link. */
export function verifyChain(db: Db, batchSize = 2000): ChainReport {
  const walk = walkChain(db, batchSize);
  for (;;) {
    const step = walk.next();
    if (step.done) return step.value;
  }
}

/**
 * verifyChain for a server: a million events take seconds of CPU, so it walks in slices and
 * awaits `pause()` between them, letting other requests in (a slice of 2,000 events holds them for
 * about 10 ms). Rows are append-only: events appended meanwhile are verified too.
 */
export async function verifyChainPaced(
  db: Db,
  pause: () => Promise<unknown>,
  sliceSize = 2000,
): Promise<ChainReport> {
  const walk = walkChain(db, sliceSize);
  for (;;) {
    const step = walk.next();
    if (step.done) return step.value;
    await pause();
  }
}

const running = new WeakMap<Db, Promise<ChainReport>>();
const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * The verify panel's check: verifyChainPaced, yielding to the event loop between slices. Operators
 * who ask while a walk runs get that walk's report instead of starting another one beside it.
 */
export function verifyChainShared(db: Db): Promise<ChainReport> {
  const current = running.get(db);
  if (current) return current;
  const walk = verifyChainPaced(db, nextTurn).finally(() => running.delete(db));
  running.set(db, walk);
  return walk;
}
