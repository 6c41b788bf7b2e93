// Communicatie's page for API tokens. Creating one answers with the page itself, the new token
// on it, instead of the usual redirect: a redirect would have to carry the secret in the address
// or a cookie. Nothing caches it (Cache-Control: no-store on every answer).
import { Hono } from 'hono';
import { z } from 'zod';
import { createApiToken, listApiTokens, revokeApiToken } from '../../domain/auth/api-tokens';
import { listUsers } from '../../domain/auth/users';
import type { AppEnv } from '../../env';
import { failureErrors, pageOrPartial, redirectTo, setFlash, type Ctx } from '../../http';
import { allow } from '../../middleware/access';
import { f, parseForm } from '../../validation';
import { ApiTokensPage, type ApiTokensProps } from '../../../views/pages/ApiTokens';

export const tokensRoutes = new Hono<AppEnv>();
tokensRoutes.use('*', allow('communicatie'));

const createSchema = z.object({ userId: f.id(), name: f.text(100) });

type Extra = Pick<ApiTokensProps, 'values' | 'errors' | 'created' | 'refused'>;

function page(c: Ctx, extra: Extra, status: 200 | 409 | 422 = 200) {
  const { db, csrfToken, t } = c.var;
  const users = listUsers(db).filter((u) => u.active);
  const node = (
    <ApiTokensPage tokens={listApiTokens(db)} users={users} csrfToken={csrfToken} {...extra} />
  );
  return pageOrPartial(c, t('api.tokens.title'), node, status);
}

tokensRoutes.get('/', (c) => page(c, { values: {}, errors: {} }));

tokensRoutes.post('/', async (c) => {
  const { values, ...parsed } = await parseForm(c, createSchema);
  if (!parsed.ok) return page(c, { values, errors: parsed.errors }, 422);
  const { db, actor, config } = c.var;
  const result = createApiToken(db, actor, parsed.data, config.now());
  if (!result.ok) return page(c, { values, errors: failureErrors(c, result) }, 422);
  return page(c, {
    values: {},
    errors: {},
    created: { name: parsed.data.name, token: result.value.token },
  });
});

const revokeSchema = z.object({ version: f.id() });

tokensRoutes.post('/:id{[0-9]+}/revoke', async (c) => {
  const { values, ...parsed } = await parseForm(c, revokeSchema);
  const empty = { values: {}, errors: {} };
  if (!parsed.ok) return page(c, { ...empty, refused: c.var.t('error.form') }, 422);
  const { db, actor, config } = c.var;
  const input = { id: Number(c.req.param('id')), version: parsed.data.version };
  const result = revokeApiToken(db, actor, input, config.now());
  if (!result.ok && result.status === 404) return c.notFound();
  // Someone else changed the token first: the page shows how it stands now.
  if (!result.ok) return page(c, { ...empty, refused: c.var.t(result.error) }, 409);
  setFlash(c, 'api.tokens.revoked', { name: result.value.name });
  return redirectTo(c, '/api-tokens');
});
