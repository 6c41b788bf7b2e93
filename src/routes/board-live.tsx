// The live board's HTML, rendered once per change and shared by every operator who polls it.
// The board holds no per-user content (no forms, no tokens), so one rendering per crisis,
// language and signature serves them all: fifty operators polling a 300-channel board cost one
// board load per change (and per minute, for the countdowns), not fifty. The gzip of each
// rendering is kept too: compressing 300 rows costs more than rendering them from the cache.
import type { Language } from '../../db/schema';
import { Locale } from '../../views/i18n';
import { Board } from '../../views/partials/crisis/Board';
import { loadBoard, type Board as BoardData } from '../domain/board';
import type { Db } from '../domain/db';
import type { Ctx } from '../http';
import { translator } from '../i18n';
import { sweepProgress, type SweepProgress } from '../domain/sweep';

const KEEP = 32;
// Per database handle, so apps on different databases (tests, Workers isolates) never share.
const caches = new WeakMap<Db, Map<string, LiveBoard>>();

export type LiveBoard = { html: string; gzip(): Promise<Uint8Array<ArrayBuffer>> };

function entry(html: string): LiveBoard {
  let zipped: Promise<Uint8Array<ArrayBuffer>> | null = null;
  return {
    html,
    gzip: () => (zipped ??= new Response(new Blob([html]).stream().pipeThrough(new CompressionStream('gzip')))
      .arrayBuffer().then((b) => new Uint8Array(b))),
  };
}

async function render(board: BoardData, sweep: SweepProgress, signature: string, now: Date, lang: Language): Promise<string> {
  const node = <Locale.Provider value={{ t: translator(lang), lang }}><Board board={board} sweep={sweep} signature={signature} now={now} /></Locale.Provider>;
  return String(await node.toString());
}

/** The board's HTML at `signature` (boardSignature of `now`), from the cache when another operator already asked; null for no crisis. */
export async function liveBoard(c: Ctx, crisisId: number, signature: string, now: Date): Promise<LiveBoard | null> {
  const { db, config, lang } = c.var;
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const key = `${crisisId}|${lang}|${signature}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const board = loadBoard(db, crisisId, now, config.rules);
  if (!board) return null;
  const live = entry(await render(board, sweepProgress(db, crisisId), signature, now, lang));
  cache.set(key, live);
  if (cache.size > KEEP) cache.delete(cache.keys().next().value!);
  return live;
}

/** The board as a response, gzipped from the cache when the client takes gzip. */
export async function boardResponse(c: Ctx, live: LiveBoard) {
  const accepts = c.req.header('Accept-Encoding') ?? '';
  if (!/\bgzip\b(?!;\s*q=0(\.0+)?\s*(,|$))/i.test(accepts)) return c.html(live.html);
  c.header('Content-Type', 'text/html; charset=UTF-8');
  c.header('Content-Encoding', 'gzip');
  c.header('Vary', 'Accept-Encoding');
  return c.body(await live.gzip());
}
