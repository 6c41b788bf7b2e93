// Loads the signed-in user (if any), the language and the CSRF token for this request.
// Visitors without a session get a CSRF token in a cookie of its own, so the sign-in form is
// protected too.
import { getCookie, setCookie } from 'hono/cookie';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { LANGUAGES, type Language } from '../../db/schema';
import type { AppEnv } from '../env';
import { validateSession, randomToken } from '../domain/auth/sessions';
import { takeFlash } from '../http';
import { translator } from '../i18n';

export const sessionCookieName = (secure: boolean) => (secure ? '__Host-session' : 'session');

/** After a sign-in (password or identity provider): the new session's cookie. */
export function setSessionCookie(c: Context<AppEnv>, token: string) {
  const secure = c.var.config.secureCookies;
  setCookie(c, sessionCookieName(secure), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure,
  });
}
export const ANON_CSRF_COOKIE = 'csrf';
export const LANG_COOKIE = 'lang';

export const loadSession = createMiddleware<AppEnv>(async (c, next) => {
  const { config, db } = c.var;
  const token = getCookie(c, sessionCookieName(config.secureCookies));
  const check = token
    ? validateSession(db, token, config.now(), config.session)
    : { state: 'none' as const };
  const user = check.state === 'valid' ? check.user : null;
  c.set('user', user);
  c.set('session', check.state === 'valid' ? check.session : null);
  c.set('actor', { userId: user?.id ?? null, role: 'anonymous' });

  const cookieLang = getCookie(c, LANG_COOKIE);
  const lang: Language =
    user?.language ??
    (LANGUAGES.includes(cookieLang as Language)
      ? (cookieLang as Language)
      : browserLanguage(c.req.header('Accept-Language')));
  c.set('lang', lang);
  c.set('t', translator(lang));

  if (check.state === 'valid') {
    c.set('csrfToken', check.session.csrfToken);
  } else {
    let anon = getCookie(c, ANON_CSRF_COOKIE);
    if (!anon || !/^[\w-]{43}$/.test(anon)) {
      anon = randomToken();
      setCookie(c, ANON_CSRF_COOKIE, anon, {
        path: '/',
        httpOnly: true,
        sameSite: 'Strict',
        secure: config.secureCookies,
      });
    }
    c.set('csrfToken', anon);
  }
  c.set('flash', check.state === 'expired' ? c.var.t('signIn.expired') : takeFlash(c));
  await next();
});

/**
 * Before anyone chose: the first of our languages the browser asks for, by its q values
 * ("en-GB,en;q=0.9" → en, "fr,nl-BE;q=0.5" → nl), and Dutch when it asks for neither.
 */
export function browserLanguage(header: string | undefined): Language {
  const asked = (header ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.trim().toLowerCase().split('-')[0], q: q ? Number(q) : 1, i };
    })
    .filter((a) => a.q > 0 && LANGUAGES.includes(a.lang as Language))
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return (asked[0]?.lang as Language | undefined) ?? 'nl';
}
