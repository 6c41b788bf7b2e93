// The OpenAPI 3.1 document, built from the endpoint declarations and the very zod schemas that
// validate the requests and shape the answers (z.toJSONSchema), so it cannot drift from them.
import { z } from 'zod';
import { API_BASE, type Endpoint } from './endpoint';
import { apiSchemas } from './fields';

type Json = Record<string, unknown>;

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/** A registered schema by reference, any other one inline. */
function schemaOf(schema: z.ZodType): Json {
  const id = apiSchemas.get(schema)?.id;
  if (id) return ref(id);
  const { $schema: _, ...inline } = z.toJSONSchema(schema, { io: 'input' }) as Json;
  return inline;
}

/** `/api/v1/crises/:id{[0-9]+}` → `/api/v1/crises/{id}` and its path parameters. */
export function openApiPath(path: string): { path: string; params: string[] } {
  const params: string[] = [];
  const converted = path.replace(/:(\w+)(\{[^}]*\})?/g, (_m, name: string) => {
    params.push(name);
    return `{${name}}`;
  });
  return { path: converted, params };
}

const ERRORS: Record<number, string> = {
  400: 'The body is not a JSON object.',
  401: 'No API token, or one that is unknown or revoked (a browser session does not count).',
  403: "The token's user has no role that may do this.",
  404: 'No such crisis, case or hold (in this crisis).',
  409: 'Someone else changed it since the version sent; `current` shows how it stands now.',
  422: 'Invalid fields (`fields` names each), or a step Article 2 refuses (e.g. crisis.gate.notApplicable: Article 2 applies only to major or high-impact crises in which the crisis cell is involved).',
};

function operation(e: Endpoint): Json {
  const { params } = openApiPath(e.path);
  const query = e.query
    ? Object.entries(
        (z.toJSONSchema(e.query, { io: 'input' }).properties ?? {}) as Record<string, Json>,
      )
    : [];
  const statuses = [
    ...(e.body ? [400, 422] : e.query ? [422] : []),
    ...(e.access === 'public' ? [] : [401, 403]),
    ...(e.errors ?? []),
  ].sort((a, b) => a - b);
  const roles = e.access === 'public' ? 'Public.' : `Roles: ${e.access.join(', ')}.`;
  return {
    operationId: e.operationId,
    tags: [e.tag],
    summary: e.summary,
    description: [e.description, roles].filter(Boolean).join('\n\n'),
    security: e.access === 'public' ? [] : [{ apiToken: [] }],
    parameters: [
      ...params.map((name) => ({
        name,
        in: 'path',
        required: true,
        schema: { type: 'integer', minimum: 1 },
      })),
      ...query.map(([name, schema]) => ({ name, in: 'query', required: false, schema })),
    ],
    ...(e.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemaOf(e.body) } },
          },
        }
      : {}),
    responses: {
      [e.status ?? 200]: {
        description: 'Done.',
        content: { 'application/json': { schema: schemaOf(e.response) } },
      },
      ...Object.fromEntries(
        [...new Set(statuses)].map((s) => [
          s,
          {
            description: ERRORS[s],
            content: { 'application/json': { schema: ref('Error') } },
          },
        ]),
      ),
    },
  };
}

export function openApiDocument(endpoints: Endpoint[]): Json {
  const { schemas } = z.toJSONSchema(apiSchemas, {
    io: 'input',
    uri: (id) => `#/components/schemas/${id}`,
  });
  const components = Object.fromEntries(
    Object.entries(schemas).map(([id, s]) => {
      const { $schema: _s, $id: _i, ...rest } = s as Json;
      return [id, rest];
    }),
  );
  const paths: Record<string, Json> = {};
  for (const e of endpoints) {
    const { path } = openApiPath(API_BASE + e.path);
    paths[path] = { ...paths[path], [e.method]: operation(e) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Crisis Takeover Console API',
      version: '1',
      description: [
        "The crisis and Article 2 takeover actions of the console, for the city's other crisis tools. Every call",
        'runs the same rules and records the same audit events as the screens, in the name of the user the token',
        'was created for (by Communicatie, on the page /api-tokens). Send `Authorization: Bearer <token>`.',
        "Messages come in that user's language. Times are ISO 8601 instants with a zone. Steps that change a case,",
        'crisis or hold carry the `version` last read; if someone else changed it since, the answer is 409.',
      ].join(' '),
    },
    tags: [
      { name: 'crises', description: 'Crises, the crisis cell, affected channels and the board.' },
      { name: 'cases', description: 'One takeover case per channel: Article 2 step by step.' },
      { name: 'meta', description: 'This document.' },
    ],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        apiToken: { type: 'http', scheme: 'bearer', description: 'An API token (ctc_...).' },
      },
    },
  };
}
