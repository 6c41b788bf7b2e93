// Channels: every social media presence of the city, with its department, status (Article 1)
// and owners in order (Article 2: first owner, then the backups).
import { and, asc, eq, getTableColumns, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  CHANNEL_STATUSES,
  PLATFORMS,
  adminAccess,
  channelOwners,
  channels,
  credentials,
  departments,
  owners,
  type Channel,
  type ChannelStatus,
  type Department,
  type Owner,
  type Platform,
} from '../../../db/schema';
import { f } from '../../validation';
import { campaignExemptionAllowed } from './article1';
import { recordEvent, type Actor } from '../audit/trail';
import { inIds, prepared, transaction, type Db } from '../lib/db';
import { fail, ok, type Result } from '../lib/result';

/** A link must be a web address; anything else is a handle ("@stadturnhout"). */
const handleField = () =>
  f.text(300).refine((s) => !/^[a-z]+:/i.test(s) || /^https?:\/\/[^\s/$.?#][^\s]*$/i.test(s), {
    error: 'field.url',
  });

export const channelSchema = z
  .object({
    platform: f.choice(PLATFORMS),
    name: f.text(200),
    handle: handleField(),
    departmentId: f.id(),
    purpose: f.optionalText(500),
    status: f.choice(CHANNEL_STATUSES),
    lastPublishedAt: f.optionalDate(),
    exemptionReason: f.optionalText(500),
    exemptionUntil: f.optionalDate(),
  })
  .superRefine((v, ctx) => {
    // Article 1: an exemption is a campaign *and* an end date, never open-ended.
    if (v.exemptionReason && !v.exemptionUntil)
      ctx.addIssue({
        code: 'custom',
        path: ['exemptionUntil'],
        message: 'field.exemptionIncomplete',
      });
    if (!v.exemptionReason && v.exemptionUntil)
      ctx.addIssue({
        code: 'custom',
        path: ['exemptionReason'],
        message: 'field.exemptionIncomplete',
      });
    if (v.exemptionReason && !campaignExemptionAllowed(v.platform)) {
      ctx.addIssue({
        code: 'custom',
        path: ['exemptionReason'],
        message: 'field.exemptionNotForFacebookPage',
      });
    }
  });
export type ChannelInput = z.output<typeof channelSchema>;

export type OwnerOnChannel = Owner & { position: number };
export type CredentialMeta = Omit<typeof credentials.$inferSelect, 'nonce' | 'ciphertext'>;
export type ChannelCard = {
  channel: Channel;
  department: Department;
  owners: OwnerOnChannel[];
  admin: typeof adminAccess.$inferSelect | null;
  credentials: CredentialMeta | null;
};

export const getChannel = (db: Db, id: number) =>
  db.select().from(channels).where(eq(channels.id, id)).get();

/** A channel's owners in order (position 1 first), with their contact details. */
export function listChannelOwners(db: Db, channelId: number): OwnerOnChannel[] {
  return db
    .select({ owner: owners, position: channelOwners.position })
    .from(channelOwners)
    .innerJoin(owners, eq(owners.id, channelOwners.ownerId))
    .where(eq(channelOwners.channelId, channelId))
    .orderBy(asc(channelOwners.position))
    .all()
    .map((r) => ({ ...r.owner, position: r.position }));
}

/** The channels an owner is registered for (not removed), with their place in each order. */
/** The channel's active owners in position order, with their contact details. */
const activeOwners = prepared((db) =>
  db
    .select({ owner: owners })
    .from(channelOwners)
    .innerJoin(owners, eq(owners.id, channelOwners.ownerId))
    .where(and(eq(channelOwners.channelId, sql.placeholder('channelId')), eq(owners.active, true)))
    .orderBy(asc(channelOwners.position))
    .prepare(),
);

export const ownersOfChannel = (db: Db, channelId: number) =>
  activeOwners(db)
    .all({ channelId })
    .map((r) => r.owner);

