// Crises: list, declare, the crisis board (and its polled partial), crisis cell, join, add
// channels, timeline, close. The takeover case pages are in cases.tsx.
import { Hono } from 'hono';
import { z } from 'zod';
import { EXERCISE_NOTIFY, IMPACTS } from '../../db/schema';
import { AddChannels } from '../../views/pages/crisis/AddChannels';
import { CrisisList, DeclareForm } from '../../views/pages/crisis/Crises';
import { CrisisPage } from '../../views/pages/crisis/CrisisPage';
import { CloseCrisis, CrisisTimeline } from '../../views/pages/crisis/CrisisTimeline';
import type { FormErrors, FormValues } from '../../views/components/form';
import { article2Applies } from '../domain/crisis/article2';
import { contactOf, refineContact } from '../domain/crisis/contact';
import { phoneField } from '../domain/registry/owners';
import { boardSignature, findChannelsForCrisis } from '../domain/crisis/board';
import { timeline } from '../domain/crisis/case-view';
import {
  addChannelsToCrisis,
  closeBlockers,
  closeCrisis,
  crisisCellOf,
  declareCrisis,
  getCrisis,
  joinCrisis,
  listCrises,
  recordCrisisCell,
  refineCrisisCell,
} from '../domain/crisis/crises';
import type { AppEnv } from '../env';
import { failureErrors, pageOrPartial, redirectTo, setFlash, type Ctx } from '../http';
import { fromBrusselsLocal, toBrusselsLocal } from '../i18n/format';
import { logbook, logbookCsv, logbookText } from '../domain/crisis/logbook';
import { allow } from '../middleware/access';
import { f, parseForm } from '../validation';
import { boardSlot, boardResponse, liveBoard, pageWithBoard } from './board-live';

export const crisesRoutes = new Hono<AppEnv>();

/** An ISO instant with a zone ("2026-11-25T14:05:00+01:00"), or null. */
const parseInstant = (s: string) =>
  /[zZ]|[+-]\d\d:\d\d$/.test(s) && !Number.isNaN(Date.parse(s)) ? new Date(s) : null;
crisesRoutes.use('*', allow('crisis_operator', 'communicatie'));

const CHANNEL_LIMIT = 300;
// A large crisis has thousands of events (notices to every owner); the audit has them all.
const TIMELINE_LIMIT = 1000;

const contactFields = { contactName: f.optionalText(200), contactPhone: phoneField() };

const declareSchema = z
  .object({
    title: f.text(200),
    description: f.optionalLongText(4000),
    startedAt: f.datetime(),
    impact: f.choice(IMPACTS),
    isExercise: f.checkbox(),
    exerciseNotify: f.choice(EXERCISE_NOTIFY).optional(),
    crisisCellLead: f.optionalText(200),
    crisisCellConvenedAt: f.optionalDatetime(),
    crisisCellDecisionRef: f.optionalText(200),
    crisisCellConvenedAtProposed: f.optionalText(20),
    ...contactFields,
  })
  .transform(({ crisisCellConvenedAtProposed: proposed, ...d }) =>
    // The convening time is proposed (now, like the start); left untouched without a lead or a
    // decision, the crisis cell is simply not recorded yet.
    !d.crisisCellLead &&
    !d.crisisCellDecisionRef &&
    d.crisisCellConvenedAt &&
    toBrusselsLocal(d.crisisCellConvenedAt) === proposed
      ? { ...d, crisisCellConvenedAt: null }
      : d,
  )
  .superRefine(refineCrisisCell)
  .superRefine(refineContact);

const cellSchema = z
  .object({
    version: f.id(),
    impact: f.choice(IMPACTS),
    crisisCellLead: f.text(200),
    crisisCellConvenedAt: f.datetime(),
    crisisCellDecisionRef: f.optionalText(200),
    ...contactFields,
  })
  .superRefine(refineContact);

const crisisId = (c: Ctx) => Number(c.req.param('id'));

crisesRoutes.get('/', (c) =>
  c.render(<CrisisList crises={listCrises(c.var.db)} />, { title: c.var.t('crisis.list.title') }),
);

function declarePage(c: Ctx, values: FormValues, errors: FormErrors, status: 200 | 422 = 200) {
  return pageOrPartial(
    c,
    c.var.t('crisis.declare.title'),
    <DeclareForm csrfToken={c.var.csrfToken} values={values} errors={errors} />,
    status,
  );
}

