// Crises: declared by an operator, made subject to Article 2 by the crisis cell's involvement,
// joined by operators, given the affected channels (one takeover case each), and closed once
// every takeover is handed back and every hold released — or by an override with a reason.
import type { z } from 'zod';
import { and, desc, eq, isNull, ne, notInArray, sql } from 'drizzle-orm';
import {
  channels,
  crises,
  crisisOperators,
  holds,
  takeoverCases,
  users,
  type Crisis,
  type ExerciseNotify,
  type Impact,
  type TakeoverCase,
} from '../../../db/schema';
import { makeConfig } from '../../config';
import { crisisCellTimeProblem, isRealReason, MIN_REASON_CHARS, type Rules } from './article2';
import { recordEvent, type Actor } from '../audit/trail';
import { makeCheckpoint, type CheckpointSigner } from '../audit/checkpoints';
import { CLOSED_STATES } from './case-step';
import { inIds, iso, prepared, transaction, type Db } from '../lib/db';
import { queueOwnerNotifications } from '../notify/notices';
import { fail, ok, type Result } from '../lib/result';
import { addSweepItems } from './sweep';
import { contactColumns, contactDetails, type CrisisContact } from './contact';

export type CrisisCellInput = {
  /** Who leads the crisis cell. */
  lead: string;
  convenedAt: Date;
  /** The crisis cell's decision or minutes reference; may be empty. */
  decisionRef?: string | null;
};

/** The crisis cell's fields as a declaration form or the API sends them, each optional. */
export type CrisisCellFields = {
  crisisCellLead?: string | null;
  crisisCellConvenedAt?: Date | null;
  crisisCellDecisionRef?: string | null;
};

/** The crisis cell is recorded whole (its lead and when it convened) or not at all. */
export function refineCrisisCell(v: CrisisCellFields, ctx: z.RefinementCtx) {
  if (v.crisisCellLead && !v.crisisCellConvenedAt)
    ctx.addIssue({ code: 'custom', path: ['crisisCellConvenedAt'], message: 'field.required' });
  if (!v.crisisCellLead && v.crisisCellConvenedAt)
    ctx.addIssue({ code: 'custom', path: ['crisisCellLead'], message: 'field.required' });
}

/** The crisis cell a declaration records, when it names one whole (refineCrisisCell). */
export const crisisCellOf = (v: CrisisCellFields): CrisisCellInput | null =>
  v.crisisCellLead && v.crisisCellConvenedAt
    ? {
        lead: v.crisisCellLead,
        convenedAt: v.crisisCellConvenedAt,
        decisionRef: v.crisisCellDecisionRef,
      }
    : null;

export type DeclareInput = {
  title: string;
  description?: string;
  startedAt: Date;
  impact: Impact;
  isExercise?: boolean;
  /** Exercises: 'participants' notifies only owners who joined the exercise (exercise.ts). */
  exerciseNotify?: ExerciseNotify;
  /** Often already known when the crisis is declared; otherwise recorded later. */
  crisisCell?: CrisisCellInput | null;
  contact?: CrisisContact | null;
};

const invalid = (error: Parameters<typeof fail>[0], field: string) =>
  fail(error, { field, status: 422 });
const event = (
  tx: Db,
  actor: Actor,
  now: Date,
  action: Parameters<typeof recordEvent>[1]['action'],
  crisisId: number,
  details: Record<string, unknown>,
) => recordEvent(tx, { at: now, actor, action, crisisId, details });

// Read on every crisis, case and report page: built and compiled once per database.
const crisisById = prepared((db) =>
  db
    .select()
    .from(crises)
    .where(eq(crises.id, sql.placeholder('id')))
    .prepare(),
);

export const getCrisis = (db: Db, id: number) => crisisById(db).get({ id });

/** Open crises first, newest first. */
export const listCrises = (db: Db) =>
  db
    .select()
    .from(crises)
    .orderBy(sql`${crises.status} = 'closed'`, desc(crises.startedAt))
    .all();

