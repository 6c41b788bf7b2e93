// Channels: list (filters narrow as you type), detail, create, edit, archive. The crisis cell
// reads the list and the detail (it needs the owners' contact details); only Communicatie
// changes them.
import { Hono } from 'hono';
import { z } from 'zod';
import { CHANNEL_STATUSES, PLATFORMS, type Channel } from '../../../db/schema';
import { ChannelDetail } from '../../../views/pages/registry/ChannelDetail';
import { ChannelForm } from '../../../views/pages/registry/ChannelForm';
import { ChannelList, ChannelResults } from '../../../views/pages/registry/ChannelList';
import type { FormValues } from '../../../views/components/form';
import {
  archiveChannel,
  channelSchema,
  createChannel,
  getChannel,
  getChannelWithOwners,
  updateChannel,
} from '../../domain/registry/channels';
import { listDepartments } from '../../domain/registry/departments';
import { channelRows } from '../../domain/registry/channel-list';
import { channelListPage, PROBLEM_KINDS, withProblems } from '../../domain/report/readiness';
import type { AppEnv } from '../../env';
import { isHtmx, pageOrPartial, partial, redirectTo, setFlash, type Ctx } from '../../http';
import { allow } from '../../middleware/access';
import { cachedPage, changeSignature } from '../page-cache';
import { formBody, parseForm, type FieldErrors } from '../../validation';
import { failureErrors, failureStatus, idOf, versionOf } from './shared';

export const channelRoutes = new Hono<AppEnv>();
const readers = allow('communicatie', 'crisis_operator');
const editors = allow('communicatie');

const filterSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  platform: z.enum(PLATFORMS).optional().catch(undefined),
  department: z.coerce.number().int().positive().optional().catch(undefined),
  status: z.enum(CHANNEL_STATUSES).optional().catch(undefined),
  problem: z
    .enum([...PROBLEM_KINDS, 'any'])
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().positive().optional().catch(undefined),
});

channelRoutes.get('/', readers, (c) => {
  const { db, config, user } = c.var;
  const { page, ...filter } = filterSchema.parse(c.req.query());
  const now = config.now();
  const found = () =>
    channelListPage(
      db,
      config.readiness,
      now,
      { ...filter, departmentId: filter.department },
      page ?? 1,
    );
  const values = {
    ...filter,
    department: filter.department ? String(filter.department) : undefined,
  };
  // htmx asks for the results only; a history restore needs the whole page again.
  if (
    isHtmx(c) &&
    c.req.header('HX-Target') === 'channel-results' &&
    !c.req.header('HX-History-Restore-Request')
  ) {
    return partial(c, <ChannelResults found={found()} filter={values} />);
  }
  // The roles (canEdit) are part of every kept page's key.
  return cachedPage(c, {
    key: `channels|${new URL(c.req.url).search}|${changeSignature(db, now)}`,
    render: () => ({
      title: c.var.t('registry.channels'),
      body: (
        <ChannelList
          found={found()}
          departments={listDepartments(db)}
          filter={values}
          canEdit={!!user?.roles.includes('communicatie')}
        />
      ),
    }),
  });
});

const valuesOf = (ch: Channel): FormValues => ({
  platform: ch.platform,
  name: ch.name,
  handle: ch.handle,
  departmentId: String(ch.departmentId),
  purpose: ch.purpose ?? '',
  status: ch.status,
  lastPublishedAt: ch.lastPublishedAt ?? '',
  exemptionReason: ch.exemptionReason ?? '',
  exemptionUntil: ch.exemptionUntil ?? '',
  version: String(ch.version),
});

function form(
  c: Ctx,
  id: number | null,
  values: FormValues,
  errors: FieldErrors,
  status: 200 | 409 | 422 = 200,
) {
  const { t, db, csrfToken } = c.var;
  const node = (
    <ChannelForm
      action={id ? `/channels/${id}` : '/channels'}
      csrfToken={csrfToken}
      values={values}
      errors={errors}
      departments={listDepartments(db)}
      isNew={!id}
      cancel={id ? `/channels/${id}` : '/channels'}
    />
  );
  return pageOrPartial(c, id ? t('channel.edit') : t('channel.new'), node, status);
}

channelRoutes.get('/new', editors, (c) =>
  form(
    c,
    null,
    { status: 'active', platform: 'facebook_page', departmentId: c.req.query('department') ?? '' },
    {},
  ),
);

channelRoutes.post('/', editors, async (c) => {
  const { values, ...parsed } = await parseForm(c, channelSchema);
  if (!parsed.ok) return form(c, null, values, parsed.errors, 422);
  const { db, actor, config } = c.var;
  const result = createChannel(db, actor, parsed.data, config.now());
  if (!result.ok) return form(c, null, values, failureErrors(c, result), failureStatus(result));
  setFlash(c, 'channel.created', { name: result.value.name });
  return redirectTo(c, `/channels/${result.value.id}/owners`);
});

function detail(c: Ctx, error?: string, status: 200 | 409 = 200) {
  const { db, config, user, csrfToken } = c.var;
  const card = getChannelWithOwners(db, idOf(c));
  if (!card) return c.notFound();
  const problems =
    withProblems(db, config.readiness, config.now(), channelRows(db, [card.channel.id]))[0]
      ?.problems ?? [];
  const roles = user!.roles;
  c.status(status);
  return c.render(
    <ChannelDetail
      card={card}
      problems={problems}
      csrfToken={csrfToken}
      error={error}
      canEdit={roles.includes('communicatie')}
      canReveal={roles.includes('communicatie') || roles.includes('crisis_operator')}
    />,
    { title: card.channel.name },
  );
}

channelRoutes.get('/:id{[0-9]+}', readers, (c) => detail(c));

channelRoutes.get('/:id{[0-9]+}/edit', editors, (c) => {
  const channel = getChannel(c.var.db, idOf(c));
  return channel ? form(c, channel.id, valuesOf(channel), {}) : c.notFound();
});

channelRoutes.post('/:id{[0-9]+}', editors, async (c) => {
  const id = idOf(c);
  const { values, ...parsed } = await parseForm(c, channelSchema);
  if (!parsed.ok) return form(c, id, values, parsed.errors, 422);
  const { db, actor, config } = c.var;
  const result = updateChannel(db, actor, id, parsed.data, versionOf(values), config.now());
  if (!result.ok && result.error === 'error.conflict')
    // Someone saved first: the form shows what is stored now, with its version, to edit again.
    return form(c, id, valuesOf(getChannel(db, id)!), failureErrors(c, result), 409);
  if (!result.ok)
    return result.status === 404
      ? c.notFound()
      : form(c, id, values, failureErrors(c, result), failureStatus(result));
  setFlash(c, 'channel.updated', { name: result.value.name });
  return redirectTo(c, `/channels/${id}`);
});

channelRoutes.post('/:id{[0-9]+}/archive', editors, async (c) => {
  const id = idOf(c);
  const body = await formBody(c);
  const { db, actor, config } = c.var;
  const result = archiveChannel(db, actor, id, versionOf(body), config.now());
  if (!result.ok)
    return result.status === 404
      ? c.notFound()
      : detail(c, c.var.t(result.error, result.params), 409);
  setFlash(c, 'channel.archived', { name: result.value.name });
  return redirectTo(c, `/channels/${id}`);
});
