// The second step of the sign-in: a session signed in with a password that has not proved a
// second factor (the user has one, or must have one) reaches only the second step's pages and
// sign-out; every other page sends it there. API tokens are not sessions and pass untouched.
import { createMiddleware } from 'hono/factory';
import type { Role } from '../../db/schema';
import type { AppEnv } from '../env';
import { recentSecondFactor, secondFactorState } from '../domain/auth/second-factor';
import { isApi, isHtmx, type Ctx } from '../http';

/** Where the second step is asked (and the step-up's re-authentication). */
export const SECOND_STEP_PATH = '/second-factor';

export const secondStepUrl = (next: string) =>
  `${SECOND_STEP_PATH}?next=${encodeURIComponent(next)}`;

function sendTo(c: Ctx, target: string) {
  if (isApi(c)) return c.json({ error: 'second factor required' }, 401);
  if (isHtmx(c)) {
    c.header('HX-Redirect', target);
    return c.body(null, 204);
  }
  return c.redirect(target, 303);
}

/**
 * Sets `secondFactor` for a session's request; answers with the way to the second step when the
 * session owes it and the route is not one of the second step's own (`secondStepRoute`).
 */
export function secondFactorGate(c: Ctx, secondStepRoute: boolean): Response | null {
  const { user, session, db, config } = c.var;
  if (!user || !session || c.var.apiKeyId) return null;
  const state = secondFactorState(db, user, session, config.secondFactor);
  c.set('secondFactor', state);
  if (state === 'satisfied' || secondStepRoute) return null;
  return sendTo(c, secondStepUrl(c.req.method === 'GET' ? c.req.path : '/'));
}

/**
 * Step-up: a route that reveals login details needs a second factor used within the last
 * STEP_UP_MINUTES; otherwise the user re-authenticates and comes back to the page (a form posted
 * meanwhile is sent again from there). Mounted route-level, before the route's own access rule:
 * `roles` are the ones that rule lets in (anyone else gets that rule's refusal, not a detour).
 */
export const stepUp = (...roles: Role[]) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const { session, user, config } = c.var;
    const concerned =
      user && session && !c.var.apiKeyId && roles.some((r) => user.roles.includes(r));
    if (!concerned || recentSecondFactor(session, config.now())) return next();
    return sendTo(c, `${secondStepUrl(c.req.path)}&step-up=1`);
  });
