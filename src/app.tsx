// createApp({ db, config, assets }) → the Hono app. Imports no runtime: the Node entry, the
// Workers entry and the tests all build the same app around their own database handle.
import { Hono } from 'hono';
import { jsxRenderer } from 'hono/jsx-renderer';
import { routePath } from 'hono/route';
import { Layout } from '../views/layouts/Layout';
import { ErrorPage } from '../views/pages/ErrorPage';
import type { Config } from './config';
import type { Db, Durability } from './domain/lib/db';
import type { AppEnv } from './env';
import { isApi, isHtmx, partial } from './http';
import { log } from './log';
import { denyUnguarded } from './middleware/access';
import { limitBodies } from './middleware/body-limit';
import { compress } from './middleware/compress';
import type { Deflater } from './middleware/compress-gzip';
import { verifyCsrf } from './middleware/csrf';
import { securityHeaders } from './middleware/headers';
import { loadSession } from './middleware/session';
import { mountRoutes } from './routes';
import { healthz, type StaticFile } from './routes/system';
import { shellProps } from './shell';

declare module 'hono' {
  interface ContextRenderer {
    (content: import('hono/jsx').Child, props: { title: string }): Response | Promise<Response>;
  }
}

export type AppDeps = {
  db: Db;
  config: Config;
  assets?: Map<string, StaticFile>;
  /** The peer address, from the runtime (Node's socket, Workers' CF-Connecting-IP). */
  clientIp?: (c: import('hono').Context) => string | undefined;
  /** gzip for clients that take it (Node: src/node/deflate.ts); none on Workers, whose edge compresses. */
  deflater?: Deflater;
  /** Group commit (src/node/group-commit.ts): a response waits until its writes are on disk. */
  durability?: Durability;
};

// SQLite errors that mean "cannot write now", not "the code is wrong".
const UNAVAILABLE = /SQLITE_(FULL|READONLY|IOERR|CANTOPEN|BUSY)/;

export function createApp({
  db,
  config,
  assets = new Map(),
  deflater,
  clientIp,
  durability,
}: AppDeps) {
  const app = new Hono<AppEnv>();

  if (durability) {
    // Nothing is acknowledged before it is on disk; a lost commit answers 503 (onError below).
    app.use(async (_c, next) => {
      const mark = durability.mark();
      await next();
      await durability.settled(mark);
    });
  }

  app.use(async (c, next) => {
    c.set('db', db);
    c.set('config', config);
    const forwarded = config.trustProxy
      ? c.req.header('X-Forwarded-For')?.split(',')[0]?.trim()
      : undefined;
    c.set('clientIp', forwarded ?? clientIp?.(c) ?? 'unknown');
    await next();
    // Set on the response itself: c.header() after the handler copies the response around a stream of its body.
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
  });
  app.use(compress(deflater));
  app.use(securityHeaders());
  healthz(app);
  app.use(loadSession);
  app.use(
    jsxRenderer(({ children, title }, c) => (
      <Layout title={title} {...shellProps(c)}>
        {children}
      </Layout>
    )),
  );
  app.use(denyUnguarded);
  app.use(limitBodies);
  app.use(verifyCsrf);

  mountRoutes(app, assets);

  app.notFound((c) => {
    const t = c.var.t;
    if (isApi(c)) return c.json({ error: 'not found' }, 404);
    const body = <ErrorPage title={t('error.notFound.title')} body={t('error.notFound.body')} />;
    if (isHtmx(c)) return partial(c, body, 404);
    c.status(404);
    return c.render(body, { title: t('error.notFound.title') });
  });

  app.onError((err, c) => {
    const ref = crypto.randomUUID().slice(0, 8);
    const unavailable = UNAVAILABLE.test(String((err as { code?: string }).code ?? err.message));
    // The log gets the route pattern, never the body: forms may carry login details.
    log.error('request failed', {
      ref,
      method: c.req.method,
      route: routePath(c),
      error: config.env === 'production' ? err.message : err.stack,
    });
    const t = c.var.t;
    const status = unavailable ? 503 : 500;
    if (!t) return c.text(`error ${ref}`, status);
    const message = unavailable ? t('error.unavailable.body') : t('error.server.body', { ref });
    if (isApi(c)) return c.json({ error: message, ref }, status);
    c.status(status);
    return c.render(<ErrorPage title={t('error.server.title')} body={message} />, {
      title: t('error.server.title'),
    });
  });

  return app;
}

export type App = ReturnType<typeof createApp>;
