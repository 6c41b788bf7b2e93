// Helpers the registry routes share: ids from the path, the version a form carries, and a
// domain failure as form messages.
import { z } from 'zod';
import type { Failure } from '../../domain/lib/result';
import type { Ctx } from '../../http';
import type { FieldErrors } from '../../validation';

export const idOf = (c: Ctx) => Number(c.req.param('id'));

/** The row version the editor saw (optimistic concurrency); a missing one is a conflict. */
export const versionOf = (values: Record<string, unknown>) => {
  const v = z.coerce.number().int().positive().safeParse(values.version);
  return v.success ? v.data : 0;
};

export const failureErrors = (c: Ctx, f: Failure): FieldErrors => ({
  [f.field ?? '_form']: c.var.t(f.error, f.params),
});

/** Form status for a failure: 409 when someone else changed the row first, else 422. */
export const failureStatus = (f: Failure) => (f.status === 409 ? 409 : 422);
