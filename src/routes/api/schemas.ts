// What the API answers. Each response goes through its schema before it is sent (parse keeps the
// documented fields and drops the rest), so the OpenAPI document describes exactly what is sent.
import { z } from 'zod';
import {
  ACTION_KINDS,
  BASES,
  CASE_STATES,
  CONTACT_MEANS,
  ATTEMPT_OUTCOMES,
  EXERCISE_NOTIFY,
  IMPACTS,
  NOTIFICATION_EVENTS,
  PLATFORMS,
} from '../../../db/schema';
import { named } from './fields';

export const EXERCISE_NOTIFY_TEXT =
  'For an exercise: marked (the default) sends owners their notices with an EXERCISE mark; ' +
  'participants sends them only to the owners taking part (POST .../participants). Null for a real crisis.';

const instant = () => z.string().meta({ format: 'date-time' });
const when = () => instant().nullable();
const text = () => z.string().nullable();
const int = () => z.int();

export const ErrorOut = named(
  'Error',
  z.object({
    error: z
      .string()
      .meta({ description: "What went wrong, in the language of the token's user." }),
    code: z.string().meta({
      description: 'A stable key for the error (e.g. crisis.gate.notApplicable, error.conflict).',
    }),
    fields: z
      .record(z.string(), z.string())
      .meta({ description: 'Per request field: its message.' }),
    current: z
      .unknown()
      .optional()
      .meta({ description: 'With 409: the state someone else left it in.' }),
  }),
);

export const CrisisOut = named(
  'Crisis',
  z.object({
    id: int(),
    title: z.string(),
    description: z.string(),
    startedAt: instant(),
    impact: z.enum(IMPACTS),
    isExercise: z.boolean(),
    exerciseNotify: z.enum(EXERCISE_NOTIFY).nullable().meta({ description: EXERCISE_NOTIFY_TEXT }),
    crisisCellLead: text(),
    crisisCellConvenedAt: when(),
    crisisCellDecisionRef: text(),
    contactName: text(),
    contactPhone: text(),
    status: z.enum(['open', 'closed']),
    closedAt: when(),
    closeOverrideReason: text(),
    version: int(),
  }),
);

export const GateOut = named(
  'Article2Gate',
  z.object({
    open: z.boolean(),
    reason: z.enum(['crisis.gate.closed', 'crisis.gate.notApplicable']).optional(),
  }),
  'Article 2 applies only to a major or high-impact open crisis with the crisis cell involved.',
);

export const CaseOut = named(
  'TakeoverCase',
  z.object({
    id: int(),
    crisisId: int(),
    channelId: int(),
    state: z.enum(CASE_STATES),
    basis: z.enum(BASES).nullable(),
    authorisedAt: when(),
    acuteJustification: text(),
    acuteDeadline: when(),
    acuteMessageSentAt: when(),
    ownerContactDueAt: when(),
    ownerContactedAt: when(),
    handedBackAt: when(),
    handBackNote: text(),
    createdAt: instant(),
    updatedAt: instant(),
    version: int(),
  }),
);

export const ChannelOut = named(
  'Channel',
  z.object({
    id: int(),
    name: z.string(),
    platform: z.enum(PLATFORMS),
    handle: z.string(),
    departmentName: z.string(),
  }),
);

export const OwnerOut = named(
  'Owner',
  z.object({
    id: int(),
    name: z.string(),
    phone: text(),
    email: text(),
    altContact: text(),
  }),
  'A registered owner of the channel, with the contact details to try.',
);

export const AttemptOut = named(
  'ContactAttempt',
  z.object({
    id: int(),
    caseId: int(),
    ownerId: int(),
    ownerName: z.string().optional(),
    means: z.enum(CONTACT_MEANS),
    outcome: z.enum(ATTEMPT_OUTCOMES),
    attemptedAt: instant(),
    note: z.string(),
    correctedAt: when().meta({
      description:
        'Set when the attempt was marked "recorded in error": it stays in the record, no Article 2 rule counts it.',
    }),
    correctionReason: text(),
  }),
);

export const HoldOut = named(
  'Hold',
  z.object({
    id: int(),
    caseId: int(),
    crisisId: int(),
    postState: z.enum(['online', 'scheduled']),
    postRef: z.string(),
    scheduledFor: when(),
    conflict: z.string(),
    action: z.enum(['taken_offline', 'put_on_hold']),
    placedAt: instant(),
    releasedAt: when(),
    releaseOutcome: z.enum(['republished', 'corrected', 'removed']).nullable(),
    releaseNote: text(),
    version: int(),
    channelName: z.string().optional(),
  }),
);