crisesRoutes.get('/new', (c) => {
  const now = toBrusselsLocal(c.var.config.now());
  const proposed = { crisisCellConvenedAt: now, crisisCellConvenedAtProposed: now };
  return declarePage(c, { startedAt: now, impact: 'major', ...proposed }, {});
});

crisesRoutes.post('/', async (c) => {
  const { values, ...parsed } = await parseForm(c, declareSchema);
  if (!parsed.ok) return declarePage(c, values, parsed.errors, 422);
  const d = parsed.data;
  const { db, actor, config } = c.var;
  const result = declareCrisis(
    db,
    actor,
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
    config.now(),
    config.rules,
  );
  if (!result.ok) return declarePage(c, values, failureErrors(c, result), 422);
  setFlash(c, 'crisis.declared', { title: result.value.title });
  return redirectTo(c, `/crises/${result.value.id}`);
});

async function crisisPage(
  c: Ctx,
  cellForm: { values: FormValues; errors: FormErrors } | null,
  status: 200 | 409 | 422 = 200,
) {
  const { db, config, user } = c.var;
  const now = config.now();
  const live = await liveBoard(c, crisisId(c), boardSignature(db, crisisId(c), now), now);
  if (!live) return c.notFound();
  const { crisis } = live;
  const joined = live.operatorIds.includes(user!.id);
  const gate = article2Applies(crisis);
  const cell = cellForm ?? (gate.open ? null : { values: {}, errors: {} });
  c.status(status);
  // The page's template holds the board's slot; the shared board (and its gzip) goes in it.
  return pageWithBoard(c, live, {
    title: crisis.title,
    viewer: joined ? 'joined' : 'not joined',
    body: (csrfToken) => (
      <CrisisPage
        crisis={crisis}
        gate={gate}
        boardHtml={boardSlot()}
        now={now}
        csrfToken={csrfToken}
        joined={joined}
        cellForm={cell}
      />
    ),
    keep: cellForm === null,
  });
}

crisesRoutes.get('/:id{[0-9]+}', (c) => crisisPage(c, null));

/** The live board: htmx polls this; 204 while nothing changed since the signature it shows. */
crisesRoutes.get('/:id{[0-9]+}/board', async (c) => {
  const now = c.var.config.now();
  const signature = boardSignature(c.var.db, crisisId(c), now);
  if (c.req.query('sig') === signature) return c.body(null, 204);
  const live = await liveBoard(c, crisisId(c), signature, now);
  return live === null ? c.notFound() : boardResponse(c, live);
});

crisesRoutes.post('/:id{[0-9]+}/cell', async (c) => {
  const { values, ...parsed } = await parseForm(c, cellSchema);
  if (!parsed.ok) return crisisPage(c, { values, errors: parsed.errors }, 422);
  const d = parsed.data;
  const { db, actor, config } = c.var;
  const result = recordCrisisCell(
    db,
    actor,
    {
      crisisId: crisisId(c),
      version: d.version,
      impact: d.impact,
      lead: d.crisisCellLead,
      convenedAt: d.crisisCellConvenedAt,
      decisionRef: d.crisisCellDecisionRef,
      contact: contactOf(d),
    },
    config.now(),
    config.rules,
  );
  if (!result.ok) {
    if (result.status === 404) return c.notFound();
    return crisisPage(
      c,
      { values, errors: failureErrors(c, result) },
      result.status === 409 ? 409 : 422,
    );
  }
  setFlash(c, 'crisis.cell.recorded');
  return redirectTo(c, `/crises/${result.value.id}`);
});

crisesRoutes.post('/:id{[0-9]+}/join', (c) => {
  const { db, actor, config } = c.var;
  const result = joinCrisis(db, actor, crisisId(c), config.now());
  if (!result.ok) {
    if (result.status === 404) return c.notFound();
    setFlash(c, result.error);
  } else {
    setFlash(c, 'crisis.joined');
  }
  return redirectTo(c, `/crises/${crisisId(c)}`);
});

const channelsSchema = z.object({
  channelIds: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(f.id()),
  ),
});

