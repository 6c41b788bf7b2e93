// CSRF: every state-changing request must echo the token of its session (or, before sign-in,
// of its csrf cookie) in the `_csrf` form field or the X-CSRF-Token header, and must not come
// from another site. API requests authenticate with a bearer token, not a cookie, and skip it.
import { timingSafeEqual } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { ErrorPage } from '../../views/pages/ErrorPage';
import { formFields, isHtmx, isPageWrite, partial } from '../http';
import { refused } from './refused';

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// Routes that check a key of their own instead of a session's: the answer page by a token bound
// to its link, the SMS gateway's delivery reports by a shared secret (src/routes/contact-link.tsx).
const OWN_KEY = /^\/(a\/[\w-]+|sms\/reports)$/;

export const verifyCsrf = createMiddleware<AppEnv>(async (c, next) => {
  if (!isPageWrite(c) || OWN_KEY.test(c.req.path)) return next();
  const site = c.req.header('Sec-Fetch-Site');
  const crossSite = site !== undefined && site !== 'same-origin' && site !== 'none';
  let sent = c.req.header('X-CSRF-Token');
  if (!sent) {
    // From a form (formFields reads nothing else). Sent twice, a form's hidden field and a
    // script adding it again, it counts only if both agree.
    const [first, ...more] = [(await formFields(c))._csrf ?? []].flat();
    sent = more.every((v) => v === first) ? first : undefined;
  }
  if (crossSite || !sent || !same(sent, c.var.csrfToken)) {
    refused(c, crossSite ? 'cross_site' : 'csrf');
    const body = (
      <ErrorPage title={c.var.t('error.forbidden.title')} body={c.var.t('error.csrf')} />
    );
    if (isHtmx(c)) return partial(c, body, 422);
    c.status(403);
    return c.render(body, { title: c.var.t('error.forbidden.title') });
  }
  return next();
});
