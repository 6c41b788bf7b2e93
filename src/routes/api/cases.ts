// /api/v1/crises/:id/cases/:caseId: one takeover case and one POST per Article 2 step, calling
// the state machine (src/domain/crisis/takeover.ts, holds.ts) exactly as the case page does
// (src/routes/cases.tsx). A 409 carries the case as someone else left it and their last step.
import { z } from 'zod';
import { ACTION_KINDS, CONTACT_MEANS, CONTACT_OUTCOMES } from '../../../db/schema';
import { caseInCrisis, loadCase, type CaseView } from '../../domain/crisis/case-view';
import { correctContactAttempt } from '../../domain/crisis/correction';
import { getHold, placeHold, RELEASE_OUTCOMES, releaseHold } from '../../domain/crisis/holds';
import { fail, ok, type Result } from '../../domain/lib/result';
import {
  authoriseAcute,
  authoriseConflicting,
  authoriseUnreachable,
  handBack,
  logChannelAction,
  recordContactAttempt,
  type ChannelActionKind,
} from '../../domain/crisis/takeover';
import type { Ctx } from '../../http';
import { holdFields } from '../hold-fields';
import { CRISIS, OPERATORS } from './crises';
import { under, type DefineEndpoint, type Input } from './endpoint';
import { j, named } from './fields';
import { AttemptOut, CaseDetailOut, CaseOut, HoldOut } from './schemas';

const CASE = `${CRISIS}/cases/:caseId{[0-9]+}`;

const caseJson = ({ kase, history, actions, ...view }: CaseView) => ({
  ...view,
  case: kase,
  // The column holds only ACTION_KINDS; the read model types it as a plain string.
  actions: actions.map((a) => ({ ...a, kind: a.kind as ChannelActionKind })),
  history: history.map((e) => ({
    ...e,
    details: JSON.parse(e.details) as Record<string, unknown>,
  })),
});

/** What a 409 shows: the case now, and the last thing that happened to it. */
function currentCase(c: Ctx, { param }: Input<unknown, unknown>) {
  const view = loadCase(
    c.var.db,
    param('id'),
    param('caseId'),
    c.var.config.now(),
    c.var.config.rules,
  );
  const latest = view?.history.at(-1);
  return (
    view && {
      case: CaseOut.parse(view.kase),
      latest: latest && { action: latest.action, actorName: latest.actorName, at: latest.at },
    }
  );
}

/** Runs a step only on a case of the crisis in the address (URLs cannot mix crises). */
function onCase<T>(
  c: Ctx,
  param: (n: string) => number,
  run: (caseId: number) => Result<T>,
): Result<T> {
  if (!caseInCrisis(c.var.db, param('id'), param('caseId')))
    return fail('case.notFound', { status: 404 });
  return run(param('caseId'));
}

const version = j.version();
const holdIn = holdFields({ version, line: j.line, lines: j.lines, time: j.optionalInstant });

const CaseResult = named('CaseResult', z.object({ case: CaseOut }));
const CaseAndHold = named('CaseAndHoldResult', z.object({ case: CaseOut, hold: HoldOut }));
const step = {
  tag: 'cases',
  method: 'post',
  access: OPERATORS,
  errors: [404, 409],
  current: currentCase,
} as const;

