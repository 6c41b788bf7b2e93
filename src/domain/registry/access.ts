// Communicatie's access to each channel. Footnote to Article 2: on Facebook pages (and groups)
// Communicatie is added as admin; for Instagram and the other platforms it holds the login
// details, which live in the vault (src/domain/vault/credentials.ts).
import { and, eq } from 'drizzle-orm';
import { adminAccess, type Platform } from '../../../db/schema';
import { recordEvent, type Actor } from '../audit/trail';
import { getChannel } from './channels';
import { transaction, type Db } from '../lib/db';
import { fail, ok, type Result } from '../lib/result';

export type AccessKind = 'admin' | 'login';
export type AdminAccess = typeof adminAccess.$inferSelect;

/** Footnote to Article 2: Facebook → Communicatie is admin; every other platform → login details. */
export function accessKind(platform: Platform): AccessKind {
  return platform === 'facebook_page' || platform === 'facebook_group' ? 'admin' : 'login';
}

export const getAdminAccess = (db: Db, channelId: number) =>
  db.select().from(adminAccess).where(eq(adminAccess.channelId, channelId)).get();

/**
 * Records which Communicatie account holds the admin role. Whoever records it on the channel's
 * page has just looked at the page's settings, so that also counts as a verification; a line of
 * an imported CSV (`verified: false`) is a claim, recorded unverified until a drill or a check.
 */
export function putAdminAccess(
  tx: Db,
  actor: Actor,
  channelId: number,
  account: string,
  now: Date,
  verified = true,
): Result<AdminAccess> {
  const channel = getChannel(tx, channelId);
  if (!channel) return fail('channel.notFound', { status: 404 });
  if (accessKind(channel.platform) !== 'admin') return fail('access.notAdminPlatform');
  const current = getAdminAccess(tx, channelId);
  if (current?.account === account) return ok(current);
  const values = verified
    ? { account, verifiedAt: now.toISOString(), verifiedBy: actor.userId }
    : { account, verifiedAt: null, verifiedBy: null };
  const row = current
    ? tx
        .update(adminAccess)
        .set({ ...values, version: current.version + 1 })
        .where(eq(adminAccess.channelId, channelId))
        .returning()
        .get()!
    : tx
        .insert(adminAccess)
        .values({ channelId, ...values })
        .returning()
        .get();
  recordEvent(tx, {
    at: now,
    actor,
    action: 'access.admin_recorded',
    channelId,
    departmentId: channel.departmentId,
    details: { account, previous: current?.account ?? null, verified },
  });
  return ok(row);
}

export const recordAdminAccess = (
  db: Db,
  actor: Actor,
  channelId: number,
  account: string,
  now: Date,
) => transaction(db, (tx) => putAdminAccess(tx, actor, channelId, account, now));

/** "I checked today: Communicatie's account is still admin of this page." */
export function verifyAdminAccess(
  db: Db,
  actor: Actor,
  channelId: number,
  version: number,
  now: Date,
): Result<AdminAccess> {
  return transaction(db, (tx) => {
    const channel = getChannel(tx, channelId);
    const current = getAdminAccess(tx, channelId);
    if (!channel || !current) return fail('access.noneRecorded', { status: 404 });
    const row = tx
      .update(adminAccess)
      .set({ verifiedAt: now.toISOString(), verifiedBy: actor.userId, version: version + 1 })
      .where(and(eq(adminAccess.channelId, channelId), eq(adminAccess.version, version)))
      .returning()
      .get();
    if (!row) return fail('error.conflict', { status: 409 });
    recordEvent(tx, {
      at: now,
      actor,
      action: 'access.admin_verified',
      channelId,
      departmentId: channel.departmentId,
      details: { account: row.account, previousVerifiedAt: current.verifiedAt },
    });
    return ok(row);
  });
}
