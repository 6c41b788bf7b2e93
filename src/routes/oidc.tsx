// Sign-in through the city's identity provider (OpenID Connect, README "Security"): the redirect
// out with state, nonce and PKCE kept in a short-lived cookie, and the callback that checks them
// and signs the person in. Without a provider configured both lead back to the sign-in page.
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { ErrorPage } from '../../views/pages/ErrorPage';
import { finishSignIn, startSignIn, type PendingSignIn } from '../domain/auth/oidc';
import { recordProtocolRefusal } from '../domain/auth/oidc-refusals';
import { signInWithOidc } from '../domain/auth/oidc-sign-in';
import type { AppEnv } from '../env';
import { safeLocalPath, type Ctx } from '../http';
import type { MessageKey } from '../i18n';
import { log } from '../log';
import { publicRoute } from '../middleware/access';
import { setSessionCookie } from '../middleware/session';

export const oidcRoutes = new Hono<AppEnv>();
oidcRoutes.use('*', publicRoute());

export const oidcStartPath = (next: string) =>
  `/sign-in/oidc${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`;

// SameSite=Lax: the callback is a top-level navigation from the provider's site, which a Strict
// cookie would not come back with. Ten minutes to sign in at the provider.
const PENDING_MAX_AGE = 600;
const pendingCookie = (secure: boolean) => (secure ? '__Secure-oidc' : 'oidc');

function readPending(c: Ctx): PendingSignIn | null {
  const raw = getCookie(c, pendingCookie(c.var.config.secureCookies));
  if (!raw) return null;
  try {
    const p = JSON.parse(raw) as PendingSignIn;
    return [p.state, p.nonce, p.verifier, p.next].every((v) => typeof v === 'string') ? p : null;
  } catch {
    return null;
  }
}

function refusedPage(c: Ctx, key: MessageKey, status: 400 | 403 | 503) {
  const { t } = c.var;
  c.status(status);
  return c.render(<ErrorPage title={t('oidc.refused.title')} body={t(key)} />, {
    title: t('oidc.refused.title'),
  });
}

oidcRoutes.get('/', async (c) => {
  const { config } = c.var;
  if (!config.oidc) return c.redirect('/sign-in', 303);
  if (c.var.user) return c.redirect('/', 303);
  const next = safeLocalPath(c.req.query('next'));
  let started;
  try {
    started = await startSignIn(config.oidc, config.now(), next);
  } catch (err) {
    log.error('identity provider unreachable', { error: (err as Error).message });
    return refusedPage(c, 'oidc.unavailable', 503);
  }
  setCookie(c, pendingCookie(config.secureCookies), JSON.stringify(started.pending), {
    path: '/sign-in/oidc',
    httpOnly: true,
    sameSite: 'Lax',
    secure: config.secureCookies,
    maxAge: PENDING_MAX_AGE,
  });
  return c.redirect(started.url, 303);
});

oidcRoutes.get('/callback', async (c) => {
  const { config, db, clientIp } = c.var;
  if (!config.oidc) return c.redirect('/sign-in', 303);
  const pending = readPending(c);
  // One try per redirect out: a replayed callback finds no cookie.
  deleteCookie(c, pendingCookie(config.secureCookies), {
    path: '/sign-in/oidc',
    secure: config.secureCookies,
  });
  const params = new URL(c.req.url).searchParams;
  const finished = await finishSignIn(config.oidc, config.now(), params, pending);
  if (!finished.ok) {
    const reason = finished.refusal ?? 'invalid';
    log.warn('identity provider sign-in refused', {
      reason,
      ip: clientIp,
      detail: finished.detail,
    });
    recordProtocolRefusal(db, config.now(), clientIp, reason);
    return refusedPage(c, finished.error, 400);
  }
  const result = signInWithOidc(db, config.oidc, {
    claims: finished.value,
    ip: clientIp,
    userAgent: c.req.header('User-Agent'),
    now: config.now(),
    previousSessionId: c.var.session?.id,
    policy: config.session,
  });
  if (!result.ok) return refusedPage(c, result.error, 403);
  setSessionCookie(c, result.value.token);
  return c.redirect(safeLocalPath(pending?.next), 303);
});
