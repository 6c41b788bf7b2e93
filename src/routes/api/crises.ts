// /api/v1/crises: declare a crisis, record the crisis cell, find and add the affected channels,
// read the board. The same domain functions as the pages (src/routes/crises.tsx), so the same
// rules, messages and audit events.
import { z } from 'zod';
import { EXERCISE_NOTIFY, IMPACTS } from '../../../db/schema';
import { findChannelsForCrisis, loadBoard, type Board } from '../../domain/crisis/board';
import {
  addChannelsToCrisis,
  crisisCellOf,
  declareCrisis,
  getCrisis,
  listCrises,
  recordCrisisCell,
  refineCrisisCell,
} from '../../domain/crisis/crises';
import { contactOf, refineContact } from '../../domain/crisis/contact';
import { fail, ok } from '../../domain/lib/result';
import { phoneField } from '../../domain/registry/owners';
import { under, type DefineEndpoint } from './endpoint';
import { j, named } from './fields';
import { BoardOut, CaseOut, ChannelHitOut, CrisisOut, EXERCISE_NOTIFY_TEXT } from './schemas';

export const CRISIS = '/crises/:id{[0-9]+}';
export const OPERATORS = ['crisis_operator', 'communicatie'] as const;
const notFound = () => fail('crisis.notFound', { status: 404 });

const cellFields = {
  crisisCellLead: j.text(200, 'Who leads the crisis cell.'),
  crisisCellConvenedAt: j.instant('When the crisis cell was convened.'),
  crisisCellDecisionRef: j.optionalText(200, "The crisis cell's decision or minutes reference."),
};

/** Whom owners call: the crisis cell's Communicatie desk; both or neither. */
const contactFields = {
  contactName: j.optionalText(200, "Whom owners call: the crisis cell's Communicatie desk."),
  contactPhone: phoneField()
    .nullable()
    .optional()
    .transform((s) => s ?? null)
    .meta({ maxLength: 30, description: "The Communicatie desk's phone number." }),
};

const DeclareIn = named(
  'DeclareCrisis',
  z
    .strictObject({
      title: j.text(200),
      description: j.optionalLongText(4000),
      startedAt: j.instant('When the crisis started (not in the future).'),
      impact: j.choice(IMPACTS),
      isExercise: j.flag(),
      exerciseNotify: j
        .choice(EXERCISE_NOTIFY)
        .optional()
        .meta({ description: EXERCISE_NOTIFY_TEXT }),
      crisisCellLead: cellFields.crisisCellLead.optional(),
      crisisCellConvenedAt: cellFields.crisisCellConvenedAt.optional(),
      crisisCellDecisionRef: cellFields.crisisCellDecisionRef,
      ...contactFields,
    })
    .superRefine(refineCrisisCell)
    .superRefine(refineContact),
  'Article 2 applies only when impact is major or large_impact and the crisis cell is recorded (here or later).',
);

const CellIn = named(
  'RecordCrisisCell',
  z
    .strictObject({
      version: j.version(),
      impact: j.choice(IMPACTS),
      ...cellFields,
      ...contactFields,
    })
    .superRefine(refineContact),
);
const AddChannelsIn = named('AddChannels', z.strictObject({ channelIds: z.array(j.id()) }));
const CrisisResult = named('CrisisResult', z.object({ crisis: CrisisOut }));
const SearchIn = z.strictObject({
  q: j.optionalText(100, 'Part of a channel name, handle or department.'),
});

/** The board in the API's words: `case` where the domain says `kase`. */
const boardJson = (b: Board) => ({
  ...b,
  rows: b.rows.map(({ kase, ...row }) => ({ ...row, case: kase })),
});

