// Small response helpers shared by every route: htmx detection, redirects that work with and
// without htmx, partial rendering with the locale, and flash messages across a redirect.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Child } from 'hono/jsx';
import type { FormErrors } from '../views/components/form';
import { Locale } from '../views/i18n';
import type { Failure } from './domain/lib/result';
import type { AppEnv } from './env';
import type { MessageKey, Params } from './i18n';

export type Ctx = Context<AppEnv>;
type Status = 200 | 403 | 404 | 409 | 413 | 422 | 429;

export const isHtmx = (c: Ctx) => c.req.header('HX-Request') === 'true';

/** The JSON API: bearer tokens, JSON answers, its own body limit; no cookies, no CSRF. */
export const isApi = (c: Ctx) => c.req.path.startsWith('/api/');

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A request of the pages that may change something: it needs the CSRF token and a small body. */
export const isPageWrite = (c: Ctx) => !SAFE_METHODS.has(c.req.method) && !isApi(c);

export type FormFields = Record<string, string | string[]>;

const forms = new WeakMap<object, Promise<FormFields>>();

/**
 * The fields a form sent (repeated ones as arrays; no files), read once per request: the CSRF
 * check and the handler share them. A urlencoded form is read as text, which @hono/node-server
 * takes straight from Node's request: a web Request with a body stream and a FormData were a
 * fifth of a contact attempt's cost. A file upload goes through FormData.
 */
export function formFields(c: Ctx): Promise<FormFields> {
  let fields = forms.get(c.req);
  if (!fields) forms.set(c.req, (fields = readFields(c)));
  return fields;
}

async function readFields(c: Ctx): Promise<FormFields> {
  const type = c.req.header('Content-Type') ?? '';
  const out: FormFields = Object.create(null); // a field named __proto__ is just a field
  const add = (k: string, v: unknown) => {
    if (typeof v !== 'string') return;
    const had = out[k];
    if (had === undefined) out[k] = v;
    else if (Array.isArray(had)) had.push(v);
    else out[k] = [had, v];
  };
  if (type.startsWith('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(await c.req.text())) add(k, v);
  } else if (type.startsWith('multipart/form-data')) {
    for (const [k, v] of Object.entries(await c.req.parseBody({ all: true })))
      for (const x of [v].flat()) add(k, x);
  }
  return out;
}

/** After a successful POST: 303 for a plain form, HX-Location for htmx (no full reload). */
export function redirectTo(c: Ctx, url: string) {
  if (isHtmx(c)) {
    // outerHTML: the page's <main> replaces this one (innerHTML would nest a second <main id="main">).
    c.header(
      'HX-Location',
      JSON.stringify({ path: url, target: '#main', select: '#main', swap: 'outerHTML' }),
    );
    return c.body(null, 204);
  }
  return c.redirect(url, 303);
}

/** A fragment for htmx to swap, rendered with the user's language. */
export function partial(c: Ctx, node: Child, status: Status = 200) {
  return c.html(
    <Locale.Provider value={{ t: c.var.t, lang: c.var.lang }}>{node}</Locale.Provider>,
    status,
  );
}

/** The whole page, or only `node` when htmx asked (forms that swap themselves). */
export function pageOrPartial(c: Ctx, title: string, node: Child, status: Status = 200) {
  if (isHtmx(c)) return partial(c, node, status);
  c.status(status);
  return c.render(node, { title });
}

const FLASH = 'flash';

export function setFlash(c: Ctx, key: MessageKey, params?: Params) {
  setCookie(c, FLASH, encodeURIComponent(c.var.t(key, params)), {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: c.var.config.secureCookies,
    maxAge: 60,
  });
}

export function takeFlash(c: Ctx): string | null {
  const value = getCookie(c, FLASH);
  if (!value) return null;
  deleteCookie(c, FLASH, { path: '/', secure: c.var.config.secureCookies });
  try {
    return decodeURIComponent(value).slice(0, 300);
  } catch {
    return null;
  }
}

/** Only local paths may be redirect targets ("/x", never "//evil" or "https://evil"). */
export const safeLocalPath = (value: unknown, fallback = '/') =>
  typeof value === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(value) ? value : fallback;

/** A domain failure as form messages; the summary repeats it in case the field is not on the form. */
export function failureErrors(c: Ctx, failure: Failure): FormErrors {
  const message = c.var.t(failure.error, failure.params);
  return { _form: message, ...(failure.field ? { [failure.field]: message } : {}) };
}
