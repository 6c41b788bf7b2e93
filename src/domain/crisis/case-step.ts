// The frame every step on a takeover case runs in (takeover.ts, holds.ts): one transaction that
// loads the case with its crisis and channel, checks the optimistic version, the Article 2 gate
// and the state the step needs, and gives the step helpers to advance the case, append its
// audit event and queue the owners' notices in that same transaction.
import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import {
  channels,
  crises,
  takeoverCases,
  type CaseState,
  type Channel,
  type Crisis,
  type NotificationEvent,
  type TakeoverCase,
} from '../../../db/schema';
import type { MessageKey } from '../../i18n';
import { article2Applies } from './article2';
import { recordEvent, type Actor, type AuditAction } from '../audit/trail';
import { iso, prepared, transaction, type Db } from '../lib/db';
import { queueOwnerNotifications, type NoticeFacts } from '../notify/notices';
import { fail, type Result } from '../lib/result';

/** Which case, and the version the operator's screen showed. */
export type CaseRef = { caseId: number; version: number };
/** `version: null` for steps that check the version of another row (a hold) instead. */
type StepRef = { caseId: number; version: number | null };

export type Step = {
  tx: Db;
  kase: TakeoverCase;
  crisis: Crisis;
  channel: Channel;
  actor: Actor;
  now: Date;
};

export const CLOSED_STATES: readonly CaseState[] = ['owner_handles', 'handed_back'];

const caseContext = prepared((db) =>
  db
    .select({ kase: takeoverCases, crisis: crises, channel: channels })
    .from(takeoverCases)
    .innerJoin(crises, eq(crises.id, takeoverCases.crisisId))
    .innerJoin(channels, eq(channels.id, takeoverCases.channelId))
    .where(eq(takeoverCases.id, sql.placeholder('caseId')))
    .prepare(),
);

export const loadCaseContext = (db: Db, caseId: number) => caseContext(db).get({ caseId });

function illegal(state: CaseState, needed: readonly CaseState[]): MessageKey {
  if (CLOSED_STATES.includes(state)) return 'case.illegal.closed';
  return needed.includes('contacting')
    ? 'case.illegal.needsContacting'
    : 'case.illegal.needsActive';
}

type Guard = {
  /** The states this step may start from; any other is an illegal transition. */
  from: readonly CaseState[];
  /** Steps that end an intervention (hand back, release) stay possible after the crisis closed. */
  gate: boolean;
};

/** Runs `fn` as one transaction after the checks every step shares, in this order. */
export function caseStep<T>(
  db: Db,
  actor: Actor,
  ref: StepRef,
  now: Date,
  guard: Guard,
  fn: (s: Step) => Result<T>,
): Result<T> {
  return transaction(db, (t) => {
    const tx = t as unknown as Db;
    const found = loadCaseContext(tx, ref.caseId);
    if (!found) return fail('case.notFound', { status: 404 });
    if (ref.version !== null && found.kase.version !== ref.version)
      return fail('error.conflict', { status: 409 });
    if (guard.gate) {
      const gate = article2Applies(found.crisis);
      if (!gate.open) return fail(gate.reason, { status: 422 });
    }
    if (!guard.from.includes(found.kase.state))
      return fail(illegal(found.kase.state, guard.from), { status: 422 });
    return fn({ tx, actor, now, ...found });
  });
}

/**
 * Writes the case's new fields with the next version. Call it before any other write of the
 * step: `undefined` means another writer got there first and nothing may be written.
 */
export function advance(s: Step, set: Partial<TakeoverCase>): TakeoverCase | undefined {
  return advanceCase(s.tx).get({
    ...s.kase,
    ...set,
    updatedAt: iso(s.now),
    version: s.kase.version + 1,
    expected: s.kase.version,
  });
}

// Every column a step may change, written from the case as the step leaves it: one statement
// for all steps instead of one per combination of changed columns.
const FIXED = new Set(['id', 'crisisId', 'channelId', 'addedBy', 'createdAt']);
const MUTABLE = Object.keys(getTableColumns(takeoverCases)).filter((key) => !FIXED.has(key));
const advanceCase = prepared((db) =>
  db
    .update(takeoverCases)
    .set(Object.fromEntries(MUTABLE.map((key) => [key, sql.placeholder(key)])))
    .where(
      and(
        eq(takeoverCases.id, sql.placeholder('id')),
        eq(takeoverCases.version, sql.placeholder('expected')),
      ),
    )
    .returning()
    .prepare(),
);

export const conflict = () => fail('error.conflict', { status: 409 });

export function caseEvent(s: Step, action: AuditAction, details: Record<string, unknown>) {
  recordEvent(s.tx, {
    at: s.now,
    actor: s.actor,
    action,
    crisisId: s.crisis.id,
    channelId: s.channel.id,
    caseId: s.kase.id,
    departmentId: s.channel.departmentId,
    details,
  });
}

/** Article 2, "after": the channel's owners hear of every takeover, hold, release and hand back. */
export function notifyOwners(s: Step, event: NotificationEvent, facts: NoticeFacts) {
  queueOwnerNotifications(
    s.tx,
    {
      event,
      channelId: s.channel.id,
      crisisId: s.crisis.id,
      caseId: s.kase.id,
      facts,
      isExercise: s.crisis.isExercise,
    },
    s.now,
  );
}

/** A failure that belongs to one form field. */
export const invalid = (
  error: MessageKey,
  field: string,
  params?: Record<string, string | number>,
) => fail(error, { field, status: 422, ...(params ? { params } : {}) });
