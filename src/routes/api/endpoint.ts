// One API endpoint is one declaration: method, path, who may call it, the zod schemas of its
// request and its answer, and a handler that calls the domain. `apiEndpoints` registers the
// route on the Hono app and keeps the declaration for the OpenAPI document, so no route exists
// without its documentation and none is documented with another schema than the one it uses.
import type { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import type { Role } from '../../../db/schema';
import { ok, type Failure, type Result } from '../../domain/lib/result';
import type { AppEnv } from '../../env';
import type { Ctx } from '../../http';
import type { MessageKey } from '../../i18n';
import { allow, publicRoute } from '../../middleware/access';
import { parseWith, type FieldErrors } from '../../validation';

type Shape = z.ZodObject;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export type Input<B, Q> = { body: B; query: Q; param: (name: string) => number };

export type Endpoint<
  B extends Shape | undefined = Shape | undefined,
  Q extends Shape | undefined = Shape | undefined,
  R extends z.ZodType = z.ZodType,
> = {
  operationId: string;
  method: 'get' | 'post';
  /** A Hono path relative to API_BASE; numeric parameters as `:id{[0-9]+}`. */
  path: string;
  tag: 'crises' | 'cases' | 'meta';
  summary: string;
  description?: string;
  access: readonly Role[] | 'public';
  body?: B;
  query?: Q;
  response: R;
  status?: 200 | 201;
  /** Answers besides 200/201, 400, 401, 403 and 422 that the handler can give. */
  errors?: readonly (404 | 409)[];
  handle: (c: Ctx, input: Input<Out<B>, Out<Q>>) => Result<z.input<R>>;
  /** With a 409, what the client should see of the state someone else left. */
  current?: (c: Ctx, input: Input<Out<B>, Out<Q>>) => unknown;
};

export function errorJson(
  c: Ctx,
  key: MessageKey,
  status: ContentfulStatusCode,
  fields: FieldErrors = {},
) {
  return c.json({ error: c.var.t(key), code: key, fields }, status);
}

/** A domain failure as JSON: the message in the user's language, its key, and its field. */
export function failureJson(c: Ctx, failure: Failure, current?: unknown) {
  const message = c.var.t(failure.error, failure.params);
  const fields = failure.field ? { [failure.field]: message } : {};
  return c.json(
    { error: message, code: failure.error, fields, ...(current === undefined ? {} : { current }) },
    failure.status ?? 422,
  );
}

/** `{ [key]: value }` of a successful result: the API answers `{ "case": ... }`, not a bare row. */
export function under<K extends string, T>(key: K, result: Result<T>): Result<Record<K, T>> {
  return result.ok ? ok({ [key]: result.value } as Record<K, T>) : result;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The object against `schema`; an unknown key is named as a field (a typo must not pass unnoticed). */
function parseObject<S extends Shape>(c: Ctx, schema: S, input: Record<string, unknown>) {
  const known = (k: string) => Object.hasOwn(schema.shape, k);
  const parsed = parseWith(
    c,
    schema,
    Object.fromEntries(Object.entries(input).filter(([k]) => known(k))),
  );
  const unknown = Object.keys(input).filter((k) => !known(k));
  if (!unknown.length) return parsed;
  const errors: FieldErrors = parsed.ok ? {} : parsed.errors;
  for (const key of unknown) errors[key] = c.var.t('api.unknownField');
  return { ok: false as const, errors };
}

async function readJson(c: Ctx): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    return undefined;
  }
}

/** Where the API is mounted (src/app.tsx); the OpenAPI document names the full paths. */
export const API_BASE = '/api/v1';

export function apiEndpoints(app: Hono<AppEnv>) {
  const docs: Endpoint[] = [];

  function endpoint<B extends Shape | undefined, Q extends Shape | undefined, R extends z.ZodType>(
    spec: Endpoint<B, Q, R>,
  ) {
    docs.push(spec as unknown as Endpoint);
    const guard = spec.access === 'public' ? publicRoute() : allow(...spec.access);
    app.on(spec.method.toUpperCase(), spec.path, guard, async (c) => {
      const param = (name: string) => Number(c.req.param(name));
      let body: unknown;
      if (spec.body) {
        const raw = await readJson(c);
        if (!isObject(raw)) return errorJson(c, 'api.badJson', 400);
        const parsed = parseObject(c, spec.body, raw);
        if (!parsed.ok) return errorJson(c, 'api.invalid', 422, parsed.errors);
        body = parsed.data;
      }
      let query: unknown;
      if (spec.query) {
        const parsed = parseObject(c, spec.query, c.req.query());
        if (!parsed.ok) return errorJson(c, 'api.invalid', 422, parsed.errors);
        query = parsed.data;
      }
      const input = { body, query, param } as Input<Out<B>, Out<Q>>;
      const result = spec.handle(c, input);
      if (!result.ok)
        return failureJson(c, result, result.status === 409 ? spec.current?.(c, input) : undefined);
      return c.json(spec.response.parse(result.value) as object, spec.status ?? 200);
    });
  }

  return { docs, endpoint };
}

export type DefineEndpoint = ReturnType<typeof apiEndpoints>['endpoint'];
