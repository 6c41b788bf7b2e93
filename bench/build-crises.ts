// The crises of the benchmark city: years of closed crises behind it, and the open one the crisis
// cell is working on right now, its channels in the mix of states a board shows mid-crisis.
import { BASES, CONTACT_MEANS } from '../db/schema';
import { DAY, inserter, iso, MIN, pick, type Ctx, type Scale } from './util';

/** An audit event still to be chained (build-audit.ts gives it seq, hashes and order). */
export type PendingEvent = {
  at: number;
  actorUserId: number | null;
  actorRole: string;
  action: string;
  crisisId: number | null;
  channelId: number | null;
  caseId: number | null;
  departmentId: number | null;
  details: Record<string, unknown>;
};
export type CaseRef = {
  caseId: number;
  channelId: number;
  departmentId: number;
  ownerIds: number[];
};
export type PastCrisis = { id: number; startedAt: number; cases: CaseRef[] };
export type OpenCrisis = {
  id: number;
  /** Cases a contact attempt may be logged on (contacting or active), with the channel's owners. */
  writable: { caseId: number; ownerIds: number[] }[];
  states: Record<string, number>;
};

/** Where the crises sit in time: the audit trail spans three years before the open crisis. */
export function timeline(now: Date, pastCrises: number) {
  const openStart = now.getTime() - 100 * MIN;
  const start = openStart - 3 * 365 * DAY;
  const window = (openStart - 2 * DAY - start) / Math.max(1, pastCrises);
  return { start, openStart, window, crisisDays: 2 };
}

function tables(ctx: Ctx) {
  const s = ctx.sqlite;
  return {
    crisis: inserter(s, 'crises', [
      'title',
      'description',
      'started_at',
      'impact',
      'crisis_cell_lead',
      'crisis_cell_convened_at',
      'crisis_cell_decision_ref',
      'crisis_cell_recorded_by',
      'status',
      'closed_at',
      'closed_by',
      'is_exercise',
      'exercise_notify',
      'declared_by',
      'created_at',
    ]),
    operator: inserter(s, 'crisis_operators', ['crisis_id', 'user_id', 'joined_at']),
    kase: inserter(s, 'takeover_cases', [
      'crisis_id',
      'channel_id',
      'state',
      'basis',
      'authorised_at',
      'authorised_by',
      'acute_justification',
      'acute_deadline',
      'acute_message_sent_at',
      'owner_contact_due_at',
      'owner_contacted_at',
      'handed_back_at',
      'handed_back_by',
      'hand_back_note',
      'added_by',
      'created_at',
      'updated_at',
      'version',
    ]),
    attempt: inserter(s, 'contact_attempts', [
      'case_id',
      'owner_id',
      'means',
      'outcome',
      'attempted_at',
      'note',
      'recorded_by',
    ]),
    hold: inserter(s, 'holds', [
      'case_id',
      'crisis_id',
      'post_state',
      'post_ref',
      'conflict',
      'action',
      'placed_by',
      'placed_at',
      'released_at',
      'released_by',
      'release_outcome',
      'release_note',
    ]),
    notification: inserter(s, 'notifications', [
      'owner_id',
      'channel_id',
      'crisis_id',
      'case_id',
      'event',
      'to_email',
      'subject',
      'body',
      'is_exercise',
      'status',
      'attempts',
      'sent_at',
      'created_at',
      'acknowledged_at',
    ]),
  };
}

const NULLS = {
  basis: null,
  authorised_at: null,
  authorised_by: null,
  acute_justification: null,
  acute_deadline: null,
  acute_message_sent_at: null,
  owner_contact_due_at: null,
  owner_contacted_at: null,
  handed_back_at: null,
  handed_back_by: null,
  hand_back_note: null,
};

const TITLES = [
  'Stormschade',
  'Brand in bedrijfspand',
  'Wateroverlast',
  'Stroompanne',
  'Gaslek',
  'Verkeersongeval ring',
  'Evenement ontruimd',
];

