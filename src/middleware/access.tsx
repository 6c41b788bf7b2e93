// Who may use which route, in one place, denying by default. Every route declares a rule with
// allow(...roles), signedIn() or publicRoute(); a request that reaches an endpoint whose
// matched handlers carry no rule is refused before any handler runs.
import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import type { Role } from '../../db/schema';
import type { AppEnv } from '../env';
import { ErrorPage } from '../../views/pages/ErrorPage';
import { isApi, isHtmx, partial } from '../http';
import { log } from '../log';
import type { RefusalReason } from '../domain/auth/refusals';
import { refused } from './refused';
import { secondFactorGate } from './second-factor';

export type AccessRule =
  | { kind: 'public' }
  | { kind: 'second_step' }
  | { kind: 'signed_in' }
  | { kind: 'roles'; roles: Role[] };

const rules = new WeakMap<object, AccessRule>();

/** The rule a handler carries, for the access matrix test. */
export const accessRuleOf = (handler: unknown) =>
  typeof handler === 'function' ? rules.get(handler) : undefined;

function forbidden(c: Parameters<MiddlewareHandler<AppEnv>>[0], why: RefusalReason) {
  refused(c, why);
  const { t } = c.var;
  if (isApi(c)) return c.json({ error: t('error.forbidden.body') }, 403);
  const body = <ErrorPage title={t('error.forbidden.title')} body={t('error.forbidden.body')} />;
  if (isHtmx(c)) return partial(c, body, 422);
  c.status(403);
  return c.render(body, { title: t('error.forbidden.title') });
}

function guard(rule: AccessRule): MiddlewareHandler<AppEnv> {
  const mw = createMiddleware<AppEnv>(async (c, next) => {
    if (rule.kind === 'public') return next();
    const user = c.var.user;
    if (!user) {
      if (isApi(c)) return c.json({ error: 'unauthorised' }, 401);
      const target = `/sign-in?next=${encodeURIComponent(c.req.method === 'GET' ? c.req.path : '/')}`;
      if (isHtmx(c)) {
        c.header('HX-Redirect', target);
        return c.body(null, 204);
      }
      return c.redirect(target, 303);
    }
    // A session that still owes its second factor reaches only the second step's pages.
    const owed = secondFactorGate(c, rule.kind === 'second_step');
    if (owed) return owed;
    // A change made through the API names the key it came with in its audit event.
    const via = c.var.apiKeyId ? { apiKeyId: c.var.apiKeyId } : {};
    if (rule.kind === 'roles') {
      const role = rule.roles.find((r) => user.roles.includes(r));
      if (!role) return forbidden(c, 'role');
      c.set('actor', { userId: user.id, role, ...via });
    } else {
      c.set('actor', { userId: user.id, role: user.roles[0] ?? 'anonymous', ...via });
    }
    return next();
  });
  rules.set(mw, rule);
  return mw;
}

export const publicRoute = () => guard({ kind: 'public' });
export const signedIn = () => guard({ kind: 'signed_in' });
/** Signed in with a password, the second factor perhaps still owed: the second step's pages, sign-out. */
export const secondStep = () => guard({ kind: 'second_step' });
/** Roles in order of preference: the first the user holds is recorded as the acting role. */
export const allow = (...roles: Role[]) => guard({ kind: 'roles', roles });

export const denyUnguarded = createMiddleware<AppEnv>(async (c, next) => {
  const routes = matchedRoutes(c);
  const hasEndpoint = routes.some((r) => r.method !== 'ALL');
  if (hasEndpoint && !routes.some((r) => rules.has(r.handler))) {
    log.error('refused: no access rule declared', { method: c.req.method, path: c.req.path });
    return forbidden(c, 'no_rule');
  }
  return next();
});
