// The OpenAPI document: public, complete (every /api/v1 route the app registers), and made of the
// schemas that validate the requests — what it calls required is what a request is refused without.
import { describe, expect, it } from 'vitest';
import { openApiPath } from '../src/routes/api/openapi';
import { apiAs } from './fixtures/api-client';
import { setup } from './helpers';

type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        requestBody?: { content: Record<string, { schema: { $ref: string } }> };
        security: unknown[];
      }
    >
  >;
  components: {
    schemas: Record<
      string,
      { required?: string[]; properties?: Record<string, unknown>; additionalProperties?: boolean }
    >;
  };
};

async function load() {
  const t = await setup();
  const res = await t.app.request('/api/v1/openapi.json');
  return { t, res, doc: (await res.json()) as Doc };
}

const component = (doc: Doc, ref: string) =>
  doc.components.schemas[ref.replace('#/components/schemas/', '')]!;

describe('the OpenAPI document', () => {
  it('is public JSON in OpenAPI 3.1 and asks a token for everything else', async () => {
    const { res, doc } = await load();
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(doc.openapi).toBe('3.1.0');
    const secured = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.values(ops).map((op) => [path, op.security.length > 0] as const),
    );
    expect(secured.filter(([, s]) => !s).map(([p]) => p)).toEqual(['/api/v1/openapi.json']);
  });

  it('lists every /api/v1 route the app registers, and no other', async () => {
    const { t, doc } = await load();
    const registered = t.app.routes
      .filter((r) => r.path.startsWith('/api/v1') && r.method !== 'ALL')
      .map((r) => `${r.method} ${openApiPath(r.path).path}`);
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(new Set(registered).size).toBeGreaterThanOrEqual(15);
    expect([...new Set(registered)].sort()).toEqual(documented.sort());
  });

  it('resolves every schema reference', async () => {
    const { doc } = await load();
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) expect(component(doc, ref), ref).toBeDefined();
  });

  it('calls required exactly the fields a request is refused without, and refuses the fields it does not list', async () => {
    const { t, doc } = await load();
    const api = await apiAs(t, ['crisis_operator']);
    for (const [path, ops] of Object.entries(doc.paths)) {
      const body = ops.post?.requestBody?.content['application/json']?.schema;
      if (!body) continue;
      const schema = component(doc, body.$ref);
      expect(schema.additionalProperties, path).toBe(false);
      const url = path.replace(/\{\w+\}/g, '1');
      const empty = await api.post(url, {});
      expect(empty.status, path).toBe(422);
      expect(Object.keys(empty.body.fields).sort(), path).toEqual(
        [...(schema.required ?? [])].sort(),
      );
      const extra = await api.post(url, { notInTheSchema: 1 });
      expect(extra.body.fields.notInTheSchema, path).toBe('Onbekend veld.');
    }
  });
});
