// Communicatie's access per channel: the admin role (Facebook) or the login details (vault).
import { Hono } from 'hono';
import { z } from 'zod';
import { AccessPage } from '../../../views/pages/registry/AccessPage';
import type { FormValues } from '../../../views/components/form';
import { recordAdminAccess, verifyAdminAccess } from '../../domain/registry/access';
import { getChannelWithOwners } from '../../domain/registry/channels';
import {
  credentialSchema,
  storeCredentials,
  verifyCredentials,
} from '../../domain/vault/credentials';
import type { Result } from '../../domain/lib/result';
import { outdatedLogins } from '../../domain/vault/rotation';
import type { AppEnv } from '../../env';
import { pageOrPartial, redirectTo, setFlash, type Ctx } from '../../http';
import type { MessageKey } from '../../i18n';
import { allow } from '../../middleware/access';
import { f, formBody, parseForm, type FieldErrors } from '../../validation';
import { failureErrors, failureStatus, idOf, versionOf } from './shared';

/** Mounted at /channels/:id/access: the admin role (Facebook). */
export const accessRoutes = new Hono<AppEnv>();
/** Mounted at /channels/:id/credentials: login details in the vault. */
export const credentialRoutes = new Hono<AppEnv>();
accessRoutes.use('*', allow('communicatie'));
credentialRoutes.use('*', allow('communicatie'));

function page(c: Ctx, values: FormValues, errors: FieldErrors, status: 200 | 409 | 422 = 200) {
  const card = getChannelWithOwners(c.var.db, idOf(c));
  if (!card) return c.notFound();
  const meta = card.credentials;
  const outdatedSince = meta
    ? (outdatedLogins(c.var.db, [meta]).get(meta.channelId) ?? null)
    : null;
  const node = (
    <AccessPage
      card={card}
      outdatedSince={outdatedSince}
      csrfToken={c.var.csrfToken}
      values={values}
      errors={errors}
    />
  );
  return pageOrPartial(c, c.var.t('access.titleFor', { name: card.channel.name }), node, status);
}

/** Success → flash and back to the access page; failure → the page with the message. */
function done(c: Ctx, result: Result<unknown>, flash: MessageKey, values: FormValues = {}) {
  if (!result.ok)
    return result.status === 404
      ? c.notFound()
      : page(c, values, failureErrors(c, result), failureStatus(result));
  setFlash(c, flash);
  return redirectTo(c, `/channels/${idOf(c)}/access`);
}

accessRoutes.get('/', (c) => {
  const card = getChannelWithOwners(c.var.db, idOf(c));
  return page(c, { account: card?.admin?.account ?? '' }, {});
});

accessRoutes.post('/admin', async (c) => {
  const { values, ...parsed } = await parseForm(c, z.object({ account: f.text(200) }));
  if (!parsed.ok) return page(c, values, parsed.errors, 422);
  const { db, actor, config } = c.var;
  return done(
    c,
    recordAdminAccess(db, actor, idOf(c), parsed.data.account, config.now()),
    'access.adminSaved',
    values,
  );
});

accessRoutes.post('/verify', async (c) => {
  const { db, actor, config } = c.var;
  return done(
    c,
    verifyAdminAccess(db, actor, idOf(c), versionOf(await formBody(c)), config.now()),
    'access.verified',
  );
});

// The submitted values never go back into the page: a failed save shows empty fields again.
credentialRoutes.post('/', async (c) => {
  const { values: _secret, ...parsed } = await parseForm(c, credentialSchema);
  if (!parsed.ok) return page(c, {}, parsed.errors, 422);
  const { db, actor, config } = c.var;
  return done(
    c,
    storeCredentials(db, actor, idOf(c), parsed.data, config.vault, config.now()),
    'access.loginSaved',
  );
});

credentialRoutes.post('/verify', async (c) => {
  const { db, actor, config } = c.var;
  return done(
    c,
    verifyCredentials(db, actor, idOf(c), versionOf(await formBody(c)), config.vault, config.now()),
    'access.verified',
  );
});
