// Sign-in, sign-out and the language switch.
import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { LANGUAGES } from '../../db/schema';
import { SignIn } from '../../views/pages/SignIn';
import { signIn, signOut } from '../domain/auth/sign-in';
import { setLanguage } from '../domain/auth/users';
import type { AppEnv } from '../env';
import { pageOrPartial, redirectTo, safeLocalPath, setFlash, type Ctx } from '../http';
import { formatTime } from '../i18n/format';
import { LANG_COOKIE, sessionCookieName, setSessionCookie } from '../middleware/session';
import { publicRoute, secondStep, signedIn } from '../middleware/access';
import { f, formBody, parseWith, type FieldErrors } from '../validation';
import { oidcStartPath } from './oidc';

export const auth = new Hono<AppEnv>();

const signInForm = z.object({
  // Not f.email(): any text gets the same answer as a wrong password (no account discovery), but
  // the same control-character and bidi-override refusal as every other field.
  email: f.text(254),
  password: z.string().min(1, { error: 'field.required' }).max(1024, { error: 'field.invalid' }),
  next: z.string().optional(),
});

function signInPage(
  c: Ctx,
  values: Record<string, unknown>,
  errors: FieldErrors,
  status: 200 | 422 | 429 = 200,
) {
  const next = safeLocalPath(values.next ?? c.req.query('next'));
  const { oidc, passwordSignIn } = c.var.config;
  const page = (
    <SignIn
      csrfToken={c.var.csrfToken}
      values={{ email: String(values.email ?? '') }}
      errors={errors}
      next={next}
      provider={oidc ? { name: oidc.name, href: oidcStartPath(next) } : undefined}
      passwordSignIn={passwordSignIn}
    />
  );
  return pageOrPartial(c, c.var.t('signIn.title'), page, status);
}

auth.get('/sign-in', publicRoute(), (c) => {
  if (c.var.user) return c.redirect('/', 303);
  return signInPage(c, {}, {});
});

auth.post('/sign-in', publicRoute(), async (c) => {
  const values = await formBody(c);
  const { config, db, t, lang } = c.var;
  // Turned off (PASSWORD_SIGN_IN=off): only the identity provider signs anyone in.
  if (!config.passwordSignIn && config.oidc)
    return signInPage(c, values, { _form: t('oidc.passwordOff', { name: config.oidc.name }) }, 422);
  const parsed = parseWith(c, signInForm, values);
  if (!parsed.ok) return signInPage(c, values, parsed.errors, 422);
  const result = await signIn(db, {
    email: parsed.data.email,
    password: parsed.data.password,
    ip: c.var.clientIp,
    userAgent: c.req.header('User-Agent'),
    now: config.now(),
    previousSessionId: c.var.session?.id,
    policy: config.session,
    scryptN: config.scryptN,
  });
  if (!result.ok) {
    const message =
      result.error === 'signIn.locked'
        ? t('signIn.locked', { time: formatTime(String(result.params?.until), lang) })
        : t(result.error);
    return signInPage(c, values, { _form: message }, result.status === 429 ? 429 : 422);
  }
  setSessionCookie(c, result.value.token);
  return redirectTo(c, safeLocalPath(parsed.data.next));
});

// Open before the second factor too: a password alone can still sign out.
auth.post('/sign-out', secondStep(), (c) => {
  const { db, config, session, user } = c.var;
  signOut(db, session!.id, user!, config.now());
  deleteCookie(c, sessionCookieName(config.secureCookies), {
    path: '/',
    secure: config.secureCookies,
  });
  setFlash(c, 'signIn.signedOut');
  return redirectTo(c, '/sign-in');
});

const languageForm = z.object({ lang: f.choice(LANGUAGES), back: z.string().optional() });

// The switch works signed in or not: a signed-in user's preference is kept on the account.
auth.post('/language', publicRoute(), async (c) => {
  const parsed = parseWith(c, languageForm, await formBody(c));
  const lang = parsed.ok ? parsed.data.lang : 'nl';
  setCookie(c, LANG_COOKIE, lang, {
    path: '/',
    sameSite: 'Lax',
    secure: c.var.config.secureCookies,
    maxAge: 31_536_000,
  });
  if (c.var.user) setLanguage(c.var.db, c.var.actor, c.var.user, lang, c.var.config.now());
  return redirectTo(c, safeLocalPath(parsed.ok ? parsed.data.back : '/'));
});
