// Domain functions return values, not exceptions, for every outcome a user can cause.
// `error` is a message key (see src/i18n); `field` names the form field it belongs to.
import type { MessageKey } from '../../i18n';

export type Failure = {
  ok: false;
  error: MessageKey;
  params?: Record<string, string | number>;
  field?: string;
  status?: 400 | 403 | 404 | 409 | 422 | 429;
};
export type Result<T> = { ok: true; value: T } | Failure;

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: MessageKey, extra: Omit<Failure, 'ok' | 'error'> = {}): Failure => ({
  ok: false,
  error,
  ...extra,
});