function channelsPage(c: Ctx, chosen: string[], errors: FormErrors, status: 200 | 422 = 200) {
  const crisis = getCrisis(c.var.db, crisisId(c));
  if (!crisis) return c.notFound();
  const q = (c.req.query('q') ?? '').slice(0, 100);
  const hits = findChannelsForCrisis(c.var.db, crisis.id, q, CHANNEL_LIMIT);
  c.status(status);
  return c.render(
    <AddChannels
      crisis={crisis}
      q={q}
      hits={hits}
      limit={CHANNEL_LIMIT}
      chosen={chosen}
      csrfToken={c.var.csrfToken}
      errors={errors}
    />,
    { title: c.var.t('crisis.channels.add') },
  );
}

crisesRoutes.get('/:id{[0-9]+}/channels', (c) => channelsPage(c, [], {}));

crisesRoutes.post('/:id{[0-9]+}/channels', async (c) => {
  const { values, ...parsed } = await parseForm(c, channelsSchema);
  const chosen = [values.channelIds ?? []].flat();
  if (!parsed.ok) return channelsPage(c, chosen, parsed.errors, 422);
  const { db, actor, config } = c.var;
  const result = addChannelsToCrisis(
    db,
    actor,
    { crisisId: crisisId(c), channelIds: parsed.data.channelIds },
    config.now(),
  );
  if (!result.ok) {
    if (result.status === 404) return c.notFound();
    return channelsPage(c, chosen, failureErrors(c, result), 422);
  }
  setFlash(c, 'crisis.channels.added', { n: result.value.added.length });
  return redirectTo(c, `/crises/${crisisId(c)}`);
});

crisesRoutes.get('/:id{[0-9]+}/timeline', (c) => {
  const crisis = getCrisis(c.var.db, crisisId(c));
  if (!crisis) return c.notFound();
  const entries = timeline(c.var.db, { crisisId: crisis.id }, TIMELINE_LIMIT);
  return c.render(<CrisisTimeline crisis={crisis} entries={entries} limit={TIMELINE_LIMIT} />, {
    title: `${c.var.t('crisis.timeline.title')} · ${crisis.title}`,
  });
});

// The crisis cell's logbook, paste-ready for ICMS: ?from=<time> or ?since=<seq> gives what is new.
function logbookOf(c: Ctx) {
  const crisis = getCrisis(c.var.db, crisisId(c));
  if (!crisis) return null;
  const from = c.req.query('from');
  const since = Number(c.req.query('since'));
  const lines = logbook(c.var.db, crisis.id, {
    from: from ? (fromBrusselsLocal(from) ?? parseInstant(from)) : null,
    afterSeq: Number.isInteger(since) && since > 0 ? since : null,
  });
  return { crisis, lines };
}

crisesRoutes.get('/:id{[0-9]+}/logbook', (c) => {
  const found = logbookOf(c);
  if (!found) return c.notFound();
  c.header('Content-Type', 'text/plain; charset=utf-8');
  return c.body(logbookText(found.crisis.title, found.lines));
});

crisesRoutes.get('/:id{[0-9]+}/logbook.csv', (c) => {
  const found = logbookOf(c);
  if (!found) return c.notFound();
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="logboek-crisis-${found.crisis.id}.csv"`);
  return c.body(logbookCsv(found.lines));
});

function closePage(c: Ctx, values: FormValues, errors: FormErrors, status: 200 | 409 | 422 = 200) {
  const crisis = getCrisis(c.var.db, crisisId(c));
  if (!crisis) return c.notFound();
  const blockers = closeBlockers(c.var.db, crisis.id);
  c.status(status);
  return c.render(
    <CloseCrisis
      crisis={crisis}
      blockers={blockers}
      csrfToken={c.var.csrfToken}
      values={values}
      errors={errors}
    />,
    { title: c.var.t('crisis.close.title') },
  );
}

crisesRoutes.get('/:id{[0-9]+}/close', (c) => closePage(c, {}, {}));

crisesRoutes.post('/:id{[0-9]+}/close', async (c) => {
  const schema = z.object({ version: f.id(), overrideReason: f.optionalLongText(2000) });
  const { values, ...parsed } = await parseForm(c, schema);
  if (!parsed.ok) return closePage(c, values, parsed.errors, 422);
  const { db, actor, config } = c.var;
  const result = closeCrisis(
    db,
    actor,
    { crisisId: crisisId(c), ...parsed.data },
    config.now(),
    config.checkpoint,
  );
  if (!result.ok) {
    if (result.status === 404) return c.notFound();
    return closePage(c, values, failureErrors(c, result), result.status === 409 ? 409 : 422);
  }
  setFlash(c, 'crisis.closed');
  return redirectTo(c, `/crises/${result.value.id}`);
});