export function listChannelsOfOwner(db: Db, ownerId: number): (Channel & { position: number })[] {
  return db
    .select({ channel: channels, position: channelOwners.position })
    .from(channelOwners)
    .innerJoin(channels, eq(channels.id, channelOwners.channelId))
    .where(and(eq(channelOwners.ownerId, ownerId), ne(channels.status, 'removed')))
    .orderBy(asc(channels.name))
    .all()
    .map((r) => ({ ...r.channel, position: r.position }));
}

/** When the login details were changed, verified and revealed; never the ciphertext. */
export function credentialMeta(db: Db, channelId: number): CredentialMeta | null {
  const { nonce: _n, ciphertext: _c, ...meta } = getTableColumns(credentials);
  return (
    db.select(meta).from(credentials).where(eq(credentials.channelId, channelId)).get() ?? null
  );
}

/** Everything the crisis cell needs about one channel: owners in order, access, never a secret. */
export function getChannelWithOwners(db: Db, channelId: number): ChannelCard | null {
  const row = db
    .select({ channel: channels, department: departments })
    .from(channels)
    .innerJoin(departments, eq(departments.id, channels.departmentId))
    .where(eq(channels.id, channelId))
    .get();
  if (!row) return null;
  const admin =
    db.select().from(adminAccess).where(eq(adminAccess.channelId, channelId)).get() ?? null;
  return {
    ...row,
    owners: listChannelOwners(db, channelId),
    admin,
    credentials: credentialMeta(db, channelId),
  };
}

function check(db: Db, input: ChannelInput, now: Date, exceptId: number): Result<null> {
  if (
    !db
      .select({ id: departments.id })
      .from(departments)
      .where(eq(departments.id, input.departmentId))
      .get()
  ) {
    return fail('channel.departmentUnknown', { field: 'departmentId' });
  }
  if (input.lastPublishedAt && input.lastPublishedAt > now.toISOString().slice(0, 10)) {
    return fail('channel.publishedFuture', { field: 'lastPublishedAt' });
  }
  const clash = findChannelByHandle(db, input.platform, input.handle, exceptId);
  return clash ? fail('channel.handleTaken', { field: 'handle', status: 409 }) : ok(null);
}

/**
 * The channel with this handle on this platform, ignoring case ("@CultuurHuis" is "@cultuurhuis").
 * SQLite's lower() folds ASCII only, which is what handles and links are made of.
 */
export function findChannelByHandle(
  db: Db,
  platform: Platform,
  handle: string,
  exceptId = 0,
): Channel | undefined {
  return db
    .select()
    .from(channels)
    .where(
      and(
        eq(channels.platform, platform),
        ne(channels.id, exceptId),
        sql`lower(${channels.handle}) = lower(${handle})`,
      ),
    )
    .get();
}

/** A removed channel carries the moment it was archived; bringing it back clears it. */
const archivedAtFor = (status: ChannelStatus, before: string | null, now: Date) =>
  status === 'removed' ? (before ?? now.toISOString()) : null;

export function insertChannel(
  tx: Db,
  actor: Actor,
  input: ChannelInput,
  now: Date,
): Result<Channel> {
  const checked = check(tx, input, now, 0);
  if (!checked.ok) return checked;
  const channel = tx
    .insert(channels)
    .values({
      ...input,
      archivedAt: archivedAtFor(input.status, null, now),
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    })
    .returning()
    .get();
  recordEvent(tx, {
    at: now,
    actor,
    action: 'channel.created',
    channelId: channel.id,
    departmentId: channel.departmentId,
    details: {
      platform: channel.platform,
      name: channel.name,
      handle: channel.handle,
      status: channel.status,
    },
  });
  return ok(channel);
}

export const createChannel = (db: Db, actor: Actor, input: ChannelInput, now: Date) =>
  transaction(db, (tx) => insertChannel(tx, actor, input, now));

