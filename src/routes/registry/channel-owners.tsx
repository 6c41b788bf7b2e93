// A channel's owners in order (Article 2: the owners Communicatie must contact first).
import { Hono } from 'hono';
import { ChannelOwnersForm } from '../../../views/pages/registry/ChannelOwnersForm';
import { getChannel, listChannelOwners, setChannelOwners } from '../../domain/registry/channels';
import { listOwners } from '../../domain/registry/owners';
import type { AppEnv } from '../../env';
import { pageOrPartial, redirectTo, setFlash, type Ctx } from '../../http';
import { allow } from '../../middleware/access';
import { formBody, type FieldErrors } from '../../validation';
import { failureErrors, idOf } from './shared';

export const channelOwnerRoutes = new Hono<AppEnv>();
channelOwnerRoutes.use('*', allow('communicatie'));

function page(c: Ctx, chosen: string[], errors: FieldErrors, status: 200 | 422 = 200) {
  const channel = getChannel(c.var.db, idOf(c));
  if (!channel) return c.notFound();
  const node = (
    <ChannelOwnersForm
      channel={channel}
      owners={listOwners(c.var.db)}
      chosen={chosen}
      csrfToken={c.var.csrfToken}
      errors={errors}
    />
  );
  return pageOrPartial(c, c.var.t('channel.ownersOf', { name: channel.name }), node, status);
}

channelOwnerRoutes.get('/', (c) =>
  page(
    c,
    listChannelOwners(c.var.db, idOf(c)).map((o) => String(o.id)),
    {},
  ),
);

channelOwnerRoutes.post('/', async (c) => {
  const raw = (await formBody(c)).owners;
  const chosen = [raw ?? []].flat();
  const ids = chosen.filter((v) => v !== '').map(Number);
  if (ids.some((n) => !Number.isInteger(n) || n <= 0))
    return page(c, chosen, { owners: c.var.t('field.choice') }, 422);
  const { db, actor, config } = c.var;
  const result = setChannelOwners(db, actor, idOf(c), ids, config.now());
  if (!result.ok)
    return result.status === 404 ? c.notFound() : page(c, chosen, failureErrors(c, result), 422);
  setFlash(c, 'channel.ownersSaved');
  return redirectTo(c, `/channels/${idOf(c)}`);
});
