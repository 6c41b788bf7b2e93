// Authentication for /api/v1: a bearer token, never a cookie. The session middleware has already
// looked at the cookie; this forgets whatever it found, so a page open in a browser cannot call
// the API (the API skips CSRF, which is safe only because cookies do not count here). A valid
// token sets the user it acts for, so the routes' access rules (allow(...)) apply unchanged.
import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import type { Language } from '../../db/schema';
import { authenticateApiToken } from '../domain/auth/api-tokens';
import type { AppEnv } from '../env';
import type { Ctx } from '../http';
import { translator, type MessageKey } from '../i18n';
import { log } from '../log';

const BEARER = /^Bearer +(\S+) *$/i;

function useLanguage(c: Ctx, lang: Language) {
  c.set('lang', lang);
  c.set('t', translator(lang));
}

function unauthorised(c: Ctx, key: MessageKey) {
  c.header(
    'WWW-Authenticate',
    `Bearer realm="api", error="${key === 'api.auth.missing' ? 'invalid_request' : 'invalid_token'}"`,
  );
  return c.json({ error: c.var.t(key), code: key, fields: {} }, 401);
}

export const apiTokenAuth = createMiddleware<AppEnv>(async (c, next) => {
  // Forget the cookie's user, and set no cookie either (not even the CSRF cookie the session
  // middleware gives a cookieless visitor): the API has no use for cookies.
  c.set('user', null);
  c.set('session', null);
  c.set('actor', { userId: null, role: 'anonymous' });
  c.header('Set-Cookie', undefined);
  // Before a token names its user, answer in the language the client asks for.
  useLanguage(c, /^\s*en\b/i.test(c.req.header('Accept-Language') ?? '') ? 'en' : 'nl');

  const token = BEARER.exec(c.req.header('Authorization') ?? '')?.[1];
  if (!token) return unauthorised(c, 'api.auth.missing');
  const check = authenticateApiToken(c.var.db, token, c.var.config.now());
  if (!check.ok) {
    log.warn('api token refused', {
      reason: check.reason,
      apiKey: check.tokenId ?? null,
      ip: c.var.clientIp,
    });
    return unauthorised(c, 'api.auth.invalid');
  }
  c.set('user', check.user);
  c.set('apiKeyId', check.tokenId);
  useLanguage(c, check.user.language);
  await next();
  // The audit names the token's user and the key (apiKey in its details); so does this line.
  if (c.req.method !== 'GET') {
    log.info('api call', {
      apiKey: check.tokenId,
      userId: check.user.id,
      method: c.req.method,
      route: routePath(c, -1),
      status: c.res.status,
    });
  }
});
