// Article 1 on schedule: once a day the last publication of every connected channel is read
// from its platform (readLastPublication, as the button on the connection page does), so
// readiness judges dormancy on what the platform says rather than on a date typed in months ago.
// A read that fails is kept on the connection (readiness: last_read_failed) with one
// `channel.last_published_read` event per new problem, not one per try.
import { and, eq, isNull, ne } from 'drizzle-orm';
import { channels, platformConnections } from '../../../db/schema';
import type { Config } from '../../config';
import { recordEvent, SYSTEM } from '../audit/trail';
import { transaction, type Db } from '../lib/db';
import type { Failure } from '../lib/result';
import { hasConnector } from '../platforms';
import { connectorOf } from './connections';
import { readLastPublication } from './platform-checks';

/** A channel is read again when its last read through the API is this old. */
export const READ_EVERY_MS = 24 * 3600_000;

function recordFailure(db: Db, channelId: number, failure: Failure, now: Date) {
  transaction(db, (t) => {
    const tx = t as unknown as Db;
    const row = tx
      .select({ problem: platformConnections.lastReadProblem, departmentId: channels.departmentId })
      .from(platformConnections)
      .innerJoin(channels, eq(channels.id, platformConnections.channelId))
      .where(eq(platformConnections.channelId, channelId))
      .get();
    if (!row || row.problem === failure.error) return;
    tx.update(platformConnections)
      .set({ lastReadProblem: failure.error })
      .where(eq(platformConnections.channelId, channelId))
      .run();
    recordEvent(tx, {
      at: now,
      actor: SYSTEM,
      action: 'channel.last_published_read',
      channelId,
      departmentId: row.departmentId,
      details: { result: 'failed', problem: failure.error, previousProblem: row.problem },
    });
  });
}

/** Reads every connected channel not read within READ_EVERY_MS; how many were read, how many failed. */
export async function readDuePublications(
  db: Db,
  config: Config,
): Promise<{ read: number; failed: number }> {
  const now = config.now();
  const due = db
    .select({ id: channels.id, platform: channels.platform, readAt: channels.lastPublishedReadAt })
    .from(platformConnections)
    .innerJoin(channels, eq(channels.id, platformConnections.channelId))
    .where(and(isNull(channels.archivedAt), ne(channels.status, 'removed')))
    .all()
    .filter(
      (c) =>
        hasConnector(c.platform) &&
        (!c.readAt || now.getTime() - Date.parse(c.readAt) >= READ_EVERY_MS),
    );
  let failed = 0;
  // One at a time: a city has a handful of connected channels, and the platforms' rate limits
  // are per app.
  for (const { id } of due) {
    const connector = connectorOf(db, config, id);
    const read = connector.ok
      ? await readLastPublication(db, SYSTEM, connector.value, id, now)
      : connector;
    if (!read.ok) {
      failed += 1;
      recordFailure(db, id, read, now);
    }
  }
  return { read: due.length - failed, failed };
}
