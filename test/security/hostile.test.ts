// Hostile input, driven from ONE table of payloads (payloads.ts) over every form the console
// renders (discovered from the app's routes, not listed here). Each submission must end in a
// redirect (accepted) or a clear Dutch message that wrote nothing; never a 500. Whatever was
// accepted must come back escaped on every page afterwards.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { toBrusselsLocal } from '../../src/i18n/format';
import type { Res } from '../helpers';
import { discoverForms, pagePaths, type Found } from './discover';
import { postForms, type FormField } from './forms';
import { loadCatalogue, unclear } from './messages';
import { CLASSES, PAYLOADS, RAW_MARKUP, defaultValue, encode, type Value } from './payloads';
import { cloneWorld, fingerprint, rowCounts, totalChanges, type Clone } from './world';

type Catalogue = Awaited<ReturnType<typeof loadCatalogue>>;
let catalogue: Catalogue;
let forms: Found[];
let n = 0;

beforeAll(async () => {
  vi.spyOn(console, 'log').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
  catalogue = await loadCatalogue();
  forms = await discoverForms(await cloneWorld());
});

function defaults(w: Clone, fields: FormField[]): Map<string, Value> {
  n += 1;
  const now = toBrusselsLocal(w.config.now());
  return new Map(fields.map((f) => [f.name, defaultValue(f, n, now.slice(0, 10), now)]));
}

async function submit(w: Clone, found: Found, values: Map<string, Value>): Promise<Res> {
  const b = w.as[found.viewer];
  const { body, type } = encode(found.form, b.csrf, values);
  return b.request(found.form.action, { method: 'POST', body, headers: { 'Content-Type': type } });
}

// A failed sign-in or second-factor code is written down on purpose (audit event, throttle): the
// only refusals that write.
const WRITES_WHEN_REFUSED = new Set([
  'POST /sign-in email,next,password',
  'POST /second-factor/totp/confirm code,next',
]);
// Forms that end what the others need (the session, the crisis, a channel): tried last.
const ENDING = /\/(sign-out|close|archive|revoke|end|end-others)\b/;

/**
 * The problems with one answer: a fault, an unclear refusal, or a refusal that wrote. `before` is
 * the connection's change count before the request; the clone was pristine then.
 */
function judge(w: Clone, found: Found, what: string, res: Res, before: number): string[] {
  const where = `${found.form.key} ${what}`;
  if (res.status >= 500) return [`${where}: ${res.status}`];
  if (res.status < 400) return [];
  const problems: string[] = [];
  const why = unclear(catalogue, res.text_, res.headers.get('Content-Type') ?? '');
  if (why) problems.push(`${where}: ${res.status} without a clear message (${why})`);
  if (totalChanges(w.sqlite) !== before && fingerprint(w.sqlite) !== w.pristine.print) {
    const after = rowCounts(w.sqlite);
    const wrote = Object.keys(after).filter((t) => after[t] !== w.pristine.counts[t]);
    if (!WRITES_WHEN_REFUSED.has(found.form.key) || wrote.some((t) => t !== 'audit_events')) {
      problems.push(`${where}: ${res.status} but wrote (${wrote.join(', ') || 'updated rows'})`);
    }
  }
  return problems;
}

/** Which payload class goes into which field: every class on every form, two per field. */
function schedule(
  fields: FormField[],
  formIndex: number,
): { field: FormField; cls: string; variant: number }[] {
  if (!fields.length) return [];
  const plan = new Map<string, { field: FormField; cls: string; variant: number }>();
  const add = (j: number, c: number) => {
    const field = fields[j % fields.length]!;
    const cls = CLASSES[c % CLASSES.length]!;
    plan.set(`${field.name}|${cls}`, { field, cls, variant: formIndex + j + c });
  };
  fields.forEach((_, j) => {
    for (let r = 0; r < 2; r++) add(j, j * 2 + r + formIndex);
  });
  CLASSES.forEach((_, c) => {
    if (![...plan.values()].some((p) => p.cls === CLASSES[c])) add(c + formIndex, c);
  });
  return [...plan.values()];
}

// Hundreds of requests each: generous on a loaded two-core machine.
const HEAVY = 120_000;

