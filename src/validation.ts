// Form input → typed values, or messages in the user's language. Every text field is trimmed,
// length-limited and refused when it carries control characters or bidirectional overrides
// (which make a name read differently on screen than in the audit).
import { z } from 'zod';
import { formFields, type Ctx, type FormFields } from './http';
import type { MessageKey } from './i18n';
import { readBrusselsLocal } from './i18n/format';

const CONTROL =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]/;
const CONTROL_SINGLE_LINE = /[\n\r\t]/;

function textField(max: number, multiline: boolean) {
  return z
    .string({ error: 'field.required' })
    .transform((s) => s.replace(/\r\n/g, '\n').trim().normalize('NFC'))
    .refine((s) => !CONTROL.test(s) && (multiline || !CONTROL_SINGLE_LINE.test(s)), {
      error: 'field.controlChars',
    })
    .refine((s) => s.length <= max, { error: 'field.tooLong', params: { max } });
}

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const f = {
  /** Required single-line text. */
  text: (max = 200) =>
    textField(max, false).refine((s) => s.length > 0, { error: 'field.required' }),
  /** Optional single-line text: empty becomes null. */
  optionalText: (max = 200) =>
    z.preprocess(emptyToUndefined, textField(max, false).optional()).transform((s) => s ?? null),
  /** Required multi-line text. */
  longText: (max = 4000) =>
    textField(max, true).refine((s) => s.length > 0, { error: 'field.required' }),
  optionalLongText: (max = 4000) =>
    z.preprocess(emptyToUndefined, textField(max, true).optional()).transform((s) => s ?? ''),
  email: () =>
    f
      .text(254)
      .pipe(z.email({ error: 'field.email' }))
      .transform((s) => s.toLowerCase()),
  optionalEmail: () =>
    z.preprocess(emptyToUndefined, f.email().optional()).transform((s) => s ?? null),
  choice: <const T extends readonly [string, ...string[]]>(values: T) =>
    z.enum(values, { error: 'field.choice' }),
  /** Checkbox groups: absent → [], one value → [value]. */
  choices: <const T extends readonly [string, ...string[]]>(values: T) =>
    z.preprocess(
      (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
      z.array(z.enum(values, { error: 'field.choice' })),
    ),
  checkbox: () => z.preprocess((v) => v === 'on' || v === 'true' || v === '1', z.boolean()),
  /** <input type="datetime-local"> read as Europe/Brussels time → Date (UTC instant). */
  datetime: () =>
    z
      .string({ error: 'field.required' })
      .trim()
      .min(1, { error: 'field.required' })
      .transform((s, ctx) => {
        const read = readBrusselsLocal(s);
        if (!read.ok && read.reason !== 'invalid') {
          // The clocks skip or repeat this time: say so instead of guessing an hour.
          const message =
            read.reason === 'nonexistent' ? 'field.datetimeSkipped' : 'field.datetimeRepeated';
          ctx.addIssue({ code: 'custom', message, params: { time: s.slice(11) } });
          return z.NEVER;
        }
        const d = read.ok ? read.date : null;
        if (!d || d.getUTCFullYear() < 2000 || d.getUTCFullYear() > 2100) {
          ctx.addIssue({ code: 'custom', message: 'field.datetime' });
          return z.NEVER;
        }
        return d;
      }),
  optionalDatetime: () =>
    z.preprocess(emptyToUndefined, f.datetime().optional()).transform((d) => d ?? null),
  /** <input type="date"> → "YYYY-MM-DD". */
  date: () =>
    z
      .string({ error: 'field.required' })
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'field.date' })
      .refine(
        (s) =>
          !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
          new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
        { error: 'field.date' },
      ),
  optionalDate: () =>
    z.preprocess(emptyToUndefined, f.date().optional()).transform((s) => s ?? null),
  id: () =>
    z.coerce
      .number({ error: 'field.number' })
      .int({ error: 'field.number' })
      .positive({ error: 'field.number' }),
};

export type FieldErrors = Record<string, string>;
export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

function messageFor(ctx: Ctx, issue: z.core.$ZodIssue): string {
  const { t } = ctx.var;
  const key = issue.message;
  if (key.startsWith('field.')) {
    const params = (issue as { params?: Record<string, string | number> }).params;
    return t(key as MessageKey, params);
  }
  switch (issue.code) {
    case 'too_big':
      return t('field.tooLong', { max: Number(issue.maximum) });
    case 'too_small':
      return t('field.required');
    case 'invalid_value':
      return t('field.choice');
    case 'invalid_type':
      return issue.input === undefined ? t('field.required') : t('field.invalid');
    default:
      return t('field.invalid');
  }
}

/** Checks `input` against `schema`; the first problem per field, translated. */
export function parseWith<S extends z.ZodType>(
  c: Ctx,
  schema: S,
  input: unknown,
): Parsed<z.output<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '_form');
    errors[field] ??= messageFor(c, issue);
  }
  return { ok: false, errors };
}

/** The submitted form (repeated fields as arrays), minus the CSRF token. */
export async function formBody(c: Ctx): Promise<FormFields> {
  const { _csrf, ...fields } = await formFields(c);
  return fields;
}

export async function parseForm<S extends z.ZodType>(c: Ctx, schema: S) {
  const values = await formBody(c);
  return { values, ...parseWith(c, schema, values) };
}