type CellWindow = Pick<Rules, 'cellBeforeStartHours' | 'cellAfterStartHours'>;

function cellProblem(cell: CrisisCellInput, startedAt: Date, now: Date, rules: CellWindow) {
  if (!cell.lead.trim()) return invalid('crisis.cell.leadRequired', 'crisisCellLead');
  if (cell.convenedAt.getTime() > now.getTime())
    return invalid('crisis.time.future', 'crisisCellConvenedAt');
  const problem = crisisCellTimeProblem(cell.convenedAt, startedAt, rules);
  if (problem)
    return fail(problem, {
      field: 'crisisCellConvenedAt',
      status: 422,
      params: { before: rules.cellBeforeStartHours, after: rules.cellAfterStartHours },
    });
  return null;
}

const cellFields = (cell: CrisisCellInput, actor: Actor) => ({
  crisisCellLead: cell.lead.trim(),
  crisisCellConvenedAt: iso(cell.convenedAt),
  crisisCellDecisionRef: cell.decisionRef?.trim() || null,
  crisisCellRecordedBy: actor.userId,
});
const cellDetails = (c: Crisis) => ({
  lead: c.crisisCellLead,
  convenedAt: c.crisisCellConvenedAt,
  decisionRef: c.crisisCellDecisionRef,
});

/** The declarer joins the crisis at once. */
export function declareCrisis(
  db: Db,
  actor: Actor,
  input: DeclareInput,
  now: Date,
  rules: CellWindow = makeConfig().rules,
): Result<Crisis> {
  if (!input.title.trim()) return invalid('field.required', 'title');
  if (input.startedAt.getTime() > now.getTime()) return invalid('crisis.time.future', 'startedAt');
  const cell = input.crisisCell ? cellProblem(input.crisisCell, input.startedAt, now, rules) : null;
  if (cell) return cell;
  return transaction(db, (t) => {
    const tx = t as unknown as Db;
    const crisis = tx
      .insert(crises)
      .values({
        title: input.title.trim(),
        description: input.description?.trim() ?? '',
        startedAt: iso(input.startedAt),
        impact: input.impact,
        isExercise: input.isExercise ?? false,
        exerciseNotify: input.isExercise ? (input.exerciseNotify ?? 'marked') : null,
        declaredBy: actor.userId!,
        createdAt: iso(now),
        ...(input.crisisCell ? cellFields(input.crisisCell, actor) : {}),
        ...contactColumns(input.contact),
      })
      .returning()
      .get();
    event(tx, actor, now, 'crisis.declared', crisis.id, {
      title: crisis.title,
      impact: crisis.impact,
      startedAt: crisis.startedAt,
      isExercise: crisis.isExercise,
      exerciseNotify: crisis.exerciseNotify,
      ...contactDetails(crisis),
    });
    if (input.crisisCell)
      event(tx, actor, now, 'crisis.cell_recorded', crisis.id, cellDetails(crisis));
    tx.insert(crisisOperators)
      .values({ crisisId: crisis.id, userId: actor.userId!, joinedAt: iso(now) })
      .run();
    event(tx, actor, now, 'crisis.operator_joined', crisis.id, { userId: actor.userId });
    return ok(crisis);
  });
}

