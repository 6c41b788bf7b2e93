// RFC 4180 CSV, as spreadsheets really write it: an optional UTF-8 byte order mark, quoted
// fields with doubled quotes, CRLF, LF or lone CR line ends, and a comma, semicolon (Flemish
// Excel) or tab (pasted from a sheet) as delimiter, detected from the header line.
/** The largest registry file the import takes (a city's registry is a few hundred KB). */
export const CSV_MAX_BYTES = 2 * 1024 * 1024;

export type CsvRecord = { line: number; cells: string[] };
export type CsvParsed =
  | { ok: true; delimiter: string; records: CsvRecord[] }
  | { ok: false; error: 'csv.unterminatedQuote' | 'csv.textAfterQuote'; line: number };

const DELIMITERS = [',', ';', '\t'] as const;
const BOM = '\uFEFF';

/** The delimiter used most often outside quotes on the first line; a comma when none is. */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

export function parseCsv(input: string, delimiter?: string): CsvParsed {
  const text = input.startsWith(BOM) ? input.slice(1) : input;
  const sep = delimiter ?? detectDelimiter(text);
  const records: CsvRecord[] = [];
  const isEnd = (c: string | undefined) => c === undefined || c === '\n' || c === '\r';
  let pos = 0;
  let line = 1;
  while (pos < text.length) {
    const record: CsvRecord = { line, cells: [] };
    for (;;) {
      let value = '';
      if (text[pos] === '"') {
        // A quoted field runs to the next quote that is not doubled, across line ends.
        const opened = line;
        pos += 1;
        for (;;) {
          if (pos >= text.length)
            return { ok: false, error: 'csv.unterminatedQuote', line: opened };
          const c = text[pos]!;
          if (c === '"' && text[pos + 1] === '"') {
            value += '"';
            pos += 2;
            continue;
          }
          if (c === '"') {
            pos += 1;
            break;
          }
          if (c === '\n' || (c === '\r' && text[pos + 1] !== '\n')) line += 1;
          value += c;
          pos += 1;
        }
        if (text[pos] !== sep && !isEnd(text[pos]))
          return { ok: false, error: 'csv.textAfterQuote', line };
      } else {
        while (text[pos] !== sep && !isEnd(text[pos])) value += text[pos++];
      }
      record.cells.push(value);
      if (text[pos] === sep) {
        pos += 1;
        continue;
      }
      pos += text[pos] === '\r' && text[pos + 1] === '\n' ? 2 : 1;
      line += 1;
      break;
    }
    records.push(record);
  }
  return { ok: true, delimiter: sep, records };
}

// Spreadsheets run a cell that starts with = + - @ as a formula (CSV injection): such cells are
// written with a leading apostrophe, which the import takes off again. Text that itself starts
// with apostrophes before such a character gets one more, so it reads back as it was.
const MARKED = /^'*[=+\-@\t\r]/;

export function neutraliseCell(value: string): string {
  return MARKED.test(value) ? `'${value}` : value;
}

export function restoreCell(value: string): string {
  return value.startsWith("'") && MARKED.test(value.slice(1)) ? value.slice(1) : value;
}

/** One CSV line (CRLF ended) of neutralised, quoted-when-needed cells, as serialiseCsv writes. */
export function csvLine(cells: string[], delimiter = ';'): string {
  const needsQuotes = (v: string) => v.includes(delimiter) || /["\r\n]/.test(v) || v !== v.trim();
  const cell = (raw: string) => {
    const v = neutraliseCell(raw);
    return needsQuotes(v) ? `"${v.replace(/"/g, '""')}"` : v;
  };
  return cells.map(cell).join(delimiter) + '\r\n';
}

/** The byte order mark that makes spreadsheets read a CSV as UTF-8; a streamed CSV writes it first. */
export const CSV_BOM = BOM;

/** One CSV text with a byte order mark (so spreadsheets read UTF-8) and CRLF line ends. */
export function serialiseCsv(rows: string[][], delimiter = ';'): string {
  return BOM + rows.map((r) => csvLine(r, delimiter)).join('');
}

// Windows-1252 differs from Latin-1 only in 0x80–0x9F (the WHATWG Encoding index): € ‚ ƒ „ … † ‡
// ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ. Node 20's TextDecoder('windows-1252') decodes those
// bytes as C1 control characters (Latin-1), which the text fields then drop, so the table is here.
const CP1252_80_9F =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** Windows-1252 bytes → text, byte by byte through the code page table. */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes)
    out += b >= 0x80 && b <= 0x9f ? CP1252_80_9F[b - 0x80] : String.fromCharCode(b);
  return out;
}

/** Bytes from an upload: UTF-8 (with or without BOM), else Windows-1252 as older Excel saves. */
export function decodeCsvBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return decodeWindows1252(bytes);
  }
}
