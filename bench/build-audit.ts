// The audit trail of three years: a million events chained exactly as the console chains them
// (src/domain/audit/trail.ts: canonicalJson for details, eventHash for the link), oldest first, ending
// with the open crisis's own events, so /audit/verify and `npm run audit:verify` accept it.
import { canonicalJson, eventHash, GENESIS_HASH } from '../src/domain/audit/trail';
import { CONTACT_MEANS } from '../db/schema';
import { DAY, iso, MIN, pick, type Ctx } from './util';
import { timeline, type OpenCrisis, type PastCrisis, type PendingEvent } from './build-crises';

const BATCH = 100_000;
const OUTCOMES = [
  'no_answer',
  'voicemail',
  'no_answer',
  'reached_owner_agrees',
  'wrong_number',
] as const;
const NOTES = [
  '',
  'Gebeld via centrale',
  'Voicemail ingesproken, terugbellen gevraagd',
  'Sms gestuurd met vraag om te bellen',
  'Collega zegt: met verlof tot maandag',
];

/** An event of a past crisis: mostly contact attempts and owner notifications, as in the real trail. */
function crisisEvent(ctx: Ctx, crisis: PastCrisis, at: number): PendingEvent {
  const { rand } = ctx;
  const c = pick(rand, crisis.cases);
  const actorUserId = pick(rand, ctx.users.operators);
  const base = {
    at,
    actorUserId,
    actorRole: 'crisis_operator',
    crisisId: crisis.id,
    channelId: c.channelId,
    caseId: c.caseId,
    departmentId: c.departmentId,
  };
  const ownerId = pick(rand, c.ownerIds);
  const owner = ctx.owners.get(ownerId)!;
  const r = rand();
  if (r < 0.5) {
    return {
      ...base,
      action: 'case.contact_attempt',
      details: {
        attemptId: Math.floor(rand() * 1e6),
        ownerId,
        ownerName: owner.name,
        means: pick(rand, CONTACT_MEANS),
        outcome: pick(rand, OUTCOMES),
        attemptedAt: iso(at - Math.floor(rand() * 10) * MIN),
        note: pick(rand, NOTES),
      },
    };
  }
  if (r < 0.7) {
    return {
      ...base,
      actorUserId: null,
      actorRole: 'system',
      action: 'notification.sent',
      details: {
        notificationId: Math.floor(rand() * 1e5),
        ownerId,
        to: owner.email,
        event: 'takeover_authorised',
        response: '250 2.0.0 Ok: queued',
      },
    };
  }
  if (r < 0.85)
    return {
      ...base,
      action: 'case.action_logged',
      details: { kind: 'published', note: 'Update over de evacuatie en opvang in sporthal' },
    };
  if (r < 0.9)
    return {
      ...base,
      action: 'case.authorised',
      details: { basis: 'owner_contacted', ownerId, ownerName: owner.name },
    };
  if (r < 0.95)
    return {
      ...base,
      action: 'hold.placed',
      details: {
        holdId: Math.floor(rand() * 1e4),
        post: `https://facebook.com/post/${c.caseId}`,
        action: 'taken_offline',
        conflict: 'Oude info',
      },
    };
  return {
    ...base,
    actorUserId: null,
    actorRole: 'owner',
    action: 'notification.acknowledged',
    details: { notificationId: Math.floor(rand() * 1e5), ownerId },
  };
}