/** Article 2, last paragraph: the crisis cell's involvement, and the impact it confirms. */
export function recordCrisisCell(
  db: Db,
  actor: Actor,
  input: CrisisCellInput & {
    crisisId: number;
    version: number;
    impact: Impact;
    /** Given: replaces the crisis's contact; absent: the contact stays as it is. */
    contact?: CrisisContact | null;
  },
  now: Date,
  rules: CellWindow = makeConfig().rules,
): Result<Crisis> {
  return transaction(db, (t) => {
    const tx = t as unknown as Db;
    const current = getCrisis(tx, input.crisisId);
    if (!current) return fail('crisis.notFound', { status: 404 });
    const problem = cellProblem(input, new Date(current.startedAt), now, rules);
    if (problem) return problem;
    if (current.status !== 'open') return fail('crisis.gate.closed', { status: 422 });
    const next = tx
      .update(crises)
      .set({
        ...cellFields(input, actor),
        ...contactColumns(input.contact),
        impact: input.impact,
        version: current.version + 1,
      })
      .where(and(eq(crises.id, current.id), eq(crises.version, input.version)))
      .returning()
      .get();
    if (!next) return fail('error.conflict', { status: 409 });
    event(tx, actor, now, 'crisis.cell_recorded', next.id, {
      ...cellDetails(next),
      ...(input.contact ? contactDetails(next) : {}),
      ...(current.impact !== next.impact
        ? { impact: { from: current.impact, to: next.impact } }
        : {}),
    });
    return ok(next);
  });
}

/** Idempotent: joining twice records nothing new. */
export function joinCrisis(
  db: Db,
  actor: Actor,
  crisisId: number,
  now: Date,
): Result<{ joined: boolean }> {
  return transaction(db, (t) => {
    const tx = t as unknown as Db;
    const crisis = getCrisis(tx, crisisId);
    if (!crisis) return fail('crisis.notFound', { status: 404 });
    if (crisis.status !== 'open') return fail('crisis.gate.closed', { status: 422 });
    const present = tx
      .select()
      .from(crisisOperators)
      .where(and(eq(crisisOperators.crisisId, crisisId), eq(crisisOperators.userId, actor.userId!)))
      .get();
    if (present) return ok({ joined: false });
    tx.insert(crisisOperators)
      .values({ crisisId, userId: actor.userId!, joinedAt: iso(now) })
      .run();
    event(tx, actor, now, 'crisis.operator_joined', crisisId, { userId: actor.userId });
    return ok({ joined: true });
  });
}

export const crisisOperatorsOf = (db: Db, crisisId: number) =>
  db
    .select({ userId: users.id, name: users.name, joinedAt: crisisOperators.joinedAt })
    .from(crisisOperators)
    .innerJoin(users, eq(users.id, crisisOperators.userId))
    .where(eq(crisisOperators.crisisId, crisisId))
    .orderBy(crisisOperators.joinedAt)
    .all();

/**
 * Adds the affected channels, one takeover case each. Adding is preparation, not intervention:
 * it needs an open crisis, not yet the crisis cell. Channels already in the crisis are skipped.
 */
export function addChannelsToCrisis(
  db: Db,
  actor: Actor,
  input: { crisisId: number; channelIds: number[] },
  now: Date,
): Result<{ added: TakeoverCase[]; skipped: number[] }> {
  const wanted = [...new Set(input.channelIds)];
  if (!wanted.length) return invalid('crisis.channels.none', 'channelIds');
  return transaction(db, (t) => {
    const tx = t as unknown as Db;
    const crisis = getCrisis(tx, input.crisisId);
    if (!crisis) return fail('crisis.notFound', { status: 404 });
    if (crisis.status !== 'open') return fail('crisis.gate.closed', { status: 422 });
    const found = tx
      .select()
      .from(channels)
      .where(
        and(
          inIds(channels.id, wanted),
          isNull(channels.archivedAt),
          ne(channels.status, 'removed'),
        ),
      )
      .all();
    if (found.length !== wanted.length) return invalid('crisis.channels.unknown', 'channelIds');
    const existing = new Set(
      tx
        .select({ id: takeoverCases.channelId })
        .from(takeoverCases)
        .where(and(eq(takeoverCases.crisisId, crisis.id), inIds(takeoverCases.channelId, wanted)))
        .all()
        .map((r) => r.id),
    );
    const added: TakeoverCase[] = [];
    for (const channel of found.filter((c) => !existing.has(c.id))) {
      const kase = tx
        .insert(takeoverCases)
        .values({
          crisisId: crisis.id,
          channelId: channel.id,
          addedBy: actor.userId!,
          createdAt: iso(now),
          updatedAt: iso(now),
        })
        .returning()
        .get();
      recordEvent(tx, {
        at: now,
        actor,
        action: 'case.added',
        crisisId: crisis.id,
        channelId: channel.id,
        caseId: kase.id,
        departmentId: channel.departmentId,
        details: { channel: channel.name, platform: channel.platform, handle: channel.handle },
      });
      added.push(kase);
    }
    addSweepItems(
      tx,
      crisis.id,
      added.map((k) => k.channelId),
    );
    return ok({ added, skipped: [...existing] });
  });
}