const UnreachableOut = named(
  'UnreachableFinding',
  z.object({
    unreachable: z.boolean(),
    reason: z.enum(['no_owner', 'all_tried', 'reached', 'not_all_tried', 'too_soon']),
    pacing: z
      .object({
        firstAt: when(),
        lastAt: when(),
        spanMinutes: int(),
        neededMinutes: int(),
        readyAt: when(),
      })
      .nullable()
      .optional()
      .describe('How far apart the failed attempts lie against the step time the chain needs'),
    owners: z.array(
      z.object({
        ownerId: int(),
        failedAttempts: int(),
        meansTried: z.array(z.enum(CONTACT_MEANS)),
        attemptsNeeded: int(),
        meansNeeded: int(),
        enough: z.boolean(),
      }),
    ),
  }),
  'Article 2, exception 3, read from the attempt log: every registered owner tried without success, the attempts spanning the escalation step time per person beyond the first.',
);

const ObligationOut = named(
  'OwnerContactObligation',
  z.object({
    state: z.enum(['none', 'open', 'overdue', 'met']),
    dueAt: instant().optional(),
    contactedAt: instant().optional(),
    late: z.boolean().optional(),
  }),
  'Article 2, exception 2: after a hold, the owner contact that must follow.',
);

const AcuteOut = named(
  'AcuteStatus',
  z.object({
    state: z.enum(['none', 'running', 'missed', 'sent']),
    deadline: instant().optional(),
    minutesLeft: int().optional(),
    minutesOver: int().optional(),
    sentAt: instant().optional(),
    beforeDeadline: z.boolean().optional(),
  }),
  'Article 2, exception 1: the countdown to the message that had to go out within the hour.',
);

const NoticeOut = named(
  'OwnerNotice',
  z.object({
    ownerId: int(),
    ownerName: z.string(),
    event: z.enum(NOTIFICATION_EVENTS),
    status: z.string(),
    createdAt: instant(),
    sentAt: when(),
    acknowledgedAt: when(),
  }),
);

export const BoardOut = named(
  'CrisisBoard',
  z.object({
    crisis: CrisisOut,
    gate: GateOut,
    operators: z.array(z.object({ userId: int(), name: z.string(), joinedAt: instant() })),
    rows: z.array(
      z.object({
        case: CaseOut,
        channel: ChannelOut,
        owners: z.array(OwnerOut),
        lastAttempt: AttemptOut.nullable(),
        attemptCount: int(),
        unreachable: UnreachableOut,
        obligation: ObligationOut,
        acute: AcuteOut,
        openHolds: int(),
        notices: z.array(NoticeOut),
        next: z.string().meta({
          description:
            'The one next step: contact_owner, take_over_unreachable, contact_owner_after_hold, publish_acute, release_holds, act_or_hand_back or none.',
        }),
        mustCall: z.boolean().meta({
          description:
            'The crisis cell has to call: contacting an owner is the next step, or a notice did not get through.',
        }),
        settled: z.boolean().meta({
          description: 'Closed, with no open hold, no reply and no undelivered notice left.',
        }),
        late: z
          .object({
            kind: z.enum(['acute_missed', 'owner_contact', 'acute_due', 'attempt']),
            minutes: int(),
            ownerName: z.string().optional(),
            means: z.string().optional(),
          })
          .nullable()
          .meta({
            description:
              'What is late: the acute deadline missed or under 10 minutes away, the owner contact after a hold past due, or the next contact attempt past the escalation step (minutes over, or left for acute_due).',
          }),
      }),
    ),
    openHolds: z.array(HoldOut),
    counts: z.record(z.enum(CASE_STATES), int()),
    late: int().meta({ description: 'How many rows are late.' }),
  }),
);

export const CaseDetailOut = named(
  'TakeoverCaseDetail',
  z.object({
    case: CaseOut,
    crisis: CrisisOut,
    gate: GateOut,
    channel: ChannelOut,
    owners: z.array(OwnerOut),
    attempts: z.array(AttemptOut),
    holds: z.array(HoldOut),
    actions: z.array(
      z.object({
        id: int(),
        kind: z.enum(ACTION_KINDS),
        note: z.string(),
        actedAt: instant(),
        actedByName: z.string(),
      }),
    ),
    unreachable: UnreachableOut,
    obligation: ObligationOut,
    acute: AcuteOut,
    notices: z.array(NoticeOut),
    history: z
      .array(
        z.object({
          seq: int(),
          at: instant(),
          action: z.string(),
          actorName: text(),
          actorRole: z.string().nullable(),
          details: z.record(z.string(), z.unknown()),
        }),
      )
      .meta({ description: "The case's audit events, oldest first." }),
  }),
);

export const ChannelHitOut = named(
  'ChannelSearchHit',
  ChannelOut.extend({ inCrisis: z.boolean() }),
);
