// The second step of the sign-in (a TOTP code or a recovery code; passkeys in passkeys.ts), the
// enrolment of an authenticator app, new recovery codes and the user's own security page.
// Mounted at /second-factor. Reachable before the second factor: the step, the enrolment.
import { Hono } from 'hono';
import QRCode from 'qrcode';
import { z } from 'zod';
import { RecoveryCodes } from '../../views/pages/second-factor/RecoveryCodes';
import { SecondStep } from '../../views/pages/second-factor/SecondStep';
import { SecuritySettings } from '../../views/pages/second-factor/Settings';
import { TotpEnrol } from '../../views/pages/second-factor/TotpEnrol';
import { passkeysOf } from '../domain/auth/passkeys';
import {
  makeRecoveryCodes,
  recoveryCodesLeft,
  useRecoveryCode,
} from '../domain/auth/recovery-codes';
import {
  hasSecondFactor,
  recentSecondFactor,
  secondFactorRequired,
} from '../domain/auth/second-factor';
import { beginTotp, pendingTotp, totpSince, verifyTotp } from '../domain/auth/totp';
import type { Failure } from '../domain/lib/result';
import type { AppEnv } from '../env';
import { pageOrPartial, redirectTo, safeLocalPath, setFlash, type Ctx } from '../http';
import { formatTime } from '../i18n/format';
import { secondStep, signedIn } from '../middleware/access';
import { secondStepUrl } from '../middleware/second-factor';
import { formBody, parseWith, type FieldErrors } from '../validation';

export const secondFactorRoutes = new Hono<AppEnv>();

const codeForm = z.object({
  code: z.string().trim().min(1, { error: 'field.required' }).max(10, { error: 'field.invalid' }),
  next: z.string().optional(),
});
const recoveryForm = z.object({
  recoveryCode: z
    .string()
    .trim()
    .min(1, { error: 'field.required' })
    .max(20, { error: 'field.invalid' }),
  next: z.string().optional(),
});

const nextOf = (c: Ctx, value?: unknown) => safeLocalPath(value ?? c.req.query('next'));

/** The failure as the form's message (a lock says until when). */
function message(c: Ctx, failure: Failure, field: string): FieldErrors {
  const text =
    failure.error === 'signIn.locked'
      ? c.var.t('signIn.locked', { time: formatTime(String(failure.params?.until), c.var.lang) })
      : c.var.t(failure.error, failure.params);
  return { _form: text, [field]: text };
}

function stepPage(c: Ctx, next: string, errors: FieldErrors = {}, status: 200 | 422 | 429 = 200) {
  const { db, user, csrfToken, t } = c.var;
  const stepUp = c.var.secondFactor === 'satisfied';
  const page = (
    <SecondStep
      csrfToken={csrfToken}
      next={next}
      stepUp={stepUp}
      hasTotp={totpSince(db, user!.id) !== null}
      hasPasskey={passkeysOf(db, user!.id).length > 0}
      errors={errors}
    />
  );
  return pageOrPartial(c, t(stepUp ? 'stepUp.title' : 'secondStep.title'), page, status);
}

/** A code from the signed-in user's authenticator app: throttled, replay refused, audited. */
const checkTotp = (c: Ctx, code: string) => {
  const { db, user, session, config, clientIp } = c.var;
  return verifyTotp(db, user!, config.vault, {
    userId: user!.id,
    code,
    ip: clientIp,
    now: config.now(),
    sessionId: session!.id,
  });
};

const isRecent = (c: Ctx) => recentSecondFactor(c.var.session!, c.var.config.now());

/** Changing one's factors needs a recent one, when there is one (an owner may add a first freely). */
export const mayChangeFactors = (c: Ctx) =>
  isRecent(c) || !hasSecondFactor(c.var.db, c.var.user!.id);

secondFactorRoutes.get('/', secondStep(), (c) => {
  const next = nextOf(c);
  if (c.var.secondFactor === 'enrol')
    return c.redirect(`/second-factor/totp/new?next=${encodeURIComponent(next)}`, 303);
  // Signed in with the factor already: only a step-up (a reveal) asks again.
  if (c.var.secondFactor === 'satisfied' && (c.req.query('step-up') !== '1' || isRecent(c)))
    return c.redirect(next, 303);
  return stepPage(c, next);
});

secondFactorRoutes.post('/totp', secondStep(), async (c) => {
  const parsed = parseWith(c, codeForm, await formBody(c));
  const next = nextOf(c, parsed.ok ? parsed.data.next : undefined);
  if (!parsed.ok) return stepPage(c, next, parsed.errors, 422);
  const result = await checkTotp(c, parsed.data.code);
  if (!result.ok)
    return stepPage(c, next, message(c, result, 'code'), result.status === 429 ? 429 : 422);
  return redirectTo(c, next);
});

