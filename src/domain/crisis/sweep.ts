// Scheduled-post sweep: per crisis, one item per channel. An operator opens the platform's own
// scheduler (Meta Business Suite and the like, which no outside tool can pause) and records what
// was there. A conflicting scheduled post goes through Article 2, exception 2 (a hold on the
// channel's takeover case); the sweep only records that the hold was placed.
import { and, asc, eq, getTableColumns, isNull, sql } from 'drizzle-orm';
import {
  channels,
  crises,
  departments,
  holds,
  sweepItems,
  takeoverCases,
  type Platform,
} from '../../../db/schema';
import { recordEvent, type Actor } from '../audit/trail';
import { inIds, iso, MAX_BOUND_PARAMETERS, transaction, type Db } from '../lib/db';
import { fail, ok, type Result } from '../lib/result';

export const SWEEP_RESULTS = ['no_scheduled_posts', 'none_conflicting', 'hold_placed'] as const;
export type SweepResult = (typeof SWEEP_RESULTS)[number];
export type SweepItem = typeof sweepItems.$inferSelect;
export type SweepProgress = { checked: number; total: number };

/**
 * Gives each channel a sweep item in this crisis (idempotent). Called inside the transaction
 * that adds the channels to the crisis, so an affected channel never lacks its item.
 */
// In slices: a row binds up to one parameter per column.
const ROWS_PER_INSERT = Math.floor(
  MAX_BOUND_PARAMETERS / Object.keys(getTableColumns(sweepItems)).length,
);

export function addSweepItems(tx: Db, crisisId: number, channelIds: number[]): number {
  let added = 0;
  for (let i = 0; i < channelIds.length; i += ROWS_PER_INSERT) {
    added += tx
      .insert(sweepItems)
      .values(
        channelIds.slice(i, i + ROWS_PER_INSERT).map((channelId) => ({ crisisId, channelId })),
      )
      .onConflictDoNothing()
      .returning({ id: sweepItems.id })
      .all().length;
  }
  return added;
}

/** On request: every active channel of the city gets an item, not only the affected ones. */
export function sweepWholeCity(
  db: Db,
  actor: Actor,
  crisisId: number,
  now: Date,
): Result<{ added: number }> {
  return transaction(db, (t) => {
    const tx = t as unknown as Db;
    const crisis = tx.select().from(crises).where(eq(crises.id, crisisId)).get();
    if (!crisis) return fail('crisis.notFound', { status: 404 });
    if (crisis.status !== 'open') return fail('crisis.gate.closed', { status: 422 });
    const active = tx
      .select({ id: channels.id })
      .from(channels)
      .where(and(eq(channels.status, 'active'), isNull(channels.archivedAt)))
      .all()
      .map((c) => c.id);
    const added = addSweepItems(tx, crisisId, active);
    // Not a check of a channel, but the audit shows who widened the sweep and when.
    recordEvent(tx, {
      at: now,
      actor,
      action: 'sweep.checked',
      crisisId,
      details: { scope: 'city', itemsAdded: added },
    });
    return ok({ added });
  });
}

/**
 * Records what the operator found in the platform's scheduler. "hold placed" is accepted only
 * when the channel's case in this crisis carries a hold: the hold itself is Article 2's
 * conflicting-information step, with its own record and owner notice.
 */
