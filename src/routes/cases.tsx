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
import { correctContactAttempt, type CorrectionEffect } from '../domain/crisis/correction';
import { contactPanel, sendContactRequest } from '../domain/crisis/contact-request';
import { sweepUnanswered } from '../domain/crisis/contact-sweep';
import { getHold, placeHold, RELEASE_OUTCOMES, releaseHold } from '../domain/crisis/holds';
import type { Result } from '../domain/lib/result';
import {
  authoriseAcute,
  authoriseConflicting,
  authoriseUnreachable,
  handBack,
  logChannelAction,
  recordContactAttempt,
} from '../domain/crisis/takeover';
import { holdsLoginDetails } from '../domain/vault/reveal';
import type { AppEnv } from '../env';
import { failureErrors, pageOrPartial, redirectTo, setFlash, type Ctx } from '../http';
import { label, type MessageKey, type Params } from '../i18n';
import { toBrusselsLocal } from '../i18n/format';
import { f, parseForm } from '../validation';
import { holdFields } from './hold-fields';
import { cachedPage, changeSignature } from './page-cache';

/** Mounted at /crises/:id/cases/:caseId; the crisis cell's rule on /crises/* guards it. */
export const casesRoutes = new Hono<AppEnv>();

type Ids = { crisisId: number; caseId: number };
const idsOf = (c: Ctx): Ids => ({
  crisisId: Number(c.req.param('id')),
  caseId: Number(c.req.param('caseId')),
});

function renderCase(c: Ctx, ids: Ids, failed: CaseFailure = null, status: 200 | 409 | 422 = 200) {
  const { db, config } = c.var;
  const now = config.now();
  // Cheap when nothing is due (one read): an unanswered request turns "no answer" on sight.
  sweepUnanswered(db, now, config.rules, ids.crisisId);
  if (!caseInCrisis(db, ids.crisisId, ids.caseId)) return c.notFound();
  const page = (csrfToken: string) => {
    const loaded = loadCase(db, ids.crisisId, ids.caseId, now, config.rules)!;
    const attemptIds = loaded.attempts.map((a) => a.id);
    const contact = contactPanel(db, { ...ids, owners: loaded.owners, attemptIds }, config.contact);
    const view = { ...loaded, contact };
    // An attempt or contact request for an owner the page does not show (a missing or tampered
    // ownerId) has no form of its own to carry the message: the first owner's form tells it instead.
    const form = failed?.form;
    const kind = form?.match(/^(attempt|request)-/)?.[0];
    const shown =
      failed && kind && !view.owners.some((o) => form === `${kind}${o.id}`)
        ? { ...failed, form: `${kind}${view.owners[0]?.id}` }
        : failed;
    const ctx = {
      ...ids,
      version: view.kase.version,
      csrfToken,
      failed: shown,
      nowLocal: toBrusselsLocal(now),
      now: now.toISOString(),
      state: view.kase.state,
    };
    return {
      title: `${view.channel.name} · ${view.crisis.title}`,
      body: (
        <CasePanel
          view={view}
          ctx={ctx}
          rules={config.rules}
          conflict={status === 409}
          loginDetails={holdsLoginDetails(db, view.channel.id)}
          proposedDeadline={toBrusselsLocal(proposedAcuteDeadline(now, config.rules))}
        />
      ),
    };
  };
  // A GET is always the whole page (htmx follows a redirect, HX-Location, by selecting #main
  // from it), the same for every operator until the trail or the minute moves on.
  if (c.req.method === 'GET')
    return cachedPage(c, { key: `case|${ids.caseId}|${changeSignature(db, now)}`, render: page });
  const { title, body } = page(c.var.csrfToken);
  return pageOrPartial(c, title, body, status);
}

casesRoutes.get('/', (c) => renderCase(c, idsOf(c)));

type Done = { key: MessageKey; params?: Params };
type Step<T> = { ids: Ids; form: string; values: FormValues; data: T };

