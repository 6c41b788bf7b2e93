// The passkey ceremonies' JSON endpoints, called by public/passkey.js (with the session's CSRF
// token in X-CSRF-Token): options, then the browser's answer. Mounted at /second-factor/passkey.
// Assertion is part of the second step; registration needs a recent second factor.
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { Hono } from 'hono';
import {
  assertPasskey,
  authenticationOptions,
  registerPasskey,
  registrationOptions,
  relyingPartyOf,
} from '../domain/auth/passkeys';
import type { Failure } from '../domain/lib/result';
import type { AppEnv } from '../env';
import { safeLocalPath, setFlash, type Ctx } from '../http';
import { secondStep, signedIn } from '../middleware/access';
import { secondStepUrl } from '../middleware/second-factor';
import { mayChangeFactors } from './second-factor';

export const passkeyRoutes = new Hono<AppEnv>();

/** The browser's answer: a JSON object with the credential's id (shape checked by the library). */
async function answerOf<T>(c: Ctx): Promise<{ response: T; next: string } | null> {
  const body = (await c.req.json().catch(() => null)) as {
    response?: { id?: unknown };
    next?: unknown;
  } | null;
  if (!body || typeof body.response?.id !== 'string') return null;
  return { response: body.response as T, next: safeLocalPath(body.next) };
}

const refusal = (c: Ctx, failure: Failure) =>
  c.json({ error: c.var.t(failure.error, failure.params) }, 422);

const rp = (c: Ctx) => relyingPartyOf(c.var.config.baseUrl);

// Adding a passkey is a change to the account's security: a second factor of the last minutes.
const stepUpFirst = (c: Ctx) =>
  mayChangeFactors(c)
    ? null
    : c.json({ redirect: `${secondStepUrl('/second-factor/settings')}&step-up=1` }, 401);

passkeyRoutes.post('/register/options', signedIn(), async (c) => {
  const { db, user, session, config } = c.var;
  return (
    stepUpFirst(c) ?? c.json(await registrationOptions(db, user!, session!, rp(c), config.now()))
  );
});

passkeyRoutes.post('/register', signedIn(), async (c) => {
  const refused = stepUpFirst(c);
  if (refused) return refused;
  const answer = await answerOf<RegistrationResponseJSON>(c);
  if (!answer) return refusal(c, { ok: false, error: 'passkey.refused' });
  const { db, user, session, config } = c.var;
  const result = await registerPasskey(db, user!, session!, rp(c), answer.response, config.now());
  if (!result.ok) return refusal(c, result);
  setFlash(c, 'settings.passkeys.added');
  return c.json({ redirect: '/second-factor/settings' });
});

passkeyRoutes.post('/options', secondStep(), async (c) => {
  const { db, user, session, config } = c.var;
  return c.json(await authenticationOptions(db, user!, session!, rp(c), config.now()));
});

passkeyRoutes.post('/', secondStep(), async (c) => {
  const answer = await answerOf<AuthenticationResponseJSON>(c);
  if (!answer) return refusal(c, { ok: false, error: 'passkey.refused' });
  const { db, user, session, config, clientIp } = c.var;
  const result = await assertPasskey(db, user!, session!, rp(c), answer.response, {
    ip: clientIp,
    now: config.now(),
  });
  if (!result.ok) return refusal(c, result);
  return c.json({ redirect: answer.next });
});
