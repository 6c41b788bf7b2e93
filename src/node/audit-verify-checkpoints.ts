// The checkpoints' half of npm run audit:verify: the stored checkpoints and any witnessed ones
// (files an auditor kept: a note, or the text of the e-mail that carried it) checked against the
// database file after its chain walk, each on the file's own read-only connection.
import Database from 'better-sqlite3';
import type { ChainReport } from '../domain/audit/chain';
import {
  checkCheckpoints,
  type CheckpointReport,
  type TrailView,
} from '../domain/audit/checkpoints';
import type { VerifierKey } from '../domain/audit/checkpoint';
import { GENESIS_HASH } from '../domain/audit/chain';

// A note inside any text: origin, size, root hash, extension lines, a blank line, signature lines.
const NOTE =
  /^[^\n]+\n(?:0|[1-9][0-9]*)\n[A-Za-z0-9+/]{43}=\n(?:[^\n]+\n)*?\n(?:\u2014 [^\n]+\n)+/gmu;

/** An e-mail saved as it arrived (.eml): its body quoted-printable or base64 decoded, else null. */
function mailBody(text: string): string | null {
  const split = text.search(/\r?\n\r?\n/);
  const encoding = /^content-transfer-encoding:[ \t]*(quoted-printable|base64)[ \t]*$/im
    .exec(text.slice(0, Math.max(split, 0)))?.[1]
    ?.toLowerCase();
  const body = text.slice(split).trim();
  if (encoding === 'base64') return Buffer.from(body, 'base64').toString('utf8');
  if (encoding !== 'quoted-printable') return null;
  const bytes = body
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** Every signed note in a text (a .note file, an e-mail's text or the saved e-mail, a digest). */
export const notesIn = (text: string): string[] => [
  ...new Set(
    [text, mailBody(text) ?? ''].flatMap((t) =>
      [...`${t.replace(/\r\n/g, '\n')}\n`.matchAll(NOTE)].map((m) => m[0]),
    ),
  ),
];

export function checkFileCheckpoints(
  path: string,
  trusted: VerifierKey[],
  chain: ChainReport,
  witnessed: string[],
): CheckpointReport {
  const sqlite = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const hashAt = sqlite.prepare('SELECT hash FROM audit_events WHERE seq = ?').pluck();
    const trail: TrailView = {
      length: (sqlite.prepare('SELECT max(seq) FROM audit_events').pluck().get() as number) ?? 0,
      hashAt: (seq) => (seq === 0 ? GENESIS_HASH : ((hashAt.get(seq) as string) ?? null)),
    };
    const stored = sqlite
      .prepare('SELECT number, made_at AS madeAt, note FROM checkpoints ORDER BY number')
      .all() as { number: number; madeAt: string; note: string }[];
    return checkCheckpoints(
      [
        ...stored.map((s) => ({ ...s, witnessed: false })),
        ...witnessed.map((note) => ({ note, witnessed: true })),
      ],
      trusted,
      chain,
      trail,
    );
  } finally {
    sqlite.close();
  }
}
