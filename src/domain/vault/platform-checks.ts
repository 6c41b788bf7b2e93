// What the console reads from a connected platform and keeps: the access check (is the token
// alive, with the permissions, and does Communicatie's account still hold its role) and the
// last publication for Article 1. The platform is asked first; its answer and the audit event
// are then one transaction. When the platform cannot answer (down, rate limited), nothing is
// written: the last verified date and the last publication stay what they were.
import { eq, sql } from 'drizzle-orm';
import { adminAccess, channels, credentials, platformConnections } from '../../../db/schema';
import { toBrusselsLocal } from '../../i18n/format';
import { recordEvent, type Actor } from '../audit/trail';
import { transaction, type Db } from '../lib/db';
import { fail, ok, type Failure, type Result } from '../lib/result';
import type { AccessReport, Connector, PlatformProblem } from '../platforms/connector';
import { getChannel } from '../registry/channels';

// Answers about the access itself, worth recording; any other failure says nothing about it.
const ACCESS_PROBLEMS: readonly string[] = [
  'platform.tokenExpired',
  'platform.permissionMissing',
  'platform.roleMissing',
  'platform.refreshRefused',
];

/** What an access check found, or null when the platform's failure says nothing about access. */
export function accessFinding(asked: Result<AccessReport>): AccessReport | null {
  if (asked.ok) return asked.value;
  return ACCESS_PROBLEMS.includes(asked.error)
    ? { actingAs: '', expiresAt: null, problem: asked.error as PlatformProblem }
    : null;
}

export async function checkAccessThroughApi(
  db: Db,
  actor: Actor,
  connector: Connector,
  channelId: number,
  now: Date,
): Promise<Result<AccessReport>> {
  const asked = await connector.checkAccess();
  const report = accessFinding(asked);
  if (!report) return asked as Failure;
  return transaction(db, (t) => {
    const tx = t as unknown as Db;
    const channel = getChannel(tx, channelId);
    if (!channel) return fail('channel.notFound', { status: 404 });
    const at = now.toISOString();
    tx.update(platformConnections)
      .set({
        checkedAt: at,
        checkProblem: report.problem,
        ...(asked.ok ? { expiresAt: report.expiresAt } : {}),
        version: sql`${platformConnections.version} + 1`,
      })
      .where(eq(platformConnections.channelId, channelId))
      .run();
    // A working access refreshes "last verified", as a drill that found it working does.
    if (!report.problem) {
      const verified = { verifiedAt: at, verifiedBy: actor.userId };
      tx.update(adminAccess)
        .set({ ...verified, version: sql`${adminAccess.version} + 1` })
        .where(eq(adminAccess.channelId, channelId))
        .run();
      tx.update(credentials)
        .set({ ...verified, version: sql`${credentials.version} + 1` })
        .where(eq(credentials.channelId, channelId))
        .run();
    }
    recordEvent(tx, {
      at: now,
      actor,
      action: 'platform.access_checked',
      channelId,
      departmentId: channel.departmentId,
      details: {
        platform: connector.platform,
        result: report.problem ? 'failed' : 'ok',
        problem: report.problem,
        actingAs: report.actingAs,
        expiresAt: report.expiresAt,
      },
    });
    return ok(report);
  });
}

/** Article 1: the last publication as the platform knows it, with its source. */
export async function readLastPublication(
  db: Db,
  actor: Actor,
  connector: Connector,
  channelId: number,
  now: Date,
): Promise<Result<string | null>> {
  const asked = await connector.lastPublishedAt();
  if (!asked.ok) return asked;
  return transaction(db, (t) => {
    const tx = t as unknown as Db;
    const channel = getChannel(tx, channelId);
    if (!channel) return fail('channel.notFound', { status: 404 });
    const date = asked.value ? toBrusselsLocal(asked.value).slice(0, 10) : null;
    // A read that works again ends a failure the scheduled read recorded.
    tx.update(platformConnections)
      .set({ lastReadProblem: null })
      .where(eq(platformConnections.channelId, channelId))
      .run();
    // A channel that never published keeps what was typed in (if anything).
    if (!date) return ok(null);
    tx.update(channels)
      .set({
        lastPublishedAt: date,
        lastPublishedSource: 'platform',
        lastPublishedReadAt: now.toISOString(),
        version: channel.version + 1,
      })
      .where(eq(channels.id, channelId))
      .run();
    recordEvent(tx, {
      at: now,
      actor,
      action: 'channel.last_published_read',
      channelId,
      departmentId: channel.departmentId,
      details: {
        platform: connector.platform,
        publishedAt: asked.value,
        lastPublishedAt: date,
        previous: channel.lastPublishedAt,
      },
    });
    return ok(date);
  });
}