export function changeChannel(
  tx: Db,
  actor: Actor,
  id: number,
  input: ChannelInput,
  version: number,
  now: Date,
): Result<Channel> {
  const current = getChannel(tx, id);
  if (!current) return fail('channel.notFound', { status: 404 });
  const checked = check(tx, input, now, id);
  if (!checked.ok) return checked;
  const updated = tx
    .update(channels)
    .set({
      ...input,
      // A date typed over the one read from the platform is no longer the platform's.
      ...(input.lastPublishedAt !== current.lastPublishedAt
        ? { lastPublishedSource: null, lastPublishedReadAt: null }
        : {}),
      archivedAt: archivedAtFor(input.status, current.archivedAt, now),
      updatedAt: now.toISOString(),
      version: version + 1,
    })
    .where(and(eq(channels.id, id), eq(channels.version, version)))
    .returning()
    .get();
  if (!updated) return fail('error.conflict', { status: 409 });
  const changed = Object.fromEntries(
    (Object.keys(input) as (keyof ChannelInput)[])
      .filter((k) => current[k] !== updated[k])
      .map((k) => [k, { from: current[k], to: updated[k] }]),
  );
  const archived = current.status !== 'removed' && updated.status === 'removed';
  recordEvent(tx, {
    at: now,
    actor,
    action: archived ? 'channel.archived' : 'channel.updated',
    channelId: id,
    departmentId: updated.departmentId,
    details: { changed },
  });
  return ok(updated);
}

export const updateChannel = (
  db: Db,
  actor: Actor,
  id: number,
  input: ChannelInput,
  version: number,
  now: Date,
) => transaction(db, (tx) => changeChannel(tx, actor, id, input, version, now));

/** Article 1: a dormant channel is removed; the record stays for the audit trail. */
export function archiveChannel(
  db: Db,
  actor: Actor,
  id: number,
  version: number,
  now: Date,
): Result<Channel> {
  return transaction(db, (tx) => {
    const current = getChannel(tx, id);
    if (!current) return fail('channel.notFound', { status: 404 });
    if (current.status === 'removed') return fail('channel.alreadyArchived', { status: 409 });
    const {
      id: _id,
      createdAt: _c,
      updatedAt: _u,
      version: _v,
      archivedAt: _a,
      ...input
    } = current;
    return changeChannel(tx, actor, id, { ...input, status: 'removed' }, version, now);
  });
}

/** Replaces the channel's owners with `ownerIds`, in that order (the first is tried first). */
export function putChannelOwners(
  tx: Db,
  actor: Actor,
  channelId: number,
  ownerIds: number[],
  now: Date,
): Result<null> {
  const channel = getChannel(tx, channelId);
  if (!channel) return fail('channel.notFound', { status: 404 });
  if (new Set(ownerIds).size !== ownerIds.length)
    return fail('channel.ownerTwice', { field: 'owners' });
  const known = new Map(
    (ownerIds.length ? tx.select().from(owners).where(inIds(owners.id, ownerIds)).all() : []).map(
      (o) => [o.id, o],
    ),
  );
  if (ownerIds.some((id) => !known.get(id)?.active))
    return fail('channel.ownerUnknown', { field: 'owners' });
  const before = listChannelOwners(tx, channelId).map((o) => o.id);
  if (before.join() === ownerIds.join()) return ok(null);
  tx.delete(channelOwners).where(eq(channelOwners.channelId, channelId)).run();
  ownerIds.forEach((ownerId, i) =>
    tx
      .insert(channelOwners)
      .values({ channelId, ownerId, position: i + 1 })
      .run(),
  );
  recordEvent(tx, {
    at: now,
    actor,
    action: 'channel.owners_changed',
    channelId,
    departmentId: channel.departmentId,
    details: { from: before, to: ownerIds },
  });
  return ok(null);
}

export const setChannelOwners = (
  db: Db,
  actor: Actor,
  channelId: number,
  ownerIds: number[],
  now: Date,
) => transaction(db, (tx) => putChannelOwners(tx, actor, channelId, ownerIds, now));