export function buildPastCrises(ctx: Ctx, scale: Scale): PastCrisis[] {
  const t = tables(ctx);
  const { rand } = ctx;
  const line = timeline(ctx.now, scale.pastCrises);
  const result: PastCrisis[] = [];
  for (let k = 0; k < scale.pastCrises; k++) {
    const started = line.start + k * line.window;
    const at = (minutes: number) => iso(started + minutes * MIN);
    const declaredBy = pick(rand, ctx.users.operators);
    const exercise = k % 10 === 9;
    const id = t.crisis({
      title: `${pick(rand, TITLES)} ${k + 1}`,
      description: 'Afgesloten crisis',
      started_at: at(0),
      impact: k % 4 === 0 ? 'large_impact' : 'major',
      crisis_cell_lead: 'Burgemeester',
      crisis_cell_convened_at: at(10),
      crisis_cell_decision_ref: `CC-${k + 1}`,
      crisis_cell_recorded_by: declaredBy,
      status: 'closed',
      closed_at: at(line.crisisDays * 1440),
      closed_by: declaredBy,
      is_exercise: exercise ? 1 : 0,
      exercise_notify: exercise ? 'marked' : null,
      declared_by: declaredBy,
      created_at: at(0),
    });
    for (const user of new Set([
      declaredBy,
      pick(rand, ctx.users.operators),
      pick(rand, ctx.users.operators),
    ]))
      t.operator({ crisis_id: id, user_id: user, joined_at: at(5) });
    const cases: CaseRef[] = [];
    const size = 5 + (k % 21);
    const first = Math.floor(rand() * ctx.channels.length);
    for (let j = 0; j < size; j++) {
      // The bench owner's channel (the first) opens every other crisis: 200 notices on /mine.
      const ownersTurn = k % 2 === 0;
      const spread = ctx.channels[(first + j * 37) % ctx.channels.length]!;
      const ch = ownersTurn && j === 0 ? ctx.channels[0]! : spread;
      if (ownersTurn && j > 0 && ch === ctx.channels[0]) continue;
      const handedBack = j % 5 < 3;
      const basis = handedBack ? BASES[j % BASES.length]! : null;
      const caseId = t.kase({
        ...NULLS,
        crisis_id: id,
        channel_id: ch.id,
        state: handedBack ? 'handed_back' : 'owner_handles',
        basis,
        authorised_at: handedBack ? at(60) : null,
        authorised_by: handedBack ? declaredBy : null,
        acute_justification:
          basis === 'acute' ? 'Evacuatie-oproep moet binnen het uur online' : null,
        acute_deadline: basis === 'acute' ? at(100) : null,
        acute_message_sent_at: basis === 'acute' ? at(80) : null,
        owner_contacted_at: at(40),
        handed_back_at: handedBack ? at(2000) : null,
        handed_back_by: handedBack ? declaredBy : null,
        hand_back_note: handedBack ? 'Crisis voorbij, kanaal terug naar de dienst' : null,
        added_by: declaredBy,
        created_at: at(20),
        updated_at: at(2000),
        version: handedBack ? 4 : 3,
      });
      for (let a = 0; a < 1 + (j % 3); a++) {
        t.attempt({
          case_id: caseId,
          owner_id: ch.ownerIds[a % 2]!,
          means: CONTACT_MEANS[a % 3]!,
          outcome:
            a === j % 3
              ? handedBack
                ? 'reached_owner_agrees'
                : 'reached_owner_handles'
              : 'no_answer',
          attempted_at: at(30 + a * 5),
          note: '',
          recorded_by: declaredBy,
        });
      }
      if (basis === 'conflicting_information') {
        t.hold({
          case_id: caseId,
          crisis_id: id,
          post_state: 'online',
          post_ref: `https://facebook.com/post/${caseId}`,
          conflict: 'Oude evacuatie-info',
          action: 'taken_offline',
          placed_by: declaredBy,
          placed_at: at(50),
          released_at: at(1900),
          released_by: declaredBy,
          release_outcome: 'corrected',
          release_note: 'Aangepast',
        });
      }
      if (handedBack) {
        for (const ownerId of ch.ownerIds) {
          for (const [event, minute] of [
            ['takeover_authorised', 60],
            ['handed_back', 2000],
          ] as const) {
            t.notification({
              owner_id: ownerId,
              channel_id: ch.id,
              crisis_id: id,
              case_id: caseId,
              event,
              to_email: ctx.owners.get(ownerId)!.email,
              subject: `Kanaal ${ch.name}`,
              body: 'Bericht aan de beheerder',
              is_exercise: exercise ? 1 : 0,
              status: 'sent',
              attempts: 1,
              sent_at: at(minute + 1),
              created_at: at(minute),
              acknowledged_at: ownerId % 3 ? at(minute + 30) : null,
            });
          }
        }
      }
      cases.push({
        caseId,
        channelId: ch.id,
        departmentId: ch.departmentId,
        ownerIds: ch.ownerIds,
      });
    }
    result.push({ id, startedAt: started, cases });
  }
  return result;
}