/** Between crises: sign-ins, registry upkeep, exports. */
function dailyEvent(ctx: Ctx, at: number): PendingEvent {
  const { rand } = ctx;
  const ch = pick(rand, ctx.channels);
  const none = { crisisId: null, channelId: null, caseId: null, departmentId: null };
  const r = rand();
  if (r < 0.4) {
    const userId = pick(rand, [...ctx.users.operators, ...ctx.users.communicatie]);
    return {
      ...none,
      at,
      actorUserId: userId,
      actorRole: 'anonymous',
      action: 'user.signed_in',
      details: {
        userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)',
        ip: `10.20.${userId}.${Math.floor(rand() * 250)}`,
      },
    };
  }
  if (r < 0.5)
    return {
      ...none,
      at,
      actorUserId: null,
      actorRole: 'anonymous',
      action: 'user.sign_in_failed',
      details: { email: `operator${Math.floor(rand() * 20)}@bench.invalid`, ip: '10.20.0.7' },
    };
  const actorUserId = pick(rand, ctx.users.communicatie);
  const where = {
    crisisId: null,
    caseId: null,
    channelId: ch.id,
    departmentId: ch.departmentId,
    actorUserId,
    actorRole: 'communicatie',
    at,
  };
  if (r < 0.75) {
    return {
      ...where,
      action: 'channel.updated',
      details: {
        changes: {
          lastPublishedAt: { from: iso(at - 30 * DAY).slice(0, 10), to: iso(at).slice(0, 10) },
        },
        name: ch.name,
      },
    };
  }
  if (r < 0.85)
    return {
      ...where,
      action: 'owner.updated',
      details: { ownerId: ch.ownerIds[0], changes: { phone: 'changed' } },
    };
  if (r < 0.97)
    return {
      ...where,
      action: 'access.admin_verified',
      details: { account: 'communicatie@turnhout.invalid', handle: ch.handle },
    };
  return {
    ...none,
    at,
    actorUserId,
    actorRole: 'communicatie',
    action: 'audit.exported',
    details: { format: 'csv', filter: { kind: 'all' }, count: Math.floor(rand() * 5000) },
  };
}

/**
 * Appends `total` events: the open crisis's own events last, the rest spread over the three
 * years before it, one transaction per batch with the chain carried across batches.
 */
export function appendAuditEvents(
  ctx: Ctx,
  total: number,
  past: PastCrisis[],
  open: { summary: OpenCrisis; events: PendingEvent[] },
) {
  const tail = [...open.events].sort((a, b) => a.at - b.at);
  if (tail.length > total)
    throw new Error(`the open crisis alone has ${tail.length} events; ask for at least that many`);
  const line = timeline(ctx.now, past.length);
  const background = total - tail.length;
  const span = line.openStart - HOUR - line.start;
  const insert = ctx.sqlite.prepare(`INSERT INTO audit_events
    (seq, at, actor_user_id, actor_role, action, crisis_id, channel_id, case_id, department_id, details, prev_hash, hash)
    VALUES (@seq, @at, @actorUserId, @actorRole, @action, @crisisId, @channelId, @caseId, @departmentId, @details, @prevHash, @hash)`);
  let prevHash = GENESIS_HASH;
  const event = (seq: number): PendingEvent => {
    if (seq > background) return tail[seq - background - 1]!;
    const at = line.start + Math.floor((seq / background) * span);
    const k = Math.floor((at - line.start) / line.window);
    const inCrisis = k < past.length && at - line.start - k * line.window < line.crisisDays * DAY;
    return inCrisis ? crisisEvent(ctx, past[k]!, at) : dailyEvent(ctx, at);
  };
  const batch = ctx.sqlite.transaction((from: number, to: number) => {
    for (let seq = from; seq <= to; seq++) {
      const { at, details, ...e } = event(seq);
      const row = { seq, at: iso(at), ...e, details: canonicalJson(details), prevHash };
      const hash = eventHash(row);
      insert.run({ ...row, hash });
      prevHash = hash;
    }
  });
  for (let from = 1; from <= total; from += BATCH) batch(from, Math.min(total, from + BATCH - 1));
}

/**
 * Runs `fill` without the audit table's indexes and then creates them again from the very SQL
 * the migrations wrote (sqlite_master): one sort per index instead of a million random B-tree
 * inserts into the prev_hash index, which would rewrite most of their pages at every commit.
 */
export function withoutAuditIndexes(ctx: Ctx, fill: () => void, lap: (part: string) => void) {
  const indexes = ctx.sqlite
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_events' AND sql IS NOT NULL`,
    )
    .all() as { name: string; sql: string }[];
  for (const { name } of indexes) ctx.sqlite.exec(`DROP INDEX "${name}"`);
  fill();
  lap('audit chain');
  ctx.sqlite.transaction(() => {
    for (const { sql } of indexes) ctx.sqlite.exec(sql);
  })();
  lap(`audit indexes (${indexes.length})`);
}

const HOUR = 60 * MIN;
