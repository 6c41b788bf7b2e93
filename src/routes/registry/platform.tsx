// A channel's API connection, mounted at /channels/:id/platform (Communicatie): store the
// token in the vault, check the access, read the last publication for Article 1.
import { Hono } from 'hono';
import { z } from 'zod';
import { PlatformPage } from '../../../views/pages/registry/PlatformPage';
import type { FormValues } from '../../../views/components/form';
import { hasConnector } from '../../domain/platforms';
import { getChannel } from '../../domain/registry/channels';
import type { Result } from '../../domain/lib/result';
import { connectorOf, getConnection, storeConnection } from '../../domain/vault/connections';
import { checkAccessThroughApi, readLastPublication } from '../../domain/vault/platform-checks';
import type { AppEnv } from '../../env';
import { pageOrPartial, redirectTo, setFlash, type Ctx } from '../../http';
import type { MessageKey } from '../../i18n';
import { allow } from '../../middleware/access';
import { f, parseForm, type FieldErrors } from '../../validation';
import { failureErrors, failureStatus, idOf } from './shared';

export const platformRoutes = new Hono<AppEnv>();
platformRoutes.use('*', allow('communicatie'));

function page(c: Ctx, values: FormValues, errors: FieldErrors, status: 200 | 409 | 422 = 200) {
  const channel = getChannel(c.var.db, idOf(c));
  // Only platforms with a connector have a connection page.
  if (!channel || !hasConnector(channel.platform)) return c.notFound();
  const connection = getConnection(c.var.db, channel.id) ?? null;
  const node = (
    <PlatformPage
      channel={channel}
      connection={connection}
      csrfToken={c.var.csrfToken}
      values={{
        accountId: connection?.accountId,
        businessId: connection?.businessId ?? '',
        ...values,
      }}
      errors={errors}
    />
  );
  return pageOrPartial(c, c.var.t('platform.title', { name: channel.name }), node, status);
}

function done(c: Ctx, result: Result<unknown>, flash: MessageKey, values: FormValues = {}) {
  if (!result.ok)
    return result.status === 404
      ? c.notFound()
      : page(c, values, failureErrors(c, result), failureStatus(result));
  setFlash(c, flash);
  return redirectTo(c, `/channels/${idOf(c)}/platform`);
}

platformRoutes.get('/', (c) => page(c, {}, {}));

platformRoutes.post('/', async (c) => {
  const { values, ...parsed } = await parseForm(
    c,
    z.object({
      accountId: f.text(100),
      businessId: f.optionalText(100),
      // May stay empty when a refresh token gets one (storeConnection says when it may not).
      token: f.optionalText(2000),
      clientId: f.optionalText(300),
      clientSecret: f.optionalText(300),
      refreshToken: f.optionalText(2000),
    }),
  );
  // The tokens are never sent back into the form; the OAuth client id is not a secret.
  const safe = {
    accountId: values.accountId,
    businessId: values.businessId,
    clientId: values.clientId,
  };
  if (!parsed.ok) return page(c, safe, parsed.errors, 422);
  const { token, clientId, clientSecret, refreshToken, ...target } = parsed.data;
  const given = [clientId, clientSecret, refreshToken].filter(Boolean).length;
  if (given !== 0 && given !== 3)
    return page(c, safe, { refreshToken: c.var.t('platform.oauthIncomplete') }, 422);
  const oauth = given
    ? { clientId: clientId!, clientSecret: clientSecret!, refreshToken: refreshToken! }
    : null;
  const { db, actor, config } = c.var;
  const stored = storeConnection(
    db,
    actor,
    idOf(c),
    { ...target, token: token ?? '', oauth },
    config.vault,
    config.now(),
  );
  return done(c, stored, 'platform.saved', safe);
});

platformRoutes.post('/check', async (c) => {
  const { db, actor, config } = c.var;
  const connector = connectorOf(db, config, idOf(c));
  if (!connector.ok) return done(c, connector, 'platform.checkedOk');
  const checked = await checkAccessThroughApi(db, actor, connector.value, idOf(c), config.now());
  if (checked.ok && checked.value.problem) {
    setFlash(c, 'platform.checkedProblem', { problem: c.var.t(checked.value.problem) });
    return redirectTo(c, `/channels/${idOf(c)}/platform`);
  }
  return done(c, checked, 'platform.checkedOk');
});

platformRoutes.post('/last-published', async (c) => {
  const { db, actor, config } = c.var;
  const connector = connectorOf(db, config, idOf(c));
  if (!connector.ok) return done(c, connector, 'platform.lastRead');
  const read = await readLastPublication(db, actor, connector.value, idOf(c), config.now());
  return done(c, read, 'platform.lastRead');
});
