// The live board's HTML, rendered once per change and shared by every operator who polls it.
// The board holds no per-user content (no forms, no tokens), so one rendering per crisis,
// language and signature serves them all: fifty operators polling a 300-channel board cost one
// board load per change (and per minute, for the countdowns), not fifty. The full crisis page
// carries the same rendering between its per-user head and tail, and the compress middleware
// keeps the rendering's gzip (inParts): compressing 300 rows costs more than rendering them.
import type { Child, FC } from 'hono/jsx';
import type { Crisis, Language } from '../../db/schema';
import { Locale } from '../../views/i18n';
import { Board } from '../../views/partials/crisis/Board';
import { loadBoard, type Board as BoardData } from '../domain/crisis/board';
import type { Db } from '../domain/lib/db';
import type { Ctx } from '../http';
import { translator } from '../i18n';
import { inParts, type SharedText } from '../middleware/compress';
import { sweepProgress, type SweepProgress } from '../domain/crisis/sweep';

/**
 * The newest `keep` entries per database handle, so apps on different databases (tests, Workers
 * isolates) never share.
 */
function newestPerDb<V>(keep: number) {
  const maps = new WeakMap<Db, Map<string, V>>();
  const of = (db: Db) => {
    let map = maps.get(db);
    if (!map) maps.set(db, (map = new Map()));
    return map;
  };
  return {
    get: (db: Db, key: string) => maps.get(db)?.get(key),
    set(db: Db, key: string, value: V) {
      const map = of(db);
      map.set(key, value);
      if (map.size > keep) map.delete(map.keys().next().value!);
    },
    delete: (db: Db, key: string) => maps.get(db)?.delete(key),
  };
}

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

/** Where the page puts the board: rendered per request around it, never inside it. */
export const BOARD_SLOT = '<!--live-board-->';

// The page around a rendering, per operator, for the next reload while the board is unchanged.
// The key holds all the page shows of the user (address, session token, id, name, roles; the
// language is in the rendering's key); the rest is the crisis at the rendering's signature.
// A page with a flash message or a refused form is never kept.
type PageAround = { parts: [SharedText, LiveBoard, SharedText] };
const pages = newestPerDb<PageAround>(256);

/**
 * The full page of `content()` (with BOARD_SLOT for the board): this user's head and tail, the
 * shared board between. `reusable`: the page is the plain GET one (no form messages).
 */
export async function pageWithBoard(
  c: Ctx,
  live: LiveBoard,
  title: string,
  content: () => Child,
  reusable: boolean,
): Promise<Response> {
  const { db, user, csrfToken, flash } = c.var;
  const keep = reusable && !flash;
  const key = `${live.key}|${c.req.path}|${csrfToken}|${user?.id}|${user?.name}|${user?.roles.join()}`;
  let page = keep ? pages.get(db, key) : undefined;
  if (!page) {
    const { head, tail } = await around(c, title, content());
    page = { parts: [head, live, tail] };
    if (keep) pages.set(db, key, page);
  }
  return inParts(c, page.parts);
}

async function around(
  c: Ctx,
  title: string,
  content: Child,
): Promise<{ head: SharedText; tail: SharedText }> {
  // The layout c.render uses (set by jsxRenderer in app.tsx, which fills in the Layout prop its
  // type asks for), rendered to text: no Response to read back.
  const Layout = c.getLayout() as unknown as FC<{ title: string; children: Child }>;
  const html = `<!DOCTYPE html>${await (<Layout title={title}>{content}</Layout>).toString()}`;
  const at = html.indexOf(BOARD_SLOT);
  if (at < 0) throw new Error('the page has no board slot');
  return { head: { text: html.slice(0, at) }, tail: { text: html.slice(at + BOARD_SLOT.length) } };
}
