// The ONE table of hostile values the input suite drives over every form field, the sensible
// defaults the other fields keep meanwhile, and the encoding of a submission (raw bytes
// included, for invalid UTF-8 that no browser would send but an attacker can).
import type { FieldKind, FormField, PageForm } from './forms';

/** A field's submitted value: text, repeated text, raw bytes, or left out altogether. */
export type Value = string | string[] | { raw: Buffer } | { omit: true };

export type Payload = { cls: string; value: Value };

const bytes = (...b: number[]) => ({ raw: Buffer.from(b) });

// Per class a few variants; the suite tries every class on every form and rotates the variants.
export const PAYLOADS: Record<string, Value[]> = {
  empty: ['', '   '],
  tooLong: ['x'.repeat(10_241), `${'Lange naam '.repeat(2000)}einde`],
  control: ['a\u0000b', 'regel\u0007\u001b[31m', 'tab\tnaar\r\nvolgende', '\uFEFFbom', '\uFFFF'],
  html: [
    '<script>alert("xss")</script>',
    '"><img src=x onerror=alert(1)>',
    'javascript:alert(1)',
    "'><svg onload=alert(1)>",
  ],
  sql: [
    "' OR '1'='1",
    '1; DROP TABLE users; --',
    "Robert'); DELETE FROM audit_events;--",
    '1 UNION SELECT password_hash FROM users',
  ],
  invalidUtf8: [
    bytes(0xff, 0xfe, 0x41),
    bytes(0xc3, 0x28),
    bytes(0xed, 0xa0, 0x80),
    { raw: Buffer.from('%FF%FE%C3%28', 'latin1') },
  ],
  oddUnicode: ['\u202Eevil.exe', 'Naam \u2066geïsoleerd\u2069', '🚨🔥 Storm 🌊', 'Z̷a̷l̷g̷o̷', 'ﬁ ﷺ 𝕏'],
  wrongType: [
    'abc',
    '-1',
    '0',
    '1.5',
    '1e309',
    'NaN',
    '9007199254740993',
    '0x10',
    '[object Object]',
  ],
  badDate: [
    '2026-02-30T10:00',
    '2026-11-25T25:61',
    '1899-12-31T23:59',
    '275760-09-13T00:00',
    '2026-11-25',
    'morgen',
    '2026-13-45',
  ],
  unknownEnum: ['not_a_choice', 'PHONE', '__proto__', 'constructor'],
  repeated: [
    ['eerste', 'tweede'],
    ['', ''],
    ['1', '2'],
  ],
  omitted: [{ omit: true }],
};

export const CLASSES = Object.keys(PAYLOADS);

/** Values a field keeps while another field is under test: what a user would sensibly send. */
export function defaultValue(field: FormField, n: number, today: string, now: string): Value {
  if (field.kind === 'checkbox') {
    if (field.value) return field.value;
    // A group of checkboxes with none ticked (roles, channels): tick the first, as a user would.
    return field.multiple || field.options.length > 1 ? (field.options[0] ?? '') : { omit: true };
  }
  if (field.value !== '') return field.value;
  const byKind: Partial<Record<FieldKind, string>> = {
    email: `invoer${n}@test.invalid`,
    password: 'een voldoende lang wachtwoord',
    tel: '+32 470 12 34 56',
    url: 'https://example.invalid/bericht',
    number: '1',
    date: today,
    'datetime-local': now,
    select: field.options.find((o) => o !== '') ?? '',
    hidden: '',
    file: '',
  };
  return byKind[field.kind] ?? `Testwaarde ${n} voor het formulier`;
}

const enc = encodeURIComponent;

/** The body and content type of a submission, with the session's CSRF token. */
export function encode(
  form: PageForm,
  csrf: string,
  values: Map<string, Value>,
): { body: Buffer; type: string } {
  if (!form.multipart) {
    const parts: Buffer[] = [Buffer.from(`_csrf=${enc(csrf)}`)];
    for (const [name, value] of values) {
      if (typeof value === 'object' && 'omit' in value) continue;
      if (typeof value === 'object' && 'raw' in value)
        parts.push(Buffer.from(`&${enc(name)}=`), value.raw);
      else for (const v of [value].flat()) parts.push(Buffer.from(`&${enc(name)}=${enc(v)}`));
    }
    return { body: Buffer.concat(parts), type: 'application/x-www-form-urlencoded' };
  }
  const boundary = '----hostile-input-boundary';
  const parts: Buffer[] = [];
  const part = (name: string, content: Buffer, file: boolean) =>
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${file ? '; filename="register.csv"\r\nContent-Type: text/csv' : ''}\r\n\r\n`,
      ),
      content,
      Buffer.from('\r\n'),
    );
  part('_csrf', Buffer.from(csrf), false);
  for (const [name, value] of values) {
    if (typeof value === 'object' && 'omit' in value) continue;
    const file = form.fields.find((f) => f.name === name)?.kind === 'file';
    if (typeof value === 'object' && 'raw' in value) part(name, value.raw, file);
    else for (const v of [value].flat()) part(name, Buffer.from(v), file);
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

/** Markup that must never come back unescaped from anything a user typed. */
export const RAW_MARKUP = [
  /<script>alert/i,
  /<img src=x onerror/i,
  /<svg onload/i,
  /href="javascript:/i,
];