export function recordSweepResult(
  db: Db,
  actor: Actor,
  input: {
    crisisId: number;
    itemId: number;
    version: number;
    result: SweepResult;
    /** Set by platform-holds.ts: the platform listed these scheduled posts (ids) just now. */
    listedByApi?: string[];
  },
  now: Date,
): Result<SweepItem> {
  return transaction(db, (t) => {
    const tx = t as unknown as Db;
    const found = tx
      .select({
        item: sweepItems,
        crisis: crises,
        departmentId: channels.departmentId,
        channelName: channels.name,
      })
      .from(sweepItems)
      .innerJoin(crises, eq(crises.id, sweepItems.crisisId))
      .innerJoin(channels, eq(channels.id, sweepItems.channelId))
      .where(eq(sweepItems.id, input.itemId))
      .get();
    // An item of another crisis is as unknown as a missing one (URLs cannot mix crises).
    if (!found || found.item.crisisId !== input.crisisId)
      return fail('sweep.notFound', { status: 404 });
    const { item, crisis } = found;
    if (crisis.status !== 'open') return fail('crisis.gate.closed', { status: 422 });
    if (item.version !== input.version) return fail('error.conflict', { status: 409 });
    const holdId =
      input.result === 'hold_placed' ? holdOnChannel(tx, crisis.id, item.channelId) : null;
    if (input.result === 'hold_placed' && !holdId)
      return fail('sweep.holdMissing', { field: 'result', status: 422 });
    const next = tx
      .update(sweepItems)
      .set({
        result: input.result,
        checkedBy: actor.userId,
        checkedAt: iso(now),
        checkedVia: input.listedByApi ? 'api' : null,
        version: item.version + 1,
      })
      .where(and(eq(sweepItems.id, item.id), eq(sweepItems.version, item.version)))
      .returning()
      .get();
    if (!next) return fail('error.conflict', { status: 409 });
    recordEvent(tx, {
      at: now,
      actor,
      action: 'sweep.checked',
      crisisId: crisis.id,
      channelId: item.channelId,
      departmentId: found.departmentId,
      details: {
        itemId: item.id,
        channel: found.channelName,
        result: input.result,
        previous: item.result,
        holdId,
        // "checked through the API at T" versus by hand in the platform's scheduler.
        via: input.listedByApi ? 'api' : 'manual',
        ...(input.listedByApi ? { listedPosts: input.listedByApi } : {}),
      },
    });
    return ok(next);
  });
}

/** The newest hold on the channel's takeover case in this crisis, if any. */
function holdOnChannel(db: Db, crisisId: number, channelId: number): number | null {
  return (
    db
      .select({ id: holds.id })
      .from(holds)
      .innerJoin(takeoverCases, eq(takeoverCases.id, holds.caseId))
      .where(and(eq(holds.crisisId, crisisId), eq(takeoverCases.channelId, channelId)))
      .orderBy(sql`${holds.id} desc`)
      .get()?.id ?? null
  );
}

export function sweepProgress(db: Db, crisisId: number): SweepProgress {
  const row = db
    .select({
      total: sql<number>`count(*)`,
      checked: sql<number>`coalesce(sum(${sweepItems.result} is not null), 0)`,
    })
    .from(sweepItems)
    .where(eq(sweepItems.crisisId, crisisId))
    .get();
  return { checked: Number(row?.checked ?? 0), total: Number(row?.total ?? 0) };
}

export type SweepRow = {
  item: SweepItem;
  channel: { id: number; name: string; platform: Platform; handle: string; departmentName: string };
  /** The channel's takeover case in this crisis (where a hold is placed), if it has one. */
  caseId: number | null;
  caseState: string | null;
  caseVersion: number | null;
  hasHold: boolean;
};

/** The crisis's sweep items, the ones still to check first (or only those, with `remainingOnly`). */
export function listSweep(db: Db, crisisId: number, remainingOnly = false): SweepRow[] {
  const rows = db
    .select({
      item: sweepItems,
      id: channels.id,
      name: channels.name,
      platform: channels.platform,
      handle: channels.handle,
      departmentName: departments.name,
      caseId: takeoverCases.id,
      caseState: takeoverCases.state,
      caseVersion: takeoverCases.version,
    })
    .from(sweepItems)
    .innerJoin(channels, eq(channels.id, sweepItems.channelId))
    .innerJoin(departments, eq(departments.id, channels.departmentId))
    .leftJoin(
      takeoverCases,
      and(
        eq(takeoverCases.crisisId, sweepItems.crisisId),
        eq(takeoverCases.channelId, sweepItems.channelId),
      ),
    )
    .where(
      and(eq(sweepItems.crisisId, crisisId), remainingOnly ? isNull(sweepItems.result) : undefined),
    )
    .orderBy(sql`${sweepItems.result} is not null`, asc(departments.name), asc(channels.name))
    .all();
  const caseIds = rows.map((r) => r.caseId).filter((id): id is number => id !== null);
  const withHold = new Set(
    caseIds.length
      ? db
          .select({ caseId: holds.caseId })
          .from(holds)
          .where(inIds(holds.caseId, caseIds))
          .all()
          .map((h) => h.caseId)
      : [],
  );
  return rows.map(({ item, caseId, caseState, caseVersion, ...channel }) => ({
    item,
    channel,
    caseId,
    caseState,
    caseVersion,
    hasHold: caseId !== null && withHold.has(caseId),
  }));
}