describe('hostile input on every form', () => {
  it('finds the forms of every part of the console', () => {
    const actions = forms.map((f) => f.form.key.split(' ')[1]);
    for (const part of [
      '/sign-in',
      '/users',
      '/channels',
      '/owners',
      '/departments',
      '/registry/import',
      '/crises',
      '/crises/:n/cases/:n/attempts',
      '/crises/:n/holds/:n/release',
      '/mine/cases/:n/reply',
      '/audit/export.csv',
    ]) {
      expect(actions, `a form posting to ${part}`).toContain(part);
    }
  });

  it(
    'answers every payload class in every field with a redirect or a clear Dutch message that wrote nothing, never a 500',
    async () => {
      const problems: string[] = [];
      const tried = new Map<string, Set<string>>();
      let w = await cloneWorld();
      let dirty = false;
      for (const [i, found] of forms.entries()) {
        for (const { field, cls, variant } of schedule(found.form.fields, i)) {
          if (dirty) {
            w = await cloneWorld();
            dirty = false;
          }
          const variants = PAYLOADS[cls]!;
          const values = defaults(w, found.form.fields);
          values.set(field.name, variants[variant % variants.length]!);
          const before = totalChanges(w.sqlite);
          const res = await submit(w, found, values);
          problems.push(...judge(w, found, `${field.name}=${cls}`, res, before));
          // Anything written or remembered (accepted, a failed sign-in on record, a language
          // cookie): start again from the seed.
          if (res.status < 400 || totalChanges(w.sqlite) !== before) dirty = true;
          tried.set(found.form.key, (tried.get(found.form.key) ?? new Set()).add(cls));
        }
      }
      expect(problems).toEqual([]);
      // Every form with fields met every payload class.
      for (const found of forms.filter((f) => f.form.fields.length))
        expect([...tried.get(found.form.key)!].sort()).toEqual([...CLASSES].sort());
    },
    HEAVY,
  );

  it(
    'survives unknown and prototype-polluting field names and a double submission of every form',
    async () => {
      const problems: string[] = [];
      for (const found of forms) {
        const w = await cloneWorld();
        const junk = defaults(w, found.form.fields);
        for (const name of ['__proto__', 'constructor', 'prototype', 'x'.repeat(300)])
          junk.set(name, 'onverwacht');
        const before = totalChanges(w.sqlite);
        problems.push(...judge(w, found, 'unknown fields', await submit(w, found, junk), before));

        // The same form sent twice, as a double click would: the second may not repeat a transition.
        const w2 = await cloneWorld();
        const values = defaults(w2, found.form.fields);
        const first = await submit(w2, found, values);
        if (first.status >= 400) continue;
        const print = fingerprint(w2.sqlite);
        const second = await submit(w2, found, values);
        if (second.status >= 500)
          problems.push(`${found.form.key} second submission: ${second.status}`);
        const versioned = found.form.fields.some((f) => f.name === 'version');
        if (versioned && fingerprint(w2.sqlite) !== print)
          problems.push(`${found.form.key}: the same version was applied twice`);
      }
      expect(problems).toEqual([]);
    },
    HEAVY,
  );

  it(
    'renders every accepted text escaped: no page shows raw markup afterwards',
    async () => {
      const w = await cloneWorld();
      const html = PAYLOADS.html!.filter((v): v is string => typeof v === 'string');
      let accepted = 0;
      const ordered = [...forms].sort(
        (a, b) => Number(ENDING.test(a.form.action)) - Number(ENDING.test(b.form.action)),
      );
      for (const found of ordered) {
        let form = found.form;
        for (const [j, field] of found.form.fields.entries()) {
          if (
            ![
              'text',
              'textarea',
              'search',
              'url',
              'tel',
              'email',
              'password',
              'hidden',
              'select',
            ].includes(field.kind)
          )
            continue;
          const values = defaults(w, form.fields);
          values.set(field.name, html[j % html.length]!);
          const res = await submit(w, { ...found, form }, values);
          expect(res.status, `${form.key} ${field.name}`).toBeLessThan(500);
          if (res.status >= 400) continue;
          accepted += 1;
          // The form again as it is now (a new version, or gone once its step is done).
          const page = await w.as[found.viewer].get(found.page);
          const again = postForms(page.text_, found.page).find((f) => f.key === found.form.key);
          if (!again) break;
          form = again;
        }
      }
      expect(accepted).toBeGreaterThan(20);
      const raw: string[] = [];
      let escaped = 0;
      for (const page of pagePaths(w)) {
        for (const viewer of ['communicatie', 'crisis_operator', 'owner', 'otherOwner'] as const) {
          const res = await w.as[viewer].get(page);
          expect(res.status, `${page} as ${viewer}`).toBeLessThan(500);
          // Only HTML is rendered by a browser; the CSV export is a download (nosniff, attachment).
          if (!(res.headers.get('Content-Type') ?? '').startsWith('text/html')) continue;
          for (const re of RAW_MARKUP)
            if (re.test(res.text_)) raw.push(`${page} as ${viewer}: ${re}`);
          if (res.text_.includes('&lt;script&gt;alert')) escaped += 1;
        }
      }
      expect(raw).toEqual([]);
      expect(escaped, 'pages showing the accepted markup as text').toBeGreaterThan(0);
    },
    HEAVY,
  );
});
