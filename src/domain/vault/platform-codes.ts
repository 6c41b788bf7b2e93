// Two-step verification codes for a platform account whose login details Communicatie holds: the
// account's TOTP secret (from the platform's "authenticator app" set-up, as its text or its
// otpauth:// link) is sealed with the login details, and a reveal shows the code of now and the
// next one, each with the moment it stops being valid. The codes are the users' own TOTP
// (src/domain/auth/totp.ts: SHA-1, six digits, 30 s, as every platform's authenticator set-up).
import * as OTPAuth from 'otpauth';
import { fail, ok, type Result } from '../lib/result';
import { stepAt, TOTP_PERIOD, totpCode } from '../auth/totp';

/** At least 80 bits, as RFC 4226 asks of a shared secret (16 base32 characters). */
const MIN_SECRET_BYTES = 10;

/** The base32 secret from what Communicatie pasted (the secret itself, or the QR code's link). */
export function parseTotpSecret(input: string): Result<string> {
  const text = input.trim();
  let secret: OTPAuth.Secret;
  try {
    if (/^otpauth:/i.test(text)) {
      const uri = OTPAuth.URI.parse(text);
      const standard =
        uri instanceof OTPAuth.TOTP &&
        uri.algorithm === 'SHA1' &&
        uri.digits === 6 &&
        uri.period === TOTP_PERIOD;
      if (!standard) return fail('credentials.totpUnsupported', { field: 'totp' });
      secret = uri.secret;
    } else {
      secret = OTPAuth.Secret.fromBase32(text.replace(/[\s-]/g, '').toUpperCase());
    }
  } catch {
    return fail('credentials.totpInvalid', { field: 'totp' });
  }
  if (secret.bytes.length < MIN_SECRET_BYTES)
    return fail('credentials.totpInvalid', { field: 'totp' });
  return ok(secret.base32);
}

export type PlatformCode = { code: string; validUntil: string };
/** The code to type now and the one after it (for when now's runs out while typing). */
export type PlatformCodes = { current: PlatformCode; next: PlatformCode };

export function platformCodes(secret: string, now: Date): PlatformCodes {
  const at = (step: number): PlatformCode => ({
    code: totpCode(secret, new Date(step * TOTP_PERIOD * 1000)),
    validUntil: new Date((step + 1) * TOTP_PERIOD * 1000).toISOString(),
  });
  const step = stepAt(now);
  return { current: at(step), next: at(step + 1) };
}
