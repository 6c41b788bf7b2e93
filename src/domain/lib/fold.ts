// Accent- and case-insensitive search in SQL, meaning what `fold(text).includes(fold(query))`
// means in JavaScript: "zwembad" finds "Zwémbad", "HELENE" finds "Hélène". SQLite has no
// unaccent and the Workers target cannot register SQL functions, so the folded query becomes a
// GLOB pattern in which every letter is the class of the characters that fold to it
// ("e" → [eEèéêëÈÉ…]). Checking those classes on every row is slow, and almost all text is plain
// ASCII, where LIKE (case-insensitive for ASCII only) already means exactly the same: so
// ASCII-only text takes the LIKE and only text with other characters (more bytes than
// characters) the GLOB.
import { sql, type Placeholder, type SQL, type SQLWrapper } from 'drizzle-orm';

/** Without accents, in lower case: how text is compared when searching. */
export const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

// The characters searched text can hold in the GLOB's classes: Latin, Greek and Cyrillic with
// their extensions, and the letterlike symbols (the Kelvin sign folds to "k"). Text is stored
// in NFC (src/validation.ts), so a letter and its accent are one character there.
const RANGES: [number, number][] = [
  [0x20, 0x24f],
  [0x370, 0x52f],
  [0x1e00, 0x1fff],
  [0x2100, 0x214f],
];
let classes: Map<string, string> | undefined;

/** Built on the first search (a few ms), not when a Worker starts. */
function globClasses(): Map<string, string> {
  if (classes) return classes;
  const members = new Map<string, string[]>();
  for (const [from, to] of RANGES) {
    for (let cp = from; cp <= to; cp++) {
      const ch = String.fromCodePoint(cp);
      const folded = fold(ch);
      if (folded.length === 1 && folded !== ch)
        members.set(folded, [...(members.get(folded) ?? [folded]), ch]);
    }
  }
  // No member is one of GLOB's own characters ([ ] ^ - * ?): test/channel-list.test.ts checks it.
  classes = new Map([...members].map(([c, list]) => [c, `[${list.join('')}]`]));
  return classes;
}

const globChar = (c: string) =>
  globClasses().get(c) ?? (c === '*' || c === '?' || c === '[' ? `[${c}]` : c);

export type TextQuery = { like: string; glob: string };

// SQLite refuses LIKE and GLOB patterns over 50,000 bytes; a class takes at most about 200.
const MAX_CHARS = 200;

/** The patterns for a query (its first 200 characters); null when nothing is left to search for. `whole`: the entire text. */
export function textQuery(query: string, whole = false): TextQuery | null {
  const folded = [...fold(query.trim())].slice(0, MAX_CHARS).join('');
  if (!folded) return null;
  const [any, all] = whole ? ['', ''] : ['*', '%'];
  return {
    like: `${all}${folded.replace(/[\\%_]/g, '\\$&')}${all}`,
    glob: `${any}${[...folded].map(globChar).join('')}${any}`,
  };
}

/** The column's text contains the query (or is it, for a `whole` query), accents and case aside. */
export const matchesText = (
  column: SQLWrapper,
  q: { [K in keyof TextQuery]: TextQuery[K] | Placeholder },
): SQL =>
  sql`(${column} LIKE ${q.like} ESCAPE '\\' OR (length(CAST(${column} AS BLOB)) > length(${column}) AND ${column} GLOB ${q.glob}))`;
