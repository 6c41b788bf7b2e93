// Request fields of the JSON API. They wrap the form fields of src/validation.ts (same trimming,
// lengths, refusal of control characters, same messages) with what JSON needs: real numbers and
// booleans, null for "not given", and instants in ISO 8601 with a zone instead of the Brussels
// wall-clock time a datetime-local input sends. The metadata ends up in the OpenAPI document.
import { z } from 'zod';
import { f } from '../../validation';

/** The schemas the OpenAPI document names (components.schemas), by id. */
export const apiSchemas = z.registry<{ id: string; description?: string }>();

export function named<S extends z.ZodType>(id: string, schema: S, description?: string): S {
  (schema as z.ZodType).register(apiSchemas, { id, description });
  return schema;
}

const lineMeta = (max: number, description?: string) => ({ maxLength: max, description });

/** Fields the domain checks for content: the key is required, and "" gets the domain's own message. */
const checkedByDomain = (
  inner: z.ZodType<string | null, unknown>,
  max: number,
  description?: string,
) =>
  z
    .string({ error: 'field.required' })
    .pipe(inner as z.ZodType<string | null, string>)
    .transform((s) => s ?? '')
    .meta(lineMeta(max, description));

export const j = {
  id: () => z.int({ error: 'field.number' }).positive({ error: 'field.number' }),
  version: () =>
    j.id().meta({
      description:
        'The version the client last read; a newer one means someone else changed it (409).',
    }),
  text: (max: number, description?: string) => f.text(max).meta(lineMeta(max, description)),
  /** Single line, may be absent, null or empty: null. */
  optionalText: (max: number, description?: string) =>
    f
      .optionalText(max)
      .nullable()
      .optional()
      .transform((s) => s ?? null)
      .meta(lineMeta(max, description)),
  /** Multi-line, may be absent, null or empty: "". */
  optionalLongText: (max: number, description?: string) =>
    f
      .optionalLongText(max)
      .nullable()
      .optional()
      .transform((s) => s ?? '')
      .meta(lineMeta(max, description)),
  line: (max: number, description?: string) =>
    checkedByDomain(f.optionalText(max), max, description),
  lines: (max: number, description?: string) =>
    checkedByDomain(f.optionalLongText(max), max, description),
  choice: f.choice,
  flag: () =>
    z
      .boolean({ error: 'field.invalid' })
      .optional()
      .transform((b) => b ?? false),
  /** An instant: RFC 3339 / ISO 8601 with Z or an offset, e.g. 2026-11-25T14:05:00+01:00. */
  instant: (description?: string) =>
    z.iso
      .datetime({ offset: true, error: 'field.isoDatetime' })
      .transform((s) => new Date(s))
      .meta({ description }),
  optionalInstant: (description?: string) =>
    j
      .instant(description)
      .nullable()
      .optional()
      .transform((d) => d ?? null),
};
