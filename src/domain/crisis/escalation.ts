// Escalation through the owner chain, like an on-call policy: the channel's owners in position
// order, each by every means the registry gives them, then the department's head as the last
// step. Every step is a contact attempt in the log, so the `owner_unreachable` basis rests on the
// whole chain having been tried (takeover.ts passes the chain to ownerUnreachable).
import { and, eq, sql } from 'drizzle-orm';
import { channels, departments, owners, type ContactMeans, type Owner } from '../../../db/schema';
import { isEvidence, isReached, meansAvailable, type Attempt, type Rules } from './article2';
import { recordEvent, type Actor } from '../audit/trail';
import { inIds, prepared, transaction, type Db } from '../lib/db';
import { fail, ok, type Result } from '../lib/result';
import { ownersOfChannel } from '../registry/channels';

/** The people to try for a channel, in order; `headId` marks the department head (last). */
export type Chain = { people: Owner[]; headId: number | null };

/** Appends the head unless absent, inactive or already one of the channel's owners. */
export function withHead(channelOwners: Owner[], head: Owner | null | undefined): Chain {
  if (!head || !head.active || channelOwners.some((o) => o.id === head.id))
    return { people: channelOwners, headId: null };
  return { people: [...channelOwners, head], headId: head.id };
}

const headOfChannel = prepared((db) =>
  db
    .select({ head: owners })
    .from(channels)
    .innerJoin(departments, eq(departments.id, channels.departmentId))
    .innerJoin(owners, eq(owners.id, departments.headOwnerId))
    .where(eq(channels.id, sql.placeholder('channelId')))
    .prepare(),
);

export function escalationChain(db: Db, channelId: number): Chain {
  return withHead(ownersOfChannel(db, channelId), headOfChannel(db).get({ channelId })?.head);
}

/** The department head per channel, for read models that load many channels at once. */
export function headsOfChannels(db: Db, channelIds: number[]): Map<number, Owner> {
  if (!channelIds.length) return new Map();
  return new Map(
    db
      .select({ channelId: channels.id, head: owners })
      .from(channels)
      .innerJoin(departments, eq(departments.id, channels.departmentId))
      .innerJoin(owners, eq(owners.id, departments.headOwnerId))
      .where(inIds(channels.id, channelIds))
      .all()
      .map((r) => [r.channelId, r.head]),
  );
}

export type Escalation =
  | { state: 'no_chain' }
  | { state: 'reached' }
  | { state: 'exhausted'; firstAttemptAt: string; minutesSinceFirst: number }
  | {
      state: 'next';
      owner: Owner;
      isHead: boolean;
      means: ContactMeans;
      firstAttemptAt: string | null;
      minutesSinceFirst: number | null;
      /** The last failed attempt + the step time: when this step is due. */
      dueAt: string | null;
      minutesOverdue: number;
    };

/**
 * The next person and means to try. A person is done when they have as many failed attempts as
 * the unreachable rule needs, by every means they have (at most two, as the rule asks); until
 * then the first untried means is proposed, or the first means again.
 */
export function proposeNext(
  chain: Chain,
  attempts: Attempt[],
  now: Date,
  rules: Rules,
): Escalation {
  if (!chain.people.length) return { state: 'no_chain' };
  const ids = new Set(chain.people.map((p) => p.id));
  const mine = attempts.filter((a) => ids.has(a.ownerId) && isEvidence(a));
  if (mine.some((a) => isReached(a.outcome))) return { state: 'reached' };
  const first = mine.map((a) => a.attemptedAt).sort()[0] ?? null;
  const last =
    mine
      .map((a) => a.attemptedAt)
      .sort()
      .at(-1) ?? null;
  const minutesSinceFirst = first ? Math.floor((now.getTime() - Date.parse(first)) / 60_000) : null;
  for (const person of chain.people) {
    const failed = mine.filter((a) => a.ownerId === person.id);
    const tried = new Set(failed.map((a) => a.means));
    const available = meansAvailable(person);
    const means =
      tried.size < Math.min(2, available.length)
        ? available.find((m) => !tried.has(m))
        : failed.length < rules.unreachableMinAttempts
          ? (available[0] ?? 'in_person')
          : undefined;
    if (!means) continue;
    const dueAt = last
      ? new Date(Date.parse(last) + rules.escalationStepMinutes * 60_000).toISOString()
      : null;
    const minutesOverdue = dueAt
      ? Math.max(0, Math.floor((now.getTime() - Date.parse(dueAt)) / 60_000))
      : 0;
    return {
      state: 'next',
      owner: person,
      isHead: person.id === chain.headId,
      means,
      firstAttemptAt: first,
      minutesSinceFirst,
      dueAt,
      minutesOverdue,
    };
  }
  return { state: 'exhausted', firstAttemptAt: first!, minutesSinceFirst: minutesSinceFirst! };
}

/** Names (or clears) the department's head: an active owner of that same department. */
export function setDepartmentHead(
  db: Db,
  actor: Actor,
  input: { departmentId: number; ownerId: number | null; version: number },
  now: Date,
): Result<typeof departments.$inferSelect> {
  return transaction(db, (t) => {
    const tx = t as unknown as Db;
    const current = tx
      .select()
      .from(departments)
      .where(eq(departments.id, input.departmentId))
      .get();
    if (!current) return fail('department.notFound', { status: 404 });
    if (input.ownerId !== null) {
      const head = tx
        .select()
        .from(owners)
        .where(
          and(
            eq(owners.id, input.ownerId),
            eq(owners.departmentId, current.id),
            eq(owners.active, true),
          ),
        )
        .get();
      if (!head)
        return fail('escalation.headNotInDepartment', { field: 'headOwnerId', status: 422 });
    }
    const next = tx
      .update(departments)
      .set({ headOwnerId: input.ownerId, version: current.version + 1 })
      .where(and(eq(departments.id, current.id), eq(departments.version, input.version)))
      .returning()
      .get();
    if (!next) return fail('error.conflict', { status: 409 });
    recordEvent(tx, {
      at: now,
      actor,
      action: 'department.updated',
      departmentId: current.id,
      details: { changed: { headOwnerId: { from: current.headOwnerId, to: input.ownerId } } },
    });
    return ok(next);
  });
}
