// The schedule of Article 1's reads through the platforms' APIs on Node: every
// PLATFORM_READ_INTERVAL_MINUTES (default 60; 0 turns it off) the channels whose last
// publication was not read within a day are read (readDuePublications). Asking hourly for what is
// due daily means a restart or a platform down for an hour delays a read by an hour, not a day.
import type { Config } from '../config';
import type { Db } from '../domain/lib/db';
import { readDuePublications } from '../domain/vault/publication-reads';

export function startPublicationTimer(
  db: Db,
  config: Config,
  intervalMs: number,
): { stop(): void } {
  if (!intervalMs) return { stop: () => {} };
  let running = false;
  const run = async () => {
    if (running) return; // a slow platform: the next tick waits for this one
    running = true;
    try {
      const { read, failed } = await readDuePublications(db, config);
      if (read || failed)
        console.log(`platforms: last publication read for ${read}, failed for ${failed}`);
    } catch (err) {
      console.error(
        `platforms: scheduled read: ${err instanceof Error ? err.message : String(err)}`,
      );
    } finally {
      running = false;
    }
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  // Soon after start too, so a server restarted daily still reads.
  const first = setTimeout(run, 60_000);
  first.unref();
  return {
    stop: () => {
      clearInterval(timer);
      clearTimeout(first);
    },
  };
}

/** PLATFORM_READ_INTERVAL_MINUTES as milliseconds; 0 means no schedule. */
export function publicationReadInterval(value: string | undefined): number {
  const minutes = value === undefined || value === '' ? 60 : Number(value);
  if (!Number.isFinite(minutes) || minutes < 0)
    throw new Error('PLATFORM_READ_INTERVAL_MINUTES must be a number of minutes, 0 or more');
  return minutes * 60_000;
}
