// The registry as a spreadsheet (cities keep it in one today): one row per channel, its owners
// in order in owner_1_*, owner_2_*, ... columns. Export → import changes nothing. The import
// checks every row and writes all rows or none; login details never travel in a CSV.
import { asc, eq } from 'drizzle-orm';
import {
  CHANNEL_STATUSES,
  PLATFORMS,
  adminAccess,
  channels,
  credentials,
  departments,
  type Platform,
} from '../../../db/schema';
import { label, translator, type MessageKey } from '../../i18n';
import { accessKind } from './access';
import { listChannelOwners } from './channels';
import { parseCsv, restoreCell, serialiseCsv } from '../lib/csv';
import type { Db } from '../lib/db';

export const CHANNEL_COLUMNS = [
  'platform',
  'name',
  'handle',
  'department',
  'purpose',
  'status',
  'last_published',
  'exemption_reason',
  'exemption_until',
  'admin_account',
] as const;
export const OWNER_FIELDS = ['name', 'phone', 'email', 'alt'] as const;
/** Written by the export for reading only; the import skips them. */
export const READ_ONLY_COLUMNS = ['login_details_stored', 'access_verified_at'] as const;
export const REQUIRED_COLUMNS = ['platform', 'name', 'handle', 'department'] as const;
export const MAX_IMPORT_ROWS = 5000;

export type RowError = {
  line: number;
  column?: string;
  message: MessageKey;
  params?: Record<string, string | number>;
};
export type ImportSummary = {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  ownersCreated: number;
  ownersUpdated: number;
};
export type ImportResult = { ok: true; summary: ImportSummary } | { ok: false; errors: RowError[] };

const ownerColumn = (n: number, field: (typeof OWNER_FIELDS)[number]) => `owner_${n}_${field}`;

/** The whole registry as CSV rows; `ownerSlots` is at least 2 so the template shows a backup. */
export function exportRows(db: Db): string[][] {
  const rows = db
    .select({
      channel: channels,
      department: departments.name,
      admin: adminAccess,
      stored: credentials.channelId,
    })
    .from(channels)
    .innerJoin(departments, eq(departments.id, channels.departmentId))
    .leftJoin(adminAccess, eq(adminAccess.channelId, channels.id))
    .leftJoin(credentials, eq(credentials.channelId, channels.id))
    .orderBy(asc(departments.name), asc(channels.name))
    .all()
    .map((r) => ({ ...r, owners: listChannelOwners(db, r.channel.id) }));
  const slots = Math.max(2, ...rows.map((r) => r.owners.length));
  const header = [
    ...CHANNEL_COLUMNS,
    ...Array.from({ length: slots }, (_, i) =>
      OWNER_FIELDS.map((f) => ownerColumn(i + 1, f)),
    ).flat(),
    ...READ_ONLY_COLUMNS,
  ];
  const body = rows.map(({ channel: c, department, admin, stored, owners }) => [
    c.platform,
    c.name,
    c.handle,
    department,
    c.purpose ?? '',
    c.status,
    c.lastPublishedAt ?? '',
    c.exemptionReason ?? '',
    c.exemptionUntil ?? '',
    admin?.account ?? '',
    ...Array.from({ length: slots }, (_, i) => {
      const o = owners[i];
      return o ? [o.name, o.phone ?? '', o.email ?? '', o.altContact ?? ''] : ['', '', '', ''];
    }).flat(),
    stored ? 'yes' : 'no',
    (admin?.verifiedAt ?? '').slice(0, 10),
  ]);
  return [header, ...body];
}

export const exportCsv = (db: Db) => serialiseCsv(exportRows(db));

/** "Facebook-pagina", "facebook_page" and "Facebook page" all mean facebook_page. */
function closedValue<T extends string>(
  values: readonly T[],
  group: string,
  raw: string,
): T | string {
  const wanted = raw.trim().toLowerCase();
  const nl = translator('nl');
  const en = translator('en');
  return (
    values.find(
      (v) =>
        v === wanted ||
        label(nl, group, v).toLowerCase() === wanted ||
        label(en, group, v).toLowerCase() === wanted,
    ) ?? raw.trim()
  );
}

/** Spreadsheets write dates as 25/11/2026 or 25-11-2026 in Flanders; ISO stays as it is. */
export function normaliseDate(raw: string): string {
  const s = raw.trim();
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) return `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return /^\d{4}-\d{2}-\d{2}T/.test(s) ? s.slice(0, 10) : s;
}

export type SheetRow = {
  line: number;
  channel: Record<(typeof CHANNEL_COLUMNS)[number], string>;
  owners: { slot: number; name: string; phone: string; email: string; alt: string }[];
};

/** CSV text → rows keyed by column, or errors about the file's shape (no row is read then). */
export function readSheet(
  text: string,
): { ok: true; rows: SheetRow[] } | { ok: false; errors: RowError[] } {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { ok: false, errors: [{ line: parsed.line, message: parsed.error }] };
  const [head, ...records] = parsed.records.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (!head) return { ok: false, errors: [{ line: 1, message: 'csv.empty' }] };
  const columns = head.cells.map((c) => c.trim().toLowerCase());
  const known = new Set<string>([...CHANNEL_COLUMNS, ...READ_ONLY_COLUMNS]);
  const errors: RowError[] = [];
  columns.forEach((col) => {
    if (!known.has(col) && !/^owner_[1-9]\d?_(name|phone|email|alt)$/.test(col)) {
      errors.push({ line: head.line, column: col, message: 'csv.unknownColumn' });
    }
  });
  for (const col of REQUIRED_COLUMNS) {
    if (!columns.includes(col))
      errors.push({ line: head.line, column: col, message: 'csv.missingColumn' });
  }
  if (new Set(columns).size !== columns.length)
    errors.push({ line: head.line, message: 'csv.duplicateColumn' });
  if (records.length > MAX_IMPORT_ROWS)
    errors.push({ line: head.line, message: 'csv.tooManyRows', params: { max: MAX_IMPORT_ROWS } });
  if (errors.length) return { ok: false, errors };
  const slots = [
    ...new Set(
      columns
        .map((c) => /^owner_(\d+)_/.exec(c)?.[1])
        .filter(Boolean)
        .map(Number),
    ),
  ].sort((a, b) => a - b);
  const rows = records.map(({ line, cells }) => {
    const cell = (col: string) => {
      const i = columns.indexOf(col);
      return i < 0 ? '' : restoreCell(cells[i] ?? '');
    };
    return {
      line,
      channel: Object.fromEntries(CHANNEL_COLUMNS.map((c) => [c, cell(c)])) as SheetRow['channel'],
      owners: slots
        .map((slot) => ({
          slot,
          name: cell(ownerColumn(slot, 'name')),
          phone: cell(ownerColumn(slot, 'phone')),
          email: cell(ownerColumn(slot, 'email')),
          alt: cell(ownerColumn(slot, 'alt')),
        }))
        .filter((o) => [o.name, o.phone, o.email, o.alt].some((v) => v.trim() !== '')),
    };
  });
  return { ok: true, rows };
}

export const platformOf = (raw: string) => closedValue<Platform>(PLATFORMS, 'platform', raw);
export const statusOf = (raw: string) =>
  raw.trim() ? closedValue(CHANNEL_STATUSES, 'status', raw) : 'active';
export const adminAllowed = (platform: string) =>
  (PLATFORMS as readonly string[]).includes(platform) &&
  accessKind(platform as Platform) === 'admin';
