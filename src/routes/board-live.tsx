// The live board's HTML, rendered once per change and shared by every operator who polls it.
// The board holds no per-user content (no forms, no tokens), so one rendering per crisis,
// language and signature serves them all: fifty operators polling a 300-channel board cost one
// board load per change (and per minute, for the countdowns), not fifty. The full crisis page is a
// kept template (page-cache.tsx) with the same rendering in its board slot, and the compress
// middleware keeps the rendering's gzip (inParts): compressing 300 rows costs more than rendering them.
import type { Child } from 'hono/jsx';
import type { Crisis, Language } from '../../db/schema';
import { Locale } from '../../views/i18n';
import { Board } from '../../views/partials/crisis/Board';
import { loadBoard, type Board as BoardData } from '../domain/crisis/board';
import type { Db } from '../domain/lib/db';
import type { Ctx } from '../http';
import { translator } from '../i18n';
import { inParts, type SharedText } from '../middleware/compress';
import { cachedPage, newestPerDb, slot } from './page-cache';
import { sweepProgress, type SweepProgress } from '../domain/crisis/sweep';

// Renderings in progress are kept too: when the minute turns, the fifty operators who ask at
// once wait for one rendering instead of each starting their own.
const boards = newestPerDb<Promise<LiveBoard>>(32);

/**
 * The rendering, with the crisis and its operators as loaded for it: the full page shows them
 * from here (every change to a crisis or its operators is an audit event of the crisis, so a new
 * signature and a new rendering).
 */
export type LiveBoard = SharedText & { key: string; crisis: Crisis; operatorIds: number[] };

async function render(
  board: BoardData,
  sweep: SweepProgress,
  signature: string,
  now: Date,
  lang: Language,
): Promise<string> {
  const node = (
    <Locale.Provider value={{ t: translator(lang), lang }}>
      <Board board={board} sweep={sweep} signature={signature} now={now} />
    </Locale.Provider>
  );
  return String(await node.toString());
}

/** The board's HTML at `signature` (boardSignature of `now`), from the cache when another operator already asked; null for no crisis. */
export async function liveBoard(
  c: Ctx,
  crisisId: number,
  signature: string,
  now: Date,
): Promise<LiveBoard | null> {
  const { db, config, lang } = c.var;
  const key = `${crisisId}|${lang}|${signature}`;
  const hit = boards.get(db, key);
  if (hit !== undefined) return hit;
  const board = loadBoard(db, crisisId, now, config.rules);
  if (!board) return null;
  const live = render(board, sweepProgress(db, crisisId), signature, now, lang).then(
    (text): LiveBoard => ({
      text,
      key,
      crisis: board.crisis,
      operatorIds: board.operators.map((o) => o.userId),
    }),
  );
  boards.set(db, key, live);
  live.catch(() => boards.delete(db, key));
  return live;
}

/** The live partial: the shared rendering alone. */
export const boardResponse = (c: Ctx, live: LiveBoard) => inParts(c, [live]);

/** Where the crisis page puts the board (the page's own slot, filled by pageWithBoard). */
export const boardSlot = () => slot('board');

/**
 * The full crisis page: the page's template (cachedPage) with the shared board in its slot. The
 * template changes with the rendering (`live.key`: crisis, language, signature) and with what
 * the route says the page shows of the viewer (`viewer`, e.g. whether they joined the crisis).
 */
export function pageWithBoard(
  c: Ctx,
  live: LiveBoard,
  page: { title: string; viewer: string; body: (csrfToken: string) => Child; keep: boolean },
): Promise<Response> {
  return cachedPage(c, {
    key: `crisis|${live.key}|${page.viewer}`,
    render: (csrfToken) => ({ title: page.title, body: page.body(csrfToken) }),
    fill: { board: live },
    keep: page.keep,
  });
}