/** Twenty states in rotation: 40% contacting, 10% owner handles, 40% taken over on every basis, 10% handed back. */
const MIX = [
  'contacting',
  'contacting',
  'contacting',
  'contacting',
  'contacting',
  'contacting',
  'contacting',
  'contacting',
  'owner_handles',
  'owner_handles',
  'owner_contacted',
  'owner_contacted',
  'owner_contacted',
  'acute',
  'acute',
  'conflicting_information',
  'conflicting_information',
  'owner_unreachable',
  'handed_back',
  'handed_back',
] as const;

export function buildOpenCrisis(
  ctx: Ctx,
  scale: Scale,
): { summary: OpenCrisis; events: PendingEvent[] } {
  const t = tables(ctx);
  const start = timeline(ctx.now, scale.pastCrises).openStart;
  const now = ctx.now.getTime();
  const at = (minutes: number) => start + minutes * MIN;
  const lead = ctx.users.bench;
  const events: PendingEvent[] = [];
  const ev = (
    ms: number,
    actorUserId: number,
    action: string,
    where: Partial<PendingEvent>,
    details: Record<string, unknown>,
  ) =>
    events.push({
      at: ms,
      actorUserId,
      actorRole: 'crisis_operator',
      action,
      crisisId: id,
      channelId: null,
      caseId: null,
      departmentId: null,
      ...where,
      details,
    });
  const id = t.crisis({
    title: 'Zware storm: stormschade en evacuatie centrum',
    description: 'Bomen omgewaaid, evacuatie van de Grote Markt',
    started_at: iso(at(0)),
    impact: 'major',
    crisis_cell_lead: 'Burgemeester',
    crisis_cell_convened_at: iso(at(5)),
    crisis_cell_decision_ref: 'CC-2026-14',
    crisis_cell_recorded_by: lead,
    status: 'open',
    closed_at: null,
    closed_by: null,
    is_exercise: 0,
    exercise_notify: null,
    declared_by: lead,
    created_at: iso(at(0)),
  });
  ev(
    at(0),
    lead,
    'crisis.declared',
    {},
    { title: 'Zware storm: stormschade en evacuatie centrum', impact: 'major' },
  );
  ev(at(6), lead, 'crisis.cell_recorded', {}, { lead: 'Burgemeester', decisionRef: 'CC-2026-14' });
  for (const user of [lead, ...ctx.users.operators.slice(0, 10)]) {
    t.operator({ crisis_id: id, user_id: user, joined_at: iso(at(7)) });
    ev(at(7), user, 'crisis.operator_joined', {}, {});
  }
  const summary: OpenCrisis = { id, writable: [], states: {} };
  const stride = Math.max(1, Math.floor(ctx.channels.length / scale.openCases));
  for (let j = 0; j < scale.openCases; j++) {
    const ch = ctx.channels[(j * stride) % ctx.channels.length]!;
    const kind = MIX[j % MIX.length]!;
    const op = ctx.users.operators[j % 10]!;
    const where = { channelId: ch.id, departmentId: ch.departmentId };
    const state =
      kind === 'contacting' || kind === 'owner_handles' || kind === 'handed_back' ? kind : 'active';
    const basis = state === 'active' ? kind : kind === 'handed_back' ? 'owner_contacted' : null;
    const authorised = at(30 + (j % 40));
    // Obligations and countdowns in every condition the board shows: running, missed, met, overdue, open.
    const acuteDeadline =
      kind === 'acute' ? (j % 3 === 0 ? now - 5 * MIN : now + (30 + (j % 25)) * MIN) : null;
    const dueAt =
      kind === 'conflicting_information' ? (j % 2 ? now + 20 * MIN : authorised + 30 * MIN) : null;
    const reached =
      kind === 'owner_handles' || kind === 'owner_contacted' || kind === 'handed_back';
    const caseId = t.kase({
      ...NULLS,
      crisis_id: id,
      channel_id: ch.id,
      state,
      basis,
      authorised_at: basis ? iso(authorised) : null,
      authorised_by: basis ? op : null,
      acute_justification:
        kind === 'acute' ? `Evacuatie-oproep voor de volgers van ${ch.name} binnen het uur` : null,
      acute_deadline: acuteDeadline && iso(acuteDeadline),
      acute_message_sent_at: kind === 'acute' && j % 3 === 1 ? iso(authorised + 10 * MIN) : null,
      owner_contact_due_at: dueAt && iso(dueAt),
      owner_contacted_at: reached ? iso(at(25)) : null,
      handed_back_at: kind === 'handed_back' ? iso(at(90)) : null,
      handed_back_by: kind === 'handed_back' ? op : null,
      hand_back_note: kind === 'handed_back' ? 'Beheerder neemt het weer over' : null,
      added_by: lead,
      created_at: iso(at(10)),
      updated_at: iso(at(40)),
      version: 1 + (j % 3) + (basis ? 1 : 0),
    });
    ev(at(10), lead, 'case.added', { ...where, caseId }, {});
    const attempts =
      kind === 'owner_unreachable' ? 4 : reached ? 1 + (j % 2) : kind === 'contacting' ? j % 3 : 0;
    for (let a = 0; a < attempts; a++) {
      const last = a === attempts - 1;
      const outcome =
        reached && last
          ? kind === 'owner_handles'
            ? 'reached_owner_handles'
            : 'reached_owner_agrees'
          : a % 2
            ? 'voicemail'
            : 'no_answer';
      const ownerId = ch.ownerIds[a % 2]!;
      const means = CONTACT_MEANS[Math.floor(a / 2) % 3]!;
      const when = at(12 + a * 4);
      const attemptId = t.attempt({
        case_id: caseId,
        owner_id: ownerId,
        means,
        outcome,
        attempted_at: iso(when),
        note: 'Gebeld via centrale',
        recorded_by: op,
      });
      ev(
        when,
        op,
        'case.contact_attempt',
        { ...where, caseId },
        {
          attemptId,
          ownerId,
          ownerName: ctx.owners.get(ownerId)!.name,
          means,
          outcome,
          attemptedAt: iso(when),
          note: 'Gebeld via centrale',
        },
      );
    }
    if (basis) {
      ev(authorised, op, 'case.authorised', { ...where, caseId }, { basis });
      for (const ownerId of ch.ownerIds) {
        t.notification({
          owner_id: ownerId,
          channel_id: ch.id,
          crisis_id: id,
          case_id: caseId,
          event: 'takeover_authorised',
          to_email: ctx.owners.get(ownerId)!.email,
          subject: `Overname van ${ch.name}`,
          body: 'De dienst Communicatie heeft uw kanaal overgenomen.',
          is_exercise: 0,
          status: j % 4 === 0 ? 'queued' : 'sent',
          attempts: j % 4 === 0 ? 0 : 1,
          sent_at: j % 4 === 0 ? null : iso(authorised + MIN),
          created_at: iso(authorised),
          acknowledged_at: j % 3 === 0 ? iso(authorised + 5 * MIN) : null,
        });
      }
    }
    if (kind === 'conflicting_information') {
      const holdId = t.hold({
        case_id: caseId,
        crisis_id: id,
        post_state: 'scheduled',
        post_ref: `https://instagram.com/p/${caseId}`,
        conflict: 'Gepland bericht nodigt uit op de Grote Markt',
        action: 'put_on_hold',
        placed_by: op,
        placed_at: iso(authorised),
        released_at: null,
        released_by: null,
        release_outcome: null,
        release_note: null,
      });
      ev(
        authorised,
        op,
        'hold.placed',
        { ...where, caseId },
        { holdId, action: 'put_on_hold', post: `https://instagram.com/p/${caseId}` },
      );
    }
    if (kind === 'handed_back')
      ev(
        at(90),
        op,
        'case.handed_back',
        { ...where, caseId },
        { note: 'Beheerder neemt het weer over' },
      );
    summary.states[kind] = (summary.states[kind] ?? 0) + 1;
    if (state === 'contacting' || state === 'active')
      summary.writable.push({ caseId, ownerIds: ch.ownerIds });
  }
  return { summary, events };
}
