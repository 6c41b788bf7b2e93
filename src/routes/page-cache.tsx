// Pages many people open alike, rendered once per change. A page is kept as a template: the
// layout and the body rendered once, with slots where a viewer's own values go (the CSRF token
// in the header and the forms, the name in the header, the flash message), filled in on every
// request. The template is rendered without a viewer: the layout gets slots instead of the name
// and token and only the roles the navigation follows, which are part of the key, so no
// template can carry one user's name or token to another. The route's key names the page and
// what it shows, and makes it change with the data: the audit trail's head (every change
// writes an event) and the minute (countdowns, "late"). The layout's keys are added here.
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { escapeToBuffer, type StringBuffer } from 'hono/utils/html';
import { FlashMessage, Layout } from '../../views/layouts/Layout';
import { trailHead } from '../domain/audit/stamp';
import type { Db } from '../domain/lib/db';
import type { Ctx } from '../http';
import { inParts, type SharedText } from '../middleware/compress';
import { shellProps } from '../shell';

/**
 * The newest `keep` entries per database handle, so apps on different databases (tests, Workers
 * isolates) never share; with `maxWeight`, also no more than that much in all (weights given by
 * `weigh` once known), the oldest going first.
 */
export function newestPerDb<V>(keep: number, maxWeight = Infinity) {
  type Entry = { value: V; weight: number };
  const maps = new WeakMap<Db, { entries: Map<string, Entry>; weight: number }>();
  const of = (db: Db) => {
    let map = maps.get(db);
    if (!map) maps.set(db, (map = { entries: new Map(), weight: 0 }));
    return map;
  };
  const remove = (db: Db, key: string) => {
    const map = maps.get(db);
    const entry = map?.entries.get(key);
    if (!map || !entry) return;
    map.entries.delete(key);
    map.weight -= entry.weight;
  };
  const trim = (db: Db, spare: string) => {
    const map = of(db);
    for (const key of map.entries.keys()) {
      if (map.entries.size <= keep && map.weight <= maxWeight) break;
      if (key !== spare) remove(db, key);
    }
  };
  return {
    get: (db: Db, key: string) => maps.get(db)?.entries.get(key)?.value,
    set(db: Db, key: string, value: V) {
      remove(db, key);
      of(db).entries.set(key, { value, weight: 0 });
      trim(db, key);
    },
    weigh(db: Db, key: string, weight: number) {
      const entry = maps.get(db)?.entries.get(key);
      if (!entry) return;
      of(db).weight += weight - entry.weight;
      entry.weight = weight;
      trim(db, key);
    },
    delete: remove,
  };
}

// Random per process: no text in the database can spell a slot. Letters, digits and dashes
// only, so escaping (in text, attributes and the header's JSON) leaves a slot as it is. Made on
// first use: Workers refuse random values in a module's global scope.
let slotId: string | undefined;
const slotIdOf = () => (slotId ??= crypto.randomUUID());
/** The marker a body renders where a slot goes; `fill` of cachedPage names what fills it. */
export const slot = (name: string) => `slot-${name}-${slotIdOf()}`;
let slots: RegExp | undefined;
const slotPattern = () => (slots ??= new RegExp(`slot-([a-z]+)-${slotIdOf()}`, 'g'));

/**
 * What most pages change with: the trail's head (every change writes an event) and the minute
 * (deadlines, "late", countdowns), as the board's signature does for one crisis.
 */
export const changeSignature = (db: Db, now: Date) =>
  `${trailHead(db)}-${Math.floor(now.getTime() / 60_000)}`;

type Piece = SharedText | { slot: string };
/** The pieces, compressed against what precedes them with tokens `tokenLength` long. */
type Template = { pieces: Piece[]; tokenLength: number };

// Templates in progress are kept too: fifty operators who ask at once wait for one rendering.
// Few and large (a 300-channel report is 0.8 MB of HTML, and grows 0.4 KB with each of its
// crisis's events): the newest 48 per database, 24 million characters of text at most.
const templates = newestPerDb<Promise<Template>>(48, 24 * 1024 * 1024);

export type CachedPage = {
  /** What the page shows and when it changes: the page, its ids, a signature of its data. */
  key: string;
  /** The title and body, asked only when the template is missing; `csrfToken` is the slot its forms carry instead of a token. */
  render: (csrfToken: string) => { title: string; body: Child };
  /** The route's own slots (slot(name) in the body) and what fills them on this request. */
  fill?: Record<string, string | SharedText>;
  /** false: render for this request only (a form with its messages), keep nothing. */
  keep?: boolean;
};