/**
 * The start of every step: the case must be one of the crisis in the address, the form must
 * parse. Answers the page with the form's messages, or hands back what to run.
 */
async function readStep<S extends z.ZodType>(
  c: Ctx,
  schema: S,
  form: (values: FormValues) => string,
): Promise<Response | Step<z.output<S>>> {
  const ids = idsOf(c);
  if (!caseInCrisis(c.var.db, ids.crisisId, ids.caseId)) return c.notFound();
  const { values, ...parsed } = await parseForm(c, schema);
  if (!parsed.ok)
    return renderCase(c, ids, { form: form(values), errors: parsed.errors, values }, 422);
  return { ids, form: form(values), values, data: parsed.data };
}

/** The end of every step: redirect with a flash, or the case again with the form's messages. */
function finish<T>(
  c: Ctx,
  { ids, form, values }: Omit<Step<unknown>, 'data'>,
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

/** What the operator is told: the correction, and what became of the case (and why). */
function correctionDone(effect: CorrectionEffect): Done {
  if (effect.kind === 'reopened')
    return {
      key: effect.from === 'active' ? 'case.correction.withdrawn' : 'case.correction.reopened',
    };
  if (effect.kind === 'stands')
    return effect.because === 'crisisClosed'
      ? { key: 'case.correction.standsClosed' }
      : { key: 'case.correction.standsActed', params: effect.done };
  return { key: 'case.correction.done' };
}

const authorised = (c: Ctx, v: { basis: string | null }): Done => ({
  key: 'case.authorised',
  params: { basis: label(c.var.t, 'case.basis', v.basis ?? '') },
});

const version = f.id();
const text = (max: number) => f.optionalLongText(max);
const holdForm = z.object(
  holdFields({
    version,
    line: (max) => f.optionalText(max).transform((s) => s ?? ''),
    lines: text,
    time: () => f.optionalDatetime(),
  }),
);

const attemptForm = z.object({
  version,
  ownerId: f.id(),
  means: f.choice(CONTACT_MEANS),
  outcome: f.choice(CONTACT_OUTCOMES),
  attemptedAt: f.optionalDatetime(),
  note: f.optionalText(500).transform((s) => s ?? ''),
  confirm: f.checkbox(),
});
casesRoutes.post('/attempts', async (c) => {
  const s = await readStep(c, attemptForm, (v) => `attempt-${String(v.ownerId)}`);
  if (s instanceof Response) return s;
  const { db, actor, config } = c.var;
  const { confirm, ...attempt } = s.data;
  const input = { caseId: s.ids.caseId, ...attempt, confirmed: confirm };
  const result = recordContactAttempt(db, actor, input, config.now());
  return finish(c, s, result, ({ case: k, effect }) =>
    effect === 'authorised'
      ? authorised(c, k)
      : { key: effect === 'owner_handles' ? 'case.ownerHandles' : 'case.attempt.recorded' },
  );
});

const correctionForm = z.object({ version, reason: text(1000) });
casesRoutes.post('/attempts/:attemptId{[0-9]+}/correction', async (c) => {
  const attemptId = Number(c.req.param('attemptId'));
  const s = await readStep(c, correctionForm, () => `correct-${attemptId}`);
  if (s instanceof Response) return s;
  const { db, actor, config } = c.var;
  const input = { caseId: s.ids.caseId, attemptId, ...s.data };
  const result = correctContactAttempt(db, actor, input, config.now());
  return finish(c, s, result, ({ effect }) => correctionDone(effect), '#attempts');
});

const requestForm = z.object({ version, ownerId: f.id() });
casesRoutes.post('/contact-request', async (c) => {
  const s = await readStep(c, requestForm, (v) => `request-${String(v.ownerId)}`);
  if (s instanceof Response) return s;
  const { db, actor, config } = c.var;
  const input = { caseId: s.ids.caseId, ...s.data };
  const result = sendContactRequest(db, actor, input, config.now(), config.contact);
  return finish(
    c,
    s,
    result,
    (v) => ({ key: 'contact.request.sent', params: { owner: v.ownerName } }),
    '#owners',
  );
});

const acuteForm = z.object({ version, justification: text(2000), deadline: f.datetime() });
casesRoutes.post('/acute', async (c) => {
  const s = await readStep(c, acuteForm, () => 'acute');
  if (s instanceof Response) return s;
  const { db, actor, config } = c.var;
  const input = { caseId: s.ids.caseId, ...s.data };
  const result = authoriseAcute(db, actor, input, config.now(), config.rules);
  return finish(c, s, result, (k) => authorised(c, k), '#actions');
});

casesRoutes.post('/conflicting', async (c) => {
  const s = await readStep(c, holdForm, () => 'conflicting');
  if (s instanceof Response) return s;
  const { db, actor, config } = c.var;
  const input = { caseId: s.ids.caseId, ...s.data };
  const result = authoriseConflicting(db, actor, input, config.now(), config.rules);
  return finish(c, s, result, (v) => authorised(c, v.case), '#owners');
});

casesRoutes.post('/unreachable', async (c) => {
  const s = await readStep(c, z.object({ version }), () => 'unreachable');
  if (s instanceof Response) return s;
  const { db, actor, config } = c.var;
  const input = { caseId: s.ids.caseId, ...s.data };
  const result = authoriseUnreachable(db, actor, input, config.now(), config.rules);
  return finish(c, s, result, (k) => authorised(c, k), '#actions');
});

const actionForm = z.object({ version, kind: f.choice(ACTION_KINDS), note: text(2000) });
casesRoutes.post('/actions', async (c) => {
  const s = await readStep(c, actionForm, () => 'action');
  if (s instanceof Response) return s;
  const { db, actor, config } = c.var;
  const result = logChannelAction(db, actor, { caseId: s.ids.caseId, ...s.data }, config.now());
  return finish(c, s, result, () => ({ key: 'case.action.logged' }), '#actions');
});

casesRoutes.post('/holds', async (c) => {
  const s = await readStep(c, holdForm, () => 'hold');
  if (s instanceof Response) return s;
  const { db, actor, config } = c.var;
  const result = placeHold(db, actor, { caseId: s.ids.caseId, ...s.data }, config.now());
  return finish(c, s, result, () => ({ key: 'hold.placed' }), '#holds');
});

casesRoutes.post('/hand-back', async (c) => {
  const s = await readStep(c, z.object({ version, note: text(2000) }), () => 'handBack');
  if (s instanceof Response) return s;
  const { db, actor, config } = c.var;
  const result = handBack(db, actor, { caseId: s.ids.caseId, ...s.data }, config.now());
  return finish(c, s, result, () => ({ key: 'case.handedBack' }));
});

/** Mounted at /crises/:id/holds (guarded as /crises/*): releasing a hold, on its case's page. */
export const holdRoutes = new Hono<AppEnv>();

const releaseForm = z.object({ version, outcome: f.choice(RELEASE_OUTCOMES), note: text(2000) });
holdRoutes.post('/:holdId{[0-9]+}/release', async (c) => {
  const hold = getHold(c.var.db, Number(c.req.param('holdId')));
  const crisisId = Number(c.req.param('id'));
  if (!hold || hold.crisisId !== crisisId) return c.notFound();
  const step = { ids: { crisisId, caseId: hold.caseId }, form: `release-${hold.id}` };
  const { values, ...parsed } = await parseForm(c, releaseForm);
  if (!parsed.ok) return renderCase(c, step.ids, { ...step, errors: parsed.errors, values }, 422);
  const { db, actor, config } = c.var;
  const result = releaseHold(db, actor, { holdId: hold.id, ...parsed.data }, config.now());
  return finish(c, { ...step, values }, result, () => ({ key: 'hold.released' }), '#holds');
});
