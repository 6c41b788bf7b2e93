// A cap on what a form post may send, checked against its declared length or, for a chunked
// body, while it streams in: without it one request could make the server buffer any amount
// before a handler sees it. Forms are a few KB; the registry import takes a file of up to
// CSV_MAX_BYTES (its own page says so for a file just over it). The API caps its JSON with the
// same bodyCap (src/routes/api.ts).
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import type { Context, MiddlewareHandler } from 'hono';
import { ErrorPage } from '../../views/pages/ErrorPage';
import { CSV_MAX_BYTES } from '../domain/lib/csv';
import type { AppEnv } from '../env';
import { isHtmx, isPageWrite, partial } from '../http';

const KB = 1024;
export const FORM_MAX_BYTES = 256 * KB;
// Room for twice the file (a file larger than CSV_MAX_BYTES gets the import page's own message).
export const IMPORT_MAX_BYTES = 2 * CSV_MAX_BYTES;

const size = (bytes: number) => (bytes >= KB * KB ? `${bytes / KB / KB} MB` : `${bytes / KB} KB`);

const refuse = (max: number) => (c: Context<AppEnv>) => {
  const t = c.var.t;
  const body = (
    <ErrorPage
      title={t('error.tooLarge.title')}
      body={t('error.tooLarge.body', { max: size(max) })}
    />
  );
  if (isHtmx(c)) return partial(c, body, 413);
  c.status(413);
  return c.render(body, { title: t('error.tooLarge.title') });
};

/**
 * At most `max` bytes of body. A declared length is checked without asking for the body: on Node
 * that turns the request into a web stream, and the body is read later straight from the socket,
 * which never takes more than the declared length. Only a chunked body streams through hono's count.
 */
export function bodyCap(
  max: number,
  onError: (c: Context<AppEnv>) => Response | Promise<Response>,
): MiddlewareHandler<AppEnv> {
  const streamed = bodyLimit({ maxSize: max, onError });
  return async (c, next) => {
    const declared = c.req.header('Content-Length');
    if (declared === undefined || c.req.header('Transfer-Encoding') !== undefined)
      return streamed(c, next);
    return Number.parseInt(declared, 10) > max ? onError(c) : next();
  };
}

const forms = bodyCap(FORM_MAX_BYTES, refuse(FORM_MAX_BYTES));
const imports = bodyCap(IMPORT_MAX_BYTES, refuse(IMPORT_MAX_BYTES));

export const limitBodies = createMiddleware<AppEnv>((c, next) => {
  if (!isPageWrite(c)) return next();
  return (c.req.path === '/registry/import' ? imports : forms)(c, next);
});