secondFactorRoutes.post('/recovery', secondStep(), async (c) => {
  const parsed = parseWith(c, recoveryForm, await formBody(c));
  const next = nextOf(c, parsed.ok ? parsed.data.next : undefined);
  if (!parsed.ok) return stepPage(c, next, parsed.errors, 422);
  const { db, user, session, config, clientIp } = c.var;
  const result = await useRecoveryCode(db, user!, {
    code: parsed.data.recoveryCode,
    ip: clientIp,
    now: config.now(),
    sessionId: session!.id,
  });
  if (!result.ok)
    return stepPage(c, next, message(c, result, 'recoveryCode'), result.status === 429 ? 429 : 422);
  setFlash(c, 'secondStep.recovery.used', { n: result.value.remaining });
  return redirectTo(c, next);
});

/**
 * Enrolment is open to a session that must enrol before anything else, and to a signed-in user
 * who may change their factors: never to a password alone when a factor exists.
 */
const mayEnrol = (c: Ctx) =>
  c.var.secondFactor === 'enrol' || (c.var.secondFactor === 'satisfied' && mayChangeFactors(c));

/** The enrolment page; a refused code shows the enrolment under way again, or starts one (GET). */
async function enrolPage(
  c: Ctx,
  next: string,
  errors: FieldErrors = {},
  status: 200 | 422 | 429 = 200,
) {
  const { db, user, config, t } = c.var;
  const pending = pendingTotp(db, user!, config.vault);
  if (!pending && c.req.method !== 'GET')
    return redirectTo(c, `/second-factor/totp/new?next=${encodeURIComponent(next)}`);
  const enrolment = pending ?? beginTotp(db, user!, config.vault, config.now());
  const qrSvg = await QRCode.toString(enrolment.uri, { type: 'svg', margin: 2 });
  const page = (
    <TotpEnrol
      csrfToken={c.var.csrfToken}
      next={next}
      required={c.var.secondFactor === 'enrol' && secondFactorRequired(user!, config.secondFactor)}
      qrSvg={qrSvg}
      secret={enrolment.secret}
      errors={errors}
    />
  );
  return pageOrPartial(c, t('enrol.title'), page, status);
}

secondFactorRoutes.get('/totp/new', secondStep(), (c) => {
  const next = nextOf(c);
  if (!mayEnrol(c)) return c.redirect(`${secondStepUrl(c.req.path)}&step-up=1`, 303);
  return enrolPage(c, next);
});

secondFactorRoutes.post('/totp/confirm', secondStep(), async (c) => {
  const parsed = parseWith(c, codeForm, await formBody(c));
  const next = nextOf(c, parsed.ok ? parsed.data.next : undefined);
  if (!mayEnrol(c)) return redirectTo(c, `${secondStepUrl('/second-factor/totp/new')}&step-up=1`);
  if (!parsed.ok) return enrolPage(c, next, parsed.errors, 422);
  const { db, user, config, t } = c.var;
  const firstFactor = c.var.secondFactor === 'enrol';
  const result = await checkTotp(c, parsed.data.code);
  if (!result.ok)
    return enrolPage(c, next, message(c, result, 'code'), result.status === 429 ? 429 : 422);
  if (!firstFactor && recoveryCodesLeft(db, user!.id) > 0) {
    setFlash(c, 'enrol.done');
    return redirectTo(c, '/second-factor/settings');
  }
  // Shown once, on this answer only: never in a URL or a cookie.
  const codes = makeRecoveryCodes(db, user!, config.now());
  return pageOrPartial(c, t('recoveryCodes.title'), <RecoveryCodes codes={codes} next={next} />);
});

secondFactorRoutes.get('/settings', signedIn(), (c) => {
  const { db, user, csrfToken, t } = c.var;
  const page = (
    <SecuritySettings
      csrfToken={csrfToken}
      totpSince={totpSince(db, user!.id)}
      passkeys={passkeysOf(db, user!.id)}
      recoveryLeft={recoveryCodesLeft(db, user!.id)}
    />
  );
  return pageOrPartial(c, t('settings.title'), page);
});

secondFactorRoutes.post('/recovery-codes', signedIn(), (c) => {
  if (!mayChangeFactors(c))
    return redirectTo(c, `${secondStepUrl('/second-factor/settings')}&step-up=1`);
  const { db, user, config, t } = c.var;
  const codes = makeRecoveryCodes(db, user!, config.now());
  return pageOrPartial(
    c,
    t('recoveryCodes.title'),
    <RecoveryCodes codes={codes} next="/second-factor/settings" />,
  );
});
