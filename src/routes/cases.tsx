// One takeover case per channel per crisis: its page and one POST per Article 2 step. Each
// handler parses the form, calls the state machine (src/domain/crisis/takeover.ts, holds.ts) and either
// redirects to the case or re-renders it with the message: 422 for a refused step, 409 with what
// changed when another operator got there first.
import { Hono } from 'hono';
import { z } from 'zod';
import { ACTION_KINDS, CONTACT_MEANS, CONTACT_OUTCOMES } from '../../db/schema';
import type { FormValues } from '../../views/components/form';
import type { CaseFailure } from '../../views/partials/case/CaseForm';
import { CasePanel } from '../../views/pages/crisis/CasePage';
import { caseUrl } from '../../views/partials/crisis/Board';
import { proposedAcuteDeadline } from '../domain/crisis/article2';
import { caseInCrisis, loadCase } from '../domain/crisis/case-view';
import {
  getHold,
  HOLD_ACTIONS,
  placeHold,
  POST_STATES,
  RELEASE_OUTCOMES,
  releaseHold,
} from '../domain/crisis/holds';
import type { Result } from '../domain/lib/result';
import {
  authoriseAcute,
  authoriseConflicting,
  authoriseUnreachable,
  handBack,
  logChannelAction,
  recordContactAttempt,
} from '../domain/crisis/takeover';
import type { AppEnv } from '../env';
import { failureErrors, pageOrPartial, redirectTo, setFlash, type Ctx } from '../http';
import { label, type MessageKey, type Params } from '../i18n';
import { toBrusselsLocal } from '../i18n/format';
import { f, parseForm } from '../validation';

export const casesRoutes = new Hono<AppEnv>();

const CASE = '/crises/:id{[0-9]+}/cases/:caseId{[0-9]+}';
type Ids = { crisisId: number; caseId: number };
const idsOf = (c: Ctx): Ids => ({
  crisisId: Number(c.req.param('id')),
  caseId: Number(c.req.param('caseId')),
});

function renderCase(c: Ctx, ids: Ids, failed: CaseFailure = null, status: 200 | 409 | 422 = 200) {
  const { db, config } = c.var;
  const now = config.now();
  const view = loadCase(db, ids.crisisId, ids.caseId, now, config.rules);
  if (!view) return c.notFound();
  // An attempt for an owner the page does not show (a missing or tampered ownerId) has no form of
  // its own to carry the message: the first owner's form tells it instead.
  const form = failed?.form;
  if (
    failed &&
    form?.startsWith('attempt-') &&
    !view.owners.some((o) => form === `attempt-${o.id}`)
  ) {
    failed = { ...failed, form: `attempt-${view.owners[0]?.id}` };
  }
  const ctx = {
    ...ids,
    version: view.kase.version,
    csrfToken: c.var.csrfToken,
    failed,
    nowLocal: toBrusselsLocal(now),
  };
  const node = (
    <CasePanel
      view={view}
      ctx={ctx}
      rules={config.rules}
      conflict={status === 409}
      proposedDeadline={toBrusselsLocal(proposedAcuteDeadline(now, config.rules))}
    />
  );
  const title = `${view.channel.name} · ${view.crisis.title}`;
  // A GET is always the whole page: htmx follows a redirect (HX-Location) by selecting #main from it.
  if (c.req.method === 'GET') return c.render(node, { title });
  return pageOrPartial(c, title, node, status);
}

casesRoutes.get(CASE, (c) => renderCase(c, idsOf(c)));

type Done = { key: MessageKey; params?: Params };

/** The end of every step: redirect with a flash, or the case again with the form's messages. */
function finish<T>(
  c: Ctx,
  ids: Ids,
  form: string,
  values: FormValues,
  result: Result<T>,
  done: (v: T) => Done,
  anchor = '',
) {
  if (result.ok) {
    const { key, params } = done(result.value);
    setFlash(c, key, params);
    return redirectTo(c, `${caseUrl(ids.crisisId, ids.caseId)}${anchor}`);
  }
  if (result.status === 404) return c.notFound();
  if (result.status === 409) return renderCase(c, ids, { form, errors: {}, values }, 409);
  return renderCase(c, ids, { form, errors: failureErrors(c, result), values }, 422);
}

const authorised =
  (c: Ctx) =>
  (v: { basis: string | null }): Done => ({
    key: 'case.authorised',
    params: { basis: label(c.var.t, 'case.basis', v.basis ?? '') },
  });