/** What still keeps a crisis open: cases not closed, holds not released. */
export function closeBlockers(db: Db, crisisId: number) {
  const openCases = db
    .select({ n: sql<number>`count(*)` })
    .from(takeoverCases)
    .where(
      and(
        eq(takeoverCases.crisisId, crisisId),
        notInArray(takeoverCases.state, [...CLOSED_STATES]),
      ),
    )
    .get()!.n;
  const openHolds = db
    .select({ n: sql<number>`count(*)` })
    .from(holds)
    .where(and(eq(holds.crisisId, crisisId), isNull(holds.releasedAt)))
    .get()!.n;
  return { openCases, openHolds };
}

/** Closes the crisis; open cases or holds need an override with a reason. Owners hear per channel. */
export function closeCrisis(
  db: Db,
  actor: Actor,
  input: { crisisId: number; version: number; overrideReason?: string | null },
  now: Date,
  signer: CheckpointSigner | null = null,
): Result<Crisis> {
  return transaction(db, (t) => {
    const tx = t as unknown as Db;
    const current = getCrisis(tx, input.crisisId);
    if (!current) return fail('crisis.notFound', { status: 404 });
    if (current.version !== input.version) return fail('error.conflict', { status: 409 });
    if (current.status !== 'open') return fail('crisis.gate.closed', { status: 422 });
    const blockers = closeBlockers(tx, current.id);
    const reason = input.overrideReason?.trim() || null;
    const blocked = blockers.openCases > 0 || blockers.openHolds > 0;
    if (blocked && !reason)
      return fail('crisis.close.blocked', {
        field: 'overrideReason',
        status: 422,
        params: blockers,
      });
    if (blocked && !isRealReason(reason!))
      return fail('crisis.close.overrideTooShort', {
        field: 'overrideReason',
        status: 422,
        params: { min: MIN_REASON_CHARS },
      });
    const closed = tx
      .update(crises)
      .set({
        status: 'closed',
        closedAt: iso(now),
        closedBy: actor.userId,
        closeOverrideReason: blocked ? reason : null,
        version: current.version + 1,
      })
      .where(and(eq(crises.id, current.id), eq(crises.version, current.version)))
      .returning()
      .get();
    if (!closed) return fail('error.conflict', { status: 409 });
    event(tx, actor, now, 'crisis.closed', closed.id, {
      ...blockers,
      override: blocked,
      overrideReason: blocked ? reason : null,
    });
    const cases = tx
      .select({ id: takeoverCases.id, channelId: takeoverCases.channelId })
      .from(takeoverCases)
      .where(eq(takeoverCases.crisisId, closed.id))
      .all();
    for (const c of cases) {
      queueOwnerNotifications(
        tx,
        {
          event: 'crisis_closed',
          channelId: c.channelId,
          crisisId: closed.id,
          caseId: c.id,
          isExercise: closed.isExercise,
        },
        now,
      );
    }
    // The trail as it stands at the close, signed (README "Audit checkpoints").
    if (signer)
      makeCheckpoint(
        tx,
        signer,
        closed.isExercise ? 'exercise_closed' : 'crisis_closed',
        now,
        actor,
      );
    return ok(closed);
  });
}
