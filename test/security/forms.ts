// Reads the POST forms of a rendered page the way a browser would submit them: fields by name
// with their type, current value and (for selects, radios, checkboxes) the offered options. The
// markup is our own hono/jsx output (attributes always double-quoted), so regular expressions
// over it are enough; anything they do not recognise makes the hostile-input suite fail loudly.
export type FieldKind =
  | 'hidden'
  | 'text'
  | 'email'
  | 'password'
  | 'number'
  | 'tel'
  | 'url'
  | 'search'
  | 'date'
  | 'datetime-local'
  | 'time'
  | 'checkbox'
  | 'radio'
  | 'select'
  | 'textarea'
  | 'file';

export type FormField = {
  name: string;
  kind: FieldKind;
  value: string;
  options: string[];
  multiple: boolean;
};

export type PageForm = {
  action: string;
  multipart: boolean;
  fields: FormField[];
  /** "POST /crises/:n/cases/:n/attempts ownerId,means,..." — the same form on any page or id. */
  key: string;
};

const KINDS = new Set<string>([
  'hidden',
  'text',
  'email',
  'password',
  'number',
  'tel',
  'url',
  'search',
  'date',
  'datetime-local',
  'time',
  'checkbox',
  'radio',
  'file',
]);

export const decodeEntities = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');

const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}(?:="([^"]*)")?(?=[\\s/>])`).exec(tag);
  return m ? decodeEntities(m[1] ?? '') : undefined;
};

function fieldsOf(body: string): FormField[] {
  const byName = new Map<string, FormField>();
  const add = (name: string, kind: FieldKind, value: string, option?: string, chosen = false) => {
    const f = byName.get(name) ?? { name, kind, value: '', options: [], multiple: false };
    if (byName.has(name) && kind === 'checkbox') f.multiple = true;
    if (option !== undefined && !f.options.includes(option)) f.options.push(option);
    if (chosen || (kind !== 'checkbox' && kind !== 'radio' && !byName.has(name))) f.value = value;
    byName.set(name, f);
  };
  for (const [tag] of body.matchAll(/<input\b[^>]*>/g)) {
    const name = attr(tag, 'name');
    if (!name || name === '_csrf') continue;
    const type = (attr(tag, 'type') ?? 'text').toLowerCase();
    if (type === 'submit' || type === 'button' || type === 'reset') continue;
    if (!KINDS.has(type)) throw new Error(`unknown input type "${type}" for ${name}`);
    const value = attr(tag, 'value') ?? (type === 'checkbox' || type === 'radio' ? 'on' : '');
    const checked = attr(tag, 'checked') !== undefined;
    if (type === 'checkbox' || type === 'radio')
      add(name, type, checked ? value : '', value, checked);
    else add(name, type as FieldKind, value);
  }
  for (const [, open, inner] of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const name = attr(`${open!} `, 'name');
    if (!name) continue;
    const options = [...inner!.matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/g)].map(
      ([, a, text]) => ({
        value: attr(`${a!} `, 'value') ?? decodeEntities(text!),
        selected: attr(`${a!} `, 'selected') !== undefined,
      }),
    );
    const chosen =
      options.find((o) => o.selected) ?? options.find((o) => o.value !== '') ?? options[0];
    byName.set(name, {
      name,
      kind: 'select',
      value: chosen?.value ?? '',
      options: options.map((o) => o.value),
      multiple: attr(`${open!} `, 'multiple') !== undefined,
    });
  }
  for (const [, open, inner] of body.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    const name = attr(`${open!} `, 'name');
    if (name)
      byName.set(name, {
        name,
        kind: 'textarea',
        value: decodeEntities(inner!),
        options: [],
        multiple: false,
      });
  }
  // A named submit button sends its value (e.g. "verify" vs "save").
  for (const [tag] of body.matchAll(/<button\b[^>]*>/g)) {
    const name = attr(tag, 'name');
    if (name && !byName.has(name))
      byName.set(name, {
        name,
        kind: 'hidden',
        value: attr(tag, 'value') ?? '',
        options: [],
        multiple: false,
      });
  }
  return [...byName.values()];
}

/** Every <form method="post"> on the page. */
export function postForms(html: string, pagePath: string): PageForm[] {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].flatMap(([, open, body]) => {
    const tag = `${open!} `;
    if ((attr(tag, 'method') ?? 'get').toLowerCase() !== 'post') return [];
    const action = attr(tag, 'action') || pagePath;
    const fields = fieldsOf(body!);
    const shape = action
      .split('#')[0]!
      .split('?')[0]!
      .replace(/\/\d+(?=\/|$)/g, '/:n');
    return [
      {
        action,
        multipart: (attr(tag, 'enctype') ?? '').includes('multipart'),
        fields,
        key: `POST ${shape} ${fields
          .map((f) => f.name)
          .sort()
          .join(',')}`,
      },
    ];
  });
}
