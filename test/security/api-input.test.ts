// Hostile input on the JSON API: every POST endpoint the app registers, its fields read from the
// OpenAPI document the app serves, each field given wrong JSON types and the text payloads of
// payloads.ts, and each body broken as a whole. Never a 500; a refusal is JSON with a Dutch
// message and writes nothing.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { pathsFor } from '../fixtures/scenario';
import { loadCatalogue, unclear } from './messages';
import { PAYLOADS } from './payloads';
import { cloneWorld, fingerprint, totalChanges, type Clone } from './world';

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  enum?: unknown[];
  format?: string;
  items?: Schema;
  $ref?: string;
  anyOf?: Schema[];
};

let catalogue: Awaited<ReturnType<typeof loadCatalogue>>;
beforeAll(async () => {
  vi.spyOn(console, 'log').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
  catalogue = await loadCatalogue();
});

/** A plausible value for a schema, so that only the field under test is wrong. */
function sample(s: Schema, doc: { components: { schemas: Record<string, Schema> } }): unknown {
  if (s.$ref) return sample(doc.components.schemas[s.$ref.split('/').pop()!]!, doc);
  if (s.anyOf) return sample(s.anyOf[0]!, doc);
  if (s.enum) return s.enum[0];
  const type = [s.type].flat()[0];
  if (type === 'object')
    return Object.fromEntries(
      Object.entries(s.properties ?? {}).map(([k, v]) => [k, sample(v, doc)]),
    );
  if (type === 'array') return [sample(s.items ?? {}, doc)];
  if (type === 'integer' || type === 'number') return 1;
  if (type === 'boolean') return false;
  if (s.format === 'date-time') return '2026-11-25T12:30:00.000Z';
  return 'Testwaarde voor de API';
}

const JSON_WRONG: unknown[] = [
  null,
  true,
  -1,
  1.5,
  1e308,
  [],
  {},
  ['a', 'b'],
  { $ne: null },
  '2026-02-30T25:61:00Z',
  'x'.repeat(70_000),
];
const TEXT = [
  ...PAYLOADS.html!,
  ...PAYLOADS.sql!,
  ...PAYLOADS.control!,
  ...PAYLOADS.oddUnicode!,
  ...PAYLOADS.unknownEnum!,
].filter((v): v is string => typeof v === 'string');
const BROKEN_BODIES: (string | Buffer)[] = [
  '',
  'null',
  '[]',
  '"tekst"',
  '{',
  '{"a":',
  '{"a":1,"a":2}',
  `${'['.repeat(5000)}${']'.repeat(5000)}`,
  Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
];

// Hundreds of requests each: generous on a loaded two-core machine.
const HEAVY = 120_000;

describe('hostile input on the JSON API', () => {
  let w: Clone;
  let doc: {
    paths: Record<
      string,
      Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>
    >;
    components: { schemas: Record<string, Schema> };
  };
  beforeAll(async () => {
    w = await cloneWorld();
    doc = JSON.parse((await w.as.anonymous.get('/api/v1/openapi.json')).text_);
  });

  it(
    'answers wrong types, hostile text and broken bodies with a clear refusal that wrote nothing, never a 500',
    async () => {
      const problems: string[] = [];
      const routes = [
        ...new Set(
          w.app.routes
            .filter((r) => r.method === 'POST' && r.path.startsWith('/api/'))
            .map((r) => r.path),
        ),
      ];
      expect(routes.length).toBeGreaterThan(5);
      for (const pattern of routes) {
        const documented = doc.paths[pattern.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}')]?.post;
        const schema = documented?.requestBody?.content['application/json']?.schema;
        if (!schema) {
          problems.push(`${pattern}: no request body in the OpenAPI document`);
          continue;
        }
        const valid = sample(schema, doc) as Record<string, unknown>;
        // Rotated so that every broken body and wrong value is met on some endpoint, and every field
        // gets four of them: the whole table on every field would take too long.
        const k = routes.indexOf(pattern);
        const pick = <T>(list: T[], i: number, n: number) =>
          Array.from({ length: n }, (_, j) => list[(i * n + j) % list.length]!);
        const bodies: [string, string | Buffer][] = pick(BROKEN_BODIES, k, 3).map((b) => [
          `broken body ${String(b).slice(0, 20)}`,
          b,
        ]);
        Object.keys(valid).forEach((field, i) => {
          for (const bad of [...pick(JSON_WRONG, k + i, 3), TEXT[(k + i) % TEXT.length]]) {
            bodies.push([
              `${field}=${JSON.stringify(bad).slice(0, 30)}`,
              JSON.stringify({ ...valid, [field]: bad }),
            ]);
          }
          bodies.push([`${field} left out`, JSON.stringify({ ...valid, [field]: undefined })]);
        });
        bodies.push(['unknown field', JSON.stringify({ ...valid, isAdmin: true })]);
        for (const path of pathsFor(w.world, pattern, true)) {
          for (const [what, body] of bodies) {
            const before = totalChanges(w.sqlite);
            const res = await w.as.anonymous.request(path, {
              method: 'POST',
              body,
              headers: {
                Authorization: `Bearer ${w.world.tokens.communicatie}`,
                'Content-Type': 'application/json',
                Cookie: '',
              },
            });
            const where = `${pattern} ${what}`;
            if (res.status >= 500) problems.push(`${where}: ${res.status}`);
            else if (res.status >= 400) {
              const why = unclear(catalogue, res.text_, res.headers.get('Content-Type') ?? '');
              if (why) problems.push(`${where}: ${res.status} ${why}`);
              if (totalChanges(w.sqlite) !== before && fingerprint(w.sqlite) !== w.pristine.print)
                problems.push(`${where}: ${res.status} but wrote`);
            }
            if (totalChanges(w.sqlite) !== before) w = { ...(await cloneWorld()) };
          }
        }
      }
      expect(problems).toEqual([]);
    },
    HEAVY,
  );
});