export function crisisEndpoints(endpoint: DefineEndpoint) {
  endpoint({
    operationId: 'listCrises',
    method: 'get',
    path: '/crises',
    tag: 'crises',
    access: OPERATORS,
    summary: 'List crises, open ones first, newest first',
    response: named('CrisisList', z.object({ crises: z.array(CrisisOut) })),
    handle: (c) => ok({ crises: listCrises(c.var.db) }),
  });

  endpoint({
    operationId: 'declareCrisis',
    method: 'post',
    path: '/crises',
    tag: 'crises',
    access: OPERATORS,
    status: 201,
    summary:
      "Declare a crisis (optionally with the crisis cell's involvement); the caller joins it",
    body: DeclareIn,
    response: CrisisResult,
    handle: (c, { body: d }) => {
      return under(
        'crisis',
        declareCrisis(
          c.var.db,
          c.var.actor,
          {
            title: d.title,
            description: d.description,
            startedAt: d.startedAt,
            impact: d.impact,
            isExercise: d.isExercise,
            exerciseNotify: d.exerciseNotify,
            crisisCell: crisisCellOf(d),
            contact: contactOf(d),
          },
          c.var.config.now(),
          c.var.config.rules,
        ),
      );
    },
  });

  endpoint({
    operationId: 'getCrisisBoard',
    method: 'get',
    path: CRISIS,
    tag: 'crises',
    access: OPERATORS,
    errors: [404],
    summary:
      'The crisis board: every channel with its case, owners, last attempt, obligations, countdowns and holds',
    response: BoardOut,
    handle: (c, { param }) => {
      const board = loadBoard(c.var.db, param('id'), c.var.config.now(), c.var.config.rules);
      return board ? ok(boardJson(board)) : notFound();
    },
  });

  endpoint({
    operationId: 'recordCrisisCell',
    method: 'post',
    path: `${CRISIS}/cell`,
    tag: 'crises',
    access: OPERATORS,
    errors: [404, 409],
    summary:
      "Record the crisis cell's involvement and the impact it confirms (Article 2, last paragraph)",
    body: CellIn,
    response: CrisisResult,
    handle: (c, { body: d, param }) => {
      return under(
        'crisis',
        recordCrisisCell(
          c.var.db,
          c.var.actor,
          {
            crisisId: param('id'),
            version: d.version,
            impact: d.impact,
            lead: d.crisisCellLead,
            convenedAt: d.crisisCellConvenedAt,
            decisionRef: d.crisisCellDecisionRef,
            contact: contactOf(d),
          },
          c.var.config.now(),
          c.var.config.rules,
        ),
      );
    },
    current: (c, { param }) => ({
      crisis: CrisisOut.nullable().parse(getCrisis(c.var.db, param('id')) ?? null),
    }),
  });

  endpoint({
    operationId: 'findChannels',
    method: 'get',
    path: `${CRISIS}/channels`,
    tag: 'crises',
    access: OPERATORS,
    errors: [404],
    summary: 'Search the registry for channels to add (at most 300)',
    query: SearchIn,
    response: named('ChannelSearch', z.object({ channels: z.array(ChannelHitOut) })),
    handle: (c, { query, param }) => {
      const crisis = getCrisis(c.var.db, param('id'));
      return crisis
        ? ok({ channels: findChannelsForCrisis(c.var.db, crisis.id, query.q ?? '') })
        : notFound();
    },
  });

  endpoint({
    operationId: 'addChannels',
    method: 'post',
    path: `${CRISIS}/channels`,
    tag: 'crises',
    access: OPERATORS,
    errors: [404],
    status: 201,
    summary:
      'Add affected channels, one takeover case each; channels already in the crisis are skipped',
    body: AddChannelsIn,
    response: named(
      'AddChannelsResult',
      z.object({
        added: z.array(CaseOut),
        skipped: z.array(z.int()).meta({ description: 'Channel ids already in the crisis.' }),
      }),
    ),
    handle: (c, { body, param }) =>
      addChannelsToCrisis(
        c.var.db,
        c.var.actor,
        { crisisId: param('id'), channelIds: body.channelIds },
        c.var.config.now(),
      ),
  });
}
