// "A clear message in the user's language": the texts a refusal shows (field errors, the alert,
// the error page, a JSON error) must be messages of the Dutch catalogue, not a raw key, an
// English text or a stack trace. The catalogue is read from src/i18n/messages/, so messages
// added by later issues count without touching this file.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeEntities } from './forms';

type Catalogue = { nl: RegExp[]; en: RegExp[] };

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** "{n} rijen" → /^[\s\S]*? rijen$/: placeholders match any text. */
const pattern = (template: string) =>
  new RegExp(
    `^${template
      .split(/\{\w+\}/)
      .map(escape)
      .join('[\\s\\S]*?')}$`,
  );

/** Templates with at least a few words of their own (a bare "{name}" would match anything). */
const meaningful = (t: string) => t.replace(/\{\w+\}/g, '').trim().length >= 4;

export async function loadCatalogue(): Promise<Catalogue> {
  const dir = fileURLToPath(new URL('../../src/i18n/messages/', import.meta.url));
  const nl: string[] = [];
  const en: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const mod = (await import(join(dir, file))) as Record<string, unknown>;
    for (const part of Object.values(mod)) {
      if (!part || typeof part !== 'object' || !('nl' in part) || !('en' in part)) continue;
      const { nl: dutchPart, en: englishPart } = part as {
        nl: Record<string, string>;
        en: Record<string, string>;
      };
      nl.push(...Object.values(dutchPart).map((s) => s.replace(/\s+/g, ' ').trim()));
      en.push(...Object.values(englishPart).map((s) => s.replace(/\s+/g, ' ').trim()));
    }
  }
  const dutch = new Set(nl);
  return {
    nl: nl.filter(meaningful).map(pattern),
    // English texts that are not also Dutch (names of things can be the same in both).
    en: en.filter((s) => !dutch.has(s) && meaningful(s)).map(pattern),
  };
}

const text = (html: string) =>
  decodeEntities(html.replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();

/** The texts a refusal shows: field errors, alerts, the error page, or a JSON `error`. */
export function refusalTexts(body: string, contentType: string): string[] {
  if (contentType.includes('json')) {
    try {
      const e = (JSON.parse(body) as { error?: unknown }).error;
      return typeof e === 'string' ? [e] : [];
    } catch {
      return [];
    }
  }
  const main = /<main\b[^>]*>([\s\S]*)<\/main>/.exec(body)?.[1] ?? body;
  const pieces: string[] = [];
  for (const [, inner] of main.matchAll(
    /<(?:p|div|li|span|strong)\b[^>]*(?:class="[^"]*\b(?:error|alert)\b[^"]*"|role="alert")[^>]*>([\s\S]*?)<\/(?:p|div|li|span|strong)>/g,
  )) {
    pieces.push(
      ...inner!
        .split(/<\/?(?:p|li|br|strong)\b[^>]*>/)
        .map(text)
        .filter(Boolean),
    );
  }
  // The error page: its heading and explanation.
  const page = /<section class="narrow">\s*<h1>([\s\S]*?)<\/h1>\s*<p>([\s\S]*?)<\/p>/.exec(main);
  if (page) pieces.push(text(page[1]!), text(page[2]!));
  return pieces;
}

/** Why the refusal is not a clear Dutch message, or null when it is. */
export function unclear(c: Catalogue, body: string, contentType: string): string | null {
  const pieces = refusalTexts(body, contentType);
  if (!pieces.some((p) => c.nl.some((re) => re.test(p))))
    return `no Dutch message among ${JSON.stringify(pieces).slice(0, 300)}`;
  const raw = pieces.find((p) => /^[a-z]+(\.[a-zA-Z]+)+$/.test(p));
  if (raw) return `raw message key "${raw}"`;
  const english = pieces.find(
    (p) => c.en.some((re) => re.test(p)) && !c.nl.some((re) => re.test(p)),
  );
  if (english) return `English text "${english}"`;
  if (/\bat [\w.<>]+ \(|node_modules|SQLITE_/.test(body)) return 'a stack trace or database error';
  return null;
}
