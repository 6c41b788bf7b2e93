// JSON API for the city's other crisis tools, mounted at /api/v1 (API_BASE; issue 4). The page
// on which Communicatie manages its tokens is routes/api/tokens.tsx (/api-tokens).
//
// The OpenAPI document is public: it holds no data, only the shape of requests and answers (the
// policy's rules are public too), and a tool's developers need it before anyone gives them a
// token. It is declared before the token middleware, so that middleware never runs for it.
import { Hono } from 'hono';
import { z } from 'zod';
import { ok } from '../domain/lib/result';
import type { AppEnv } from '../env';
import { apiTokenAuth } from '../middleware/api-token';
import { bodyCap } from '../middleware/body-limit';
import { caseEndpoints } from './api/cases';
import { crisisEndpoints } from './api/crises';
import { apiEndpoints, errorJson } from './api/endpoint';
import { exerciseEndpoints } from './api/exercises';
import { openApiDocument } from './api/openapi';

export const apiRoutes = new Hono<AppEnv>();
const { docs, endpoint } = apiEndpoints(apiRoutes);

let document: ReturnType<typeof openApiDocument> | undefined;
endpoint({
  operationId: 'openApi',
  method: 'get',
  path: '/openapi.json',
  tag: 'meta',
  access: 'public',
  summary: 'This document',
  response: z.looseObject({ openapi: z.string() }),
  // Built on first use, when every endpoint below is declared.
  handle: () => ok((document ??= openApiDocument(docs)) as { openapi: string }),
});

apiRoutes.use(
  '*',
  apiTokenAuth,
  bodyCap(64 * 1024, (c) => errorJson(c, 'api.tooLarge', 413)),
);
crisisEndpoints(endpoint);
caseEndpoints(endpoint);
exerciseEndpoints(endpoint);
