// The static files (htmx, CSS, our script), and the health check that touches nothing.
import { Hono, type MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';
import { publicRoute } from '../middleware/access';

export type StaticFile = { body: Uint8Array; type: string; etag: string };

/**
 * Registered before the session middleware (after the security headers), so it answers without
 * a database, session or cookie: a load balancer's probe, and the bench's ceiling of the stack.
 */
export const healthz = (app: Hono<AppEnv>) =>
  app.get('/healthz', publicRoute(), (c) => c.text('ok'));

/** Mounted at /static. */
export function staticRoutes(assets: Map<string, StaticFile>) {
  const app = new Hono<AppEnv>();
  const serve: MiddlewareHandler<AppEnv> = async (c, next) => {
    const file = assets.get(c.req.path.slice('/static/'.length));
    if (!file) return next();
    c.header('Cache-Control', 'public, max-age=3600');
    c.header('ETag', file.etag);
    if (c.req.header('If-None-Match') === file.etag) return c.body(null, 304);
    c.header('Content-Type', file.type);
    return c.body(file.body as Uint8Array<ArrayBuffer>);
  };
  app.get('/*', publicRoute(), serve);
  return app;
}