/** Registers POST <case>/<path>: parse with `schema`, refuse a case of another crisis, run `step`. */
function step<S extends z.ZodType, T>(
  path: string,
  schema: S,
  form: (values: FormValues) => string,
  run: (c: Ctx, data: z.output<S>, caseId: number) => Result<T>,
  done: (c: Ctx) => (v: T) => Done,
  anchor = '',
) {
  casesRoutes.post(`${CASE}/${path}`, async (c) => {
    const ids = idsOf(c);
    if (!caseInCrisis(c.var.db, ids.crisisId, ids.caseId)) return c.notFound();
    const { values, ...parsed } = await parseForm(c, schema);
    if (!parsed.ok)
      return renderCase(c, ids, { form: form(values), errors: parsed.errors, values }, 422);
    return finish(c, ids, form(values), values, run(c, parsed.data, ids.caseId), done(c), anchor);
  });
}

const version = f.id();
const text = (max: number) => f.optionalLongText(max);
const holdFields = {
  version,
  postState: f.choice(POST_STATES),
  postRef: f.optionalText(500).transform((s) => s ?? ''),
  scheduledFor: f.optionalDatetime(),
  conflict: text(2000),
  action: f.choice(HOLD_ACTIONS),
};

step(
  'attempts',
  z.object({
    version,
    ownerId: f.id(),
    means: f.choice(CONTACT_MEANS),
    outcome: f.choice(CONTACT_OUTCOMES),
    attemptedAt: f.optionalDatetime(),
    note: f.optionalText(500).transform((s) => s ?? ''),
  }),
  (v) => `attempt-${String(v.ownerId)}`,
  (c, d, caseId) =>
    recordContactAttempt(c.var.db, c.var.actor, { caseId, ...d }, c.var.config.now()),
  (c) =>
    ({ case: k, effect }) =>
      effect === 'authorised'
        ? authorised(c)(k)
        : { key: effect === 'owner_handles' ? 'case.ownerHandles' : 'case.attempt.recorded' },
);

step(
  'acute',
  z.object({ version, justification: text(2000), deadline: f.datetime() }),
  () => 'acute',
  (c, d, caseId) =>
    authoriseAcute(c.var.db, c.var.actor, { caseId, ...d }, c.var.config.now(), c.var.config.rules),
  authorised,
  '#actions',
);

step(
  'conflicting',
  z.object(holdFields),
  () => 'conflicting',
  (c, d, caseId) =>
    authoriseConflicting(
      c.var.db,
      c.var.actor,
      { caseId, ...d },
      c.var.config.now(),
      c.var.config.rules,
    ),
  (c) => (v) => authorised(c)(v.case),
  '#owners',
);

step(
  'unreachable',
  z.object({ version }),
  () => 'unreachable',
  (c, d, caseId) =>
    authoriseUnreachable(
      c.var.db,
      c.var.actor,
      { caseId, ...d },
      c.var.config.now(),
      c.var.config.rules,
    ),
  authorised,
  '#actions',
);

step(
  'actions',
  z.object({ version, kind: f.choice(ACTION_KINDS), note: text(2000) }),
  () => 'action',
  (c, d, caseId) => logChannelAction(c.var.db, c.var.actor, { caseId, ...d }, c.var.config.now()),
  () => () => ({ key: 'case.action.logged' }),
  '#actions',
);

step(
  'holds',
  z.object(holdFields),
  () => 'hold',
  (c, d, caseId) => placeHold(c.var.db, c.var.actor, { caseId, ...d }, c.var.config.now()),
  () => () => ({ key: 'hold.placed' }),
  '#holds',
);

step(
  'hand-back',
  z.object({ version, note: text(2000) }),
  () => 'handBack',
  (c, d, caseId) => handBack(c.var.db, c.var.actor, { caseId, ...d }, c.var.config.now()),
  () => () => ({ key: 'case.handedBack' }),
);

casesRoutes.post('/crises/:id{[0-9]+}/holds/:holdId{[0-9]+}/release', async (c) => {
  const hold = getHold(c.var.db, Number(c.req.param('holdId')));
  const crisisId = Number(c.req.param('id'));
  if (!hold || hold.crisisId !== crisisId) return c.notFound();
  const ids = { crisisId, caseId: hold.caseId };
  const form = `release-${hold.id}`;
  const schema = z.object({ version, outcome: f.choice(RELEASE_OUTCOMES), note: text(2000) });
  const { values, ...parsed } = await parseForm(c, schema);
  if (!parsed.ok) return renderCase(c, ids, { form, errors: parsed.errors, values }, 422);
  const result = releaseHold(
    c.var.db,
    c.var.actor,
    { holdId: hold.id, ...parsed.data },
    c.var.config.now(),
  );
  return finish(c, ids, form, values, result, () => ({ key: 'hold.released' }), '#holds');
});
