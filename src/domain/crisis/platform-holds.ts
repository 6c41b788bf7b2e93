// The sweep and holds through a platform's API (Facebook Pages, YouTube). The platform is
// asked or changed first; only what it did is then recorded, with its audit event, in one
// transaction (the case step of holds.ts and takeover.ts). If the platform fails, nothing is
// recorded and the operator reads what to do by hand. If the record is refused after the
// platform changed (another operator got there first), the change is undone on the platform.
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { holds, sweepItems, takeoverCases } from '../../../db/schema';
import type { Actor } from '../audit/trail';
import { canonicalJson } from '../audit/chain';
import { fail, ok, type Result } from '../lib/result';
import type { Db } from '../lib/db';
import type { Connector, PostCopy } from '../platforms/connector';
import { article2Applies, type Rules } from './article2';
import { loadCaseContext } from './case-step';
import { getHold, placeHold, releaseHold, type HoldInput } from './holds';
import { recordSweepResult, type SweepItem } from './sweep';
import { authoriseConflicting } from './takeover';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Records the sweep of a connected channel from the platform's own list: "no scheduled posts"
 * only when the platform lists none, "none conflicting" only for the posts the operator saw.
 */
export async function recordSweepThroughApi(
  db: Db,
  actor: Actor,
  connector: Connector,
  input: {
    crisisId: number;
    itemId: number;
    version: number;
    result: 'no_scheduled_posts' | 'none_conflicting';
    seen: string[];
  },
  now: Date,
): Promise<Result<SweepItem>> {
  const listed = await connector.listScheduled();
  if (!listed.ok) return listed;
  const ids = listed.value.map((p) => p.id).sort();
  const expected = input.result === 'no_scheduled_posts' ? [] : [...input.seen].sort();
  if (ids.join('\n') !== expected.join('\n')) return fail('sweepApi.listChanged', { status: 409 });
  const { seen: _seen, ...rest } = input;
  return recordSweepResult(db, actor, { ...rest, listedByApi: ids }, now);
}

export type ApiHoldInput = {
  crisisId: number;
  caseId: number;
  version: number;
  postId: string;
  conflict: string;
};

/** What the case step will check, checked before the platform is touched. */
function holdRefusal(db: Db, input: ApiHoldInput) {
  const found = loadCaseContext(db, input.caseId);
  if (!found || found.crisis.id !== input.crisisId) return fail('case.notFound', { status: 404 });
  if (found.kase.version !== input.version) return fail('error.conflict', { status: 409 });
  const gate = article2Applies(found.crisis);
  if (!gate.open) return fail(gate.reason, { status: 422 });
  if (!['contacting', 'active'].includes(found.kase.state))
    return fail('case.illegal.needsActive', { status: 422 });
  if (!input.conflict.trim()) return fail('hold.conflictRequired', { field: 'conflict' });
  return found.kase.state;
}

/**
 * Article 2, exception 2 through the API: the post is stored as it was, held back on the
 * platform, and the hold recorded with the copy's hash. On a case still contacting the owner
 * this is the conflicting-information takeover itself; on an active case a further hold.
 */
export async function holdThroughPlatform(
  db: Db,
  actor: Actor,
  connector: Connector,
  input: ApiHoldInput,
  now: Date,
  rules: Rules,
) {
  const state = holdRefusal(db, input);
  if (typeof state !== 'string') return state;
  const held = await connector.holdPost(input.postId);
  if (!held.ok) return held;
  const { copy, action } = held.value;
  const json = canonicalJson(copy);
  const hold: HoldInput = {
    postState: copy.state === 'scheduled' ? 'scheduled' : 'online',
    postRef: `${copy.text.slice(0, 200)} (${connector.platform} ${copy.id})`,
    scheduledFor: copy.scheduledFor ? new Date(copy.scheduledFor) : null,
    conflict: input.conflict,
    action: copy.state === 'scheduled' ? 'put_on_hold' : 'taken_offline',
    platform: { postId: copy.id, action, copy: json, sha256: sha256(json) },
  };
  const ref = { caseId: input.caseId, version: input.version, ...hold };
  const recorded =
    state === 'contacting'
      ? authoriseConflicting(db, actor, ref, now, rules)
      : placeHold(db, actor, ref, now);
  if (!recorded.ok) await connector.restorePost(copy);
  return recorded;
}

/** Puts a post held through the API back exactly as the stored copy (checked by its hash) shows it. */
export async function restoreThroughPlatform(
  db: Db,
  actor: Actor,
  connector: Connector,
  input: { holdId: number; version: number; note: string },
  now: Date,
) {
  const hold = getHold(db, input.holdId);
  if (!hold || hold.via !== 'api' || !hold.platformCopy)
    return fail('hold.notFound', { field: 'holdId', status: 404 });
  if (hold.version !== input.version) return fail('error.conflict', { status: 409 });
  if (hold.releasedAt) return fail('hold.alreadyReleased', { field: 'holdId' });
  if (!input.note.trim()) return fail('hold.releaseNoteRequired', { field: 'note' });
  if (sha256(hold.platformCopy) !== hold.platformCopySha256)
    return fail('hold.copyAltered', { status: 422 });
  const copy = JSON.parse(hold.platformCopy) as PostCopy;
  const restored = await connector.restorePost(copy);
  if (!restored.ok) return restored;
  const released = releaseHold(
    db,
    actor,
    { ...input, outcome: 'republished', restoredVia: 'api' },
    now,
  );
  if (!released.ok) await connector.holdPost(copy.id);
  return released.ok ? ok({ hold: released.value, postId: restored.value.postId }) : released;
}

/** The channel a sweep item or a hold is about: the one whose connector the route opens. */
export function channelOfSweepItem(db: Db, itemId: number): number | null {
  return (
    db.select({ c: sweepItems.channelId }).from(sweepItems).where(eq(sweepItems.id, itemId)).get()
      ?.c ?? null
  );
}

export function channelOfHold(db: Db, holdId: number): number | null {
  return (
    db
      .select({ c: takeoverCases.channelId })
      .from(holds)
      .innerJoin(takeoverCases, eq(takeoverCases.id, holds.caseId))
      .where(eq(holds.id, holdId))
      .get()?.c ?? null
  );
}