/** The whole page: the kept template of `page.key` (rendered when missing), filled for this viewer. */
export async function cachedPage(c: Ctx, page: CachedPage): Promise<Response> {
  const { db, user, flash, csrfToken } = c.var;
  const { locale, nav, path } = shellProps(c);
  const id = [page.key, locale.lang, user?.roles.join() ?? '-', nav.length, path].join('|');
  let template = page.keep === false ? undefined : templates.get(db, id);
  if (!template) {
    const { title, body } = page.render(slot('token'));
    const html = (
      <Layout
        title={title}
        locale={locale}
        nav={nav}
        path={path}
        user={user && { name: slot('name'), roles: user.roles }}
        csrfToken={slot('token')}
        flash={raw(slot('flash'))}
      >
        {body}
      </Layout>
    );
    template = Promise.resolve(html.toString()).then((text) =>
      split(`<!DOCTYPE html>${text}`, csrfToken.length),
    );
    if (page.keep !== false) {
      templates.set(db, id, template);
      template.then(
        (t) =>
          templates.weigh(
            db,
            id,
            t.pieces.reduce((n, p) => n + ('text' in p ? p.text.length : 0), 0),
          ),
        () => templates.delete(db, id),
      );
    }
  }
  const values: Record<string, string | SharedText> = {
    token: csrfToken,
    name: escape(user?.name ?? ''),
    flash: flash ? String(await (<FlashMessage text={flash} />).toString()) : '',
    ...page.fill,
  };
  const { pieces, tokenLength } = await template;
  // The same page for the same values is the same parts, and the same parts are the same gzip
  // (compress.ts): an operator reloading an unchanged board costs a lookup. The key is every
  // value filled in, so it cannot hand one viewer's page to another.
  const filledKey = flash
    ? null
    : [id, ...Object.entries(values).map(([k, v]) => `${k}=${identity(v)}`)].join('\0');
  const known = filledKey === null ? undefined : filledPages.get(db, filledKey);
  if (known) return inParts(c, known);
  // A token of another length would shift what the pieces' compression refers back to.
  const fits = csrfToken.length === tokenLength;
  const parts = pieces.map((p) => {
    if (!('slot' in p)) return fits ? p : p.text;
    const value = values[p.slot];
    if (value === undefined) throw new Error(`nothing fills the page's slot "${p.slot}"`);
    return value;
  });
  if (filledKey !== null) filledPages.set(db, filledKey, parts);
  return inParts(c, parts);
}

// Pages as filled for their viewers, with their gzip (compress.ts keeps it with the array): the
// newest 256, as many as there are operators reloading a board.
const filledPages = newestPerDb<(string | SharedText)[]>(256);
const ids = new WeakMap<object, number>();
let lastId = 0;
/** A filled-in value as part of a key: text as it is, shared text by which object it is. */
const identity = (v: string | SharedText) => {
  if (typeof v === 'string') return v;
  let n = ids.get(v);
  if (n === undefined) ids.set(v, (n = ++lastId));
  return `#${n}`;
};

const WINDOW = 32 * 1024;
const encoder = new TextEncoder();

/**
 * The template's pieces between its slots. Each piece is compressed against the text before it
 * back to the last slot of varying length (the name, the flash message, the board), with zero
 * bytes where the tokens go: compressed apart, the case page's nine forms cost 70% more bytes.
 */
function split(html: string, tokenLength: number): Template {
  const pieces: Piece[] = [];
  // Text holding a zero byte could match into a token's place: then no piece refers back.
  const refer = !html.includes('\0');
  let context = '';
  const piece = (text: string) => {
    const before = encoder.encode(context.slice(-WINDOW)).subarray(-WINDOW);
    pieces.push(refer && before.length ? { text, dictionary: before } : { text });
    context += text;
  };
  let at = 0;
  for (const m of html.matchAll(slotPattern())) {
    if (m.index > at) piece(html.slice(at, m.index));
    pieces.push({ slot: m[1]! });
    context = m[1] === 'token' ? context + '\0'.repeat(tokenLength) : '';
    at = m.index + m[0].length;
  }
  if (at < html.length) piece(html.slice(at));
  return { pieces, tokenLength };
}

function escape(text: string): string {
  const buffer: StringBuffer = [''];
  escapeToBuffer(text, buffer);
  return buffer[0] as string;
}