export function caseEndpoints(endpoint: DefineEndpoint) {
  endpoint({
    operationId: 'getCase',
    method: 'get',
    path: CASE,
    tag: 'cases',
    access: OPERATORS,
    errors: [404],
    summary:
      'One takeover case: owners, attempts, holds, actions, obligations and its audit history',
    response: CaseDetailOut,
    handle: (c, { param }) => {
      const view = loadCase(
        c.var.db,
        param('id'),
        param('caseId'),
        c.var.config.now(),
        c.var.config.rules,
      );
      return view ? ok(caseJson(view)) : fail('case.notFound', { status: 404 });
    },
  });

  endpoint({
    ...step,
    operationId: 'logContactAttempt',
    path: `${CASE}/attempts`,
    status: 201,
    summary:
      'Log a contact attempt; a reached owner who agrees authorises the takeover (owner_contacted), one who handles it closes the case',
    body: named(
      'ContactAttemptInput',
      z.strictObject({
        version,
        ownerId: j.id(),
        means: j.choice(CONTACT_MEANS),
        outcome: j.choice(CONTACT_OUTCOMES),
        attemptedAt: j.optionalInstant('When the attempt was made; default now.'),
        note: j.optionalLongText(500),
      }),
    ),
    response: named(
      'ContactAttemptResult',
      z.object({
        case: CaseOut,
        attempt: AttemptOut,
        effect: z.enum(['logged', 'authorised', 'owner_handles']),
      }),
    ),
    handle: (c, { body, param }) =>
      onCase(c, param, (caseId) =>
        recordContactAttempt(c.var.db, c.var.actor, { caseId, ...body }, c.var.config.now()),
      ),
  });

  endpoint({
    ...step,
    operationId: 'correctContactAttempt',
    path: `${CASE}/attempts/:attemptId{[0-9]+}/correction`,
    summary:
      'Mark an attempt "recorded in error" (with a reason): it stays in the record and no longer counts; a takeover it authorised is withdrawn when nothing was done on the channel yet',
    body: named(
      'CorrectionInput',
      z.strictObject({
        version,
        reason: j.lines(1000, 'Why, in a sentence: at least 10 characters, not only punctuation.'),
      }),
    ),
    response: named(
      'CorrectionResult',
      z.object({
        case: CaseOut,
        attempt: AttemptOut,
        effect: z
          .discriminatedUnion('kind', [
            z.object({ kind: z.literal('corrected') }),
            z.object({ kind: z.literal('reopened'), from: z.enum(['active', 'owner_handles']) }),
            z.object({
              kind: z.literal('stands'),
              because: z.enum(['acted', 'crisisClosed']),
              done: z.object({ actions: z.int(), holds: z.int(), reveals: z.int() }),
            }),
          ])
          .meta({
            description:
              'corrected: the attempt decided nothing; reopened: the case is back to contacting; stands: the takeover stays, and why.',
          }),
      }),
    ),
    handle: (c, { body, param }) =>
      onCase(c, param, (caseId) =>
        correctContactAttempt(
          c.var.db,
          c.var.actor,
          { caseId, attemptId: param('attemptId'), ...body },
          c.var.config.now(),
        ),
      ),
  });

  endpoint({
    ...step,
    operationId: 'authoriseAcute',
    path: `${CASE}/acute`,
    summary:
      'Article 2, exception 1: a message must go out within the hour (justification and deadline)',
    body: named(
      'AcuteInput',
      z.strictObject({
        version,
        justification: j.lines(
          2000,
          'Why this channel must speak within the hour; not empty, not the crisis title.',
        ),
        deadline: j.instant('After now and at most 60 minutes (configurable) from now.'),
      }),
    ),
    response: CaseResult,
    handle: (c, { body, param }) =>
      onCase(c, param, (caseId) =>
        under(
          'case',
          authoriseAcute(
            c.var.db,
            c.var.actor,
            { caseId, ...body },
            c.var.config.now(),
            c.var.config.rules,
          ),
        ),
      ),
  });

  endpoint({
    ...step,
    operationId: 'authoriseConflicting',
    path: `${CASE}/conflicting`,
    status: 201,
    summary:
      'Article 2, exception 2: conflicting information online or scheduled; places a hold, the owner contact must follow',
    body: named('ConflictingInput', z.strictObject(holdIn)),
    response: CaseAndHold,
    handle: (c, { body, param }) =>
      onCase(c, param, (caseId) =>
        authoriseConflicting(
          c.var.db,
          c.var.actor,
          { caseId, ...body },
          c.var.config.now(),
          c.var.config.rules,
        ),
      ),
  });

  endpoint({
    ...step,
    operationId: 'authoriseUnreachable',
    path: `${CASE}/unreachable`,
    summary:
      'Article 2, exception 3: owner unreachable, allowed only when the attempt log shows every owner was tried',
    body: named('UnreachableInput', z.strictObject({ version })),
    response: CaseResult,
    handle: (c, { body, param }) =>
      onCase(c, param, (caseId) =>
        under(
          'case',
          authoriseUnreachable(
            c.var.db,
            c.var.actor,
            { caseId, ...body },
            c.var.config.now(),
            c.var.config.rules,
          ),
        ),
      ),
  });

  endpoint({
    ...step,
    operationId: 'logChannelAction',
    path: `${CASE}/actions`,
    status: 201,
    summary:
      'Log what was done on a channel taken over (the first "published" on an acute case is the acute message)',
    body: named(
      'ChannelActionInput',
      z.strictObject({
        version,
        kind: j.choice(ACTION_KINDS),
        note: j.optionalLongText(2000, 'Required when kind is other.'),
      }),
    ),
    response: CaseResult,
    handle: (c, { body, param }) =>
      onCase(c, param, (caseId) =>
        under(
          'case',
          logChannelAction(c.var.db, c.var.actor, { caseId, ...body }, c.var.config.now()),
        ),
      ),
  });

  endpoint({
    ...step,
    operationId: 'placeHold',
    path: `${CASE}/holds`,
    status: 201,
    summary: 'Place a further hold on a channel already taken over',
    body: named('HoldInput', z.strictObject(holdIn)),
    response: CaseAndHold,
    handle: (c, { body, param }) =>
      onCase(c, param, (caseId) =>
        placeHold(c.var.db, c.var.actor, { caseId, ...body }, c.var.config.now()),
      ),
  });

  endpoint({
    ...step,
    operationId: 'handBack',
    path: `${CASE}/hand-back`,
    summary:
      'Hand the channel back to its owner, with a note (every hold of the case released first)',
    body: named('HandBackInput', z.strictObject({ version, note: j.lines(2000) })),
    response: CaseResult,
    handle: (c, { body, param }) =>
      onCase(c, param, (caseId) =>
        under('case', handBack(c.var.db, c.var.actor, { caseId, ...body }, c.var.config.now())),
      ),
  });

  endpoint({
    operationId: 'releaseHold',
    method: 'post',
    path: `${CRISIS}/holds/:holdId{[0-9]+}/release`,
    tag: 'cases',
    access: OPERATORS,
    errors: [404, 409],
    summary: 'Release a hold: republished, corrected or removed for good, with a note',
    body: named(
      'ReleaseHoldInput',
      z.strictObject({
        version: j.version().meta({ description: "The hold's version." }),
        outcome: j.choice(RELEASE_OUTCOMES),
        note: j.lines(2000),
      }),
    ),
    response: named('HoldResult', z.object({ hold: HoldOut })),
    handle: (c, { body, param }) => {
      const hold = getHold(c.var.db, param('holdId'));
      if (!hold || hold.crisisId !== param('id')) return fail('hold.notFound', { status: 404 });
      return under(
        'hold',
        releaseHold(c.var.db, c.var.actor, { holdId: hold.id, ...body }, c.var.config.now()),
      );
    },
    current: (c, { param }) => ({
      hold: HoldOut.nullable().parse(getHold(c.var.db, param('holdId')) ?? null),
    }),
  });
}
