// Every refusal by the access rules or the CSRF check is on the record: a log line (who, route,
// why) always, and for a signed-in user an audit event (collapsed per user, route and minute).
import { matchedRoutes } from 'hono/route';
import { recordRefusal, type RefusalReason } from '../domain/auth/refusals';
import type { Ctx } from '../http';
import { log } from '../log';

export function refused(c: Ctx, why: RefusalReason): void {
  const { user, config, db } = c.var;
  const route = matchedRoutes(c).find((r) => r.method !== 'ALL')?.path ?? c.req.path;
  const refusal = { method: c.req.method, route, path: c.req.path, why };
  log.warn('refused', { ...refusal, userId: user?.id ?? null, ip: c.var.clientIp });
  if (!user) return;
  const actor = {
    userId: user.id,
    role: user.roles[0] ?? 'anonymous',
    ...(c.var.apiKeyId ? { apiKeyId: c.var.apiKeyId } : {}),
  } as const;
  recordRefusal(db, actor, refusal, config.now());
}
