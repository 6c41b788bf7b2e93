// The CSV import: every row is checked with the same domain rules as the forms, inside one
// transaction; when any row fails, the transaction is rolled back and the page lists every
// failing row. A channel is matched on platform + handle, an owner on e-mail address or on
// name within the channel's department. Empty owner cells never erase contact details.
import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { owners, type Channel, type Owner } from '../../../db/schema';
import type { MessageKey } from '../../i18n';
import { getAdminAccess, putAdminAccess } from './access';
import { recordEvent, type Actor } from '../audit/trail';
import {
  channelSchema,
  changeChannel,
  findChannelByHandle,
  insertChannel,
  listChannelOwners,
  putChannelOwners,
  type ChannelInput,
} from './channels';
import { transaction, type Db } from '../lib/db';
import { findDepartmentByName } from './departments';
import { changeOwner, insertOwner, ownerSchema, type OwnerInput } from './owners';
import {
  adminAllowed,
  normaliseDate,
  platformOf,
  readSheet,
  statusOf,
  type ImportResult,
  type ImportSummary,
  type RowError,
  type SheetRow,
} from './csv';
import type { Failure } from '../lib/result';

const CHANNEL_COLUMN: Record<string, string> = {
  platform: 'platform',
  name: 'name',
  handle: 'handle',
  departmentId: 'department',
  purpose: 'purpose',
  status: 'status',
  lastPublishedAt: 'last_published',
  exemptionReason: 'exemption_reason',
  exemptionUntil: 'exemption_until',
};
const OWNER_FIELD: Record<string, string> = {
  name: 'name',
  phone: 'phone',
  email: 'email',
  altContact: 'alt',
};

class Rollback extends Error {}

/** A zod issue as a catalogue key, like the forms show it. */
function issueKey(issue: z.core.$ZodIssue): Pick<RowError, 'message' | 'params'> {
  if (/^[a-z]+\.[\w.]+$/.test(issue.message)) return { message: issue.message as MessageKey };
  if (issue.code === 'too_big')
    return { message: 'field.tooLong', params: { max: Number(issue.maximum) } };
  if (issue.code === 'invalid_value') return { message: 'field.choice' };
  return { message: 'field.invalid' };
}

type Ctx = {
  tx: Db;
  actor: Actor;
  now: Date;
  errors: RowError[];
  summary: ImportSummary;
  seen: Map<number, { line: number; input: OwnerInput }>;
};

const failure = (
  line: number,
  f: Failure,
  columns: Record<string, string>,
  prefix = '',
): RowError => ({
  line,
  column: f.field ? prefix + (columns[f.field] ?? f.field) : undefined,
  message: f.error,
  params: f.params,
});

const sameChannel = (c: Channel, input: ChannelInput) =>
  (Object.keys(input) as (keyof ChannelInput)[]).every((k) => c[k] === input[k]);

/** Checks one owner_N_* group (merged over the stored owner, if any); errors go to the report. */
function parseOwner(
  ctx: Ctx,
  line: number,
  o: SheetRow['owners'][number],
  departmentId: number,
  existing?: Owner,
): OwnerInput | null {
  const parsed = ownerSchema.safeParse({
    name: o.name,
    departmentId: existing?.departmentId ?? departmentId,
    phone: o.phone || existing?.phone || '',
    email: o.email || existing?.email || '',
    altContact: o.alt || existing?.altContact || '',
    userId: existing?.userId ?? '',
    language: existing?.language ?? 'nl',
    active: 'on',
  });
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    ctx.errors.push({
      line,
      column: `owner_${o.slot}_${OWNER_FIELD[String(issue.path[0])] ?? 'name'}`,
      ...issueKey(issue),
    });
  }
  return null;
}

/** Finds or creates the owner of one owner_N_* group; returns its id, or null after an error. */
function ownerFor(
  ctx: Ctx,
  line: number,
  o: SheetRow['owners'][number],
  departmentId: number,
): number | null {
  const prefix = `owner_${o.slot}_`;
  const email = o.email.trim().toLowerCase();
  const existing: Owner | undefined =
    (email ? ctx.tx.select().from(owners).where(eq(owners.email, email)).get() : undefined) ??
    ctx.tx
      .select()
      .from(owners)
      .where(
        and(
          eq(owners.departmentId, departmentId),
          sql`lower(${owners.name}) = lower(${o.name.trim()})`,
        ),
      )
      .get();
  const input = parseOwner(ctx, line, o, departmentId, existing);
  if (!input) return null;
  if (existing) {
    const earlier = ctx.seen.get(existing.id);
    if (earlier && JSON.stringify(earlier.input) !== JSON.stringify(input)) {
      ctx.errors.push({
        line,
        column: `${prefix}name`,
        message: 'csv.ownerDiffers',
        params: { line: earlier.line },
      });
      return null;
    }
    const changed = (Object.keys(input) as (keyof OwnerInput)[]).some(
      (k) => existing[k] !== input[k],
    );
    if (changed) {
      const r = changeOwner(ctx.tx, ctx.actor, existing.id, input, existing.version, ctx.now);
      if (!r.ok) {
        ctx.errors.push(failure(line, r, OWNER_FIELD, prefix));
        return null;
      }
      ctx.summary.ownersUpdated += 1;
    }
    ctx.seen.set(existing.id, earlier ?? { line, input });
    return existing.id;
  }
  const r = insertOwner(ctx.tx, ctx.actor, input, ctx.now);
  if (!r.ok) {
    ctx.errors.push(failure(line, r, OWNER_FIELD, prefix));
    return null;
  }
  ctx.summary.ownersCreated += 1;
  ctx.seen.set(r.value.id, { line, input });
  return r.value.id;
}

function applyRow(ctx: Ctx, row: SheetRow): void {
  const { tx, actor, now, errors } = ctx;
  const c = row.channel;
  const before = errors.length;
  const department = findDepartmentByName(tx, c.department);
  if (!department) {
    errors.push({
      line: row.line,
      column: 'department',
      message: c.department.trim() ? 'csv.departmentUnknown' : 'field.required',
      params: { name: c.department },
    });
    return;
  }
  const parsed = channelSchema.safeParse({
    platform: platformOf(c.platform),
    name: c.name,
    handle: c.handle,
    departmentId: department.id,
    purpose: c.purpose,
    status: statusOf(c.status),
    lastPublishedAt: normaliseDate(c.last_published),
    exemptionReason: c.exemption_reason,
    exemptionUntil: normaliseDate(c.exemption_until),
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      errors.push({
        line: row.line,
        column: CHANNEL_COLUMN[String(issue.path[0])],
        ...issueKey(issue),
      });
    }
    // Report the owner cells of this row too, so one round of corrections fixes the file.
    for (const o of row.owners) parseOwner(ctx, row.line, o, department.id);
    return;
  }
  const input = parsed.data;
  const existing = findChannelByHandle(tx, input.platform, input.handle);
  let changed = !existing;
  let channelId = existing?.id ?? 0;
  if (existing && !sameChannel(existing, input)) {
    const r = changeChannel(
      tx,
      actor,
      existing.id,
      { ...input, handle: existing.handle },
      existing.version,
      now,
    );
    if (!r.ok) {
      errors.push(failure(row.line, r, CHANNEL_COLUMN));
      return;
    }
    changed = true;
  } else if (!existing) {
    const r = insertChannel(tx, actor, input, now);
    if (!r.ok) {
      errors.push(failure(row.line, r, CHANNEL_COLUMN));
      return;
    }
    channelId = r.value.id;
  }
  const account = c.admin_account.trim();
  if (account) {
    if (!adminAllowed(input.platform))
      errors.push({ line: row.line, column: 'admin_account', message: 'csv.adminNotForPlatform' });
    else {
      const prior = getAdminAccess(tx, channelId)?.account;
      // An import names the account; it does not show anyone looked: recorded unverified.
      const r = putAdminAccess(tx, actor, channelId, account, now, false);
      if (!r.ok) errors.push(failure(row.line, r, { account: 'admin_account' }));
      changed ||= prior !== account;
    }
  }
  const ids = row.owners.map((o) => ownerFor(ctx, row.line, o, department.id));
  if (errors.length > before) return;
  const ownerIds = ids as number[];
  if (ownerIds.length) {
    const previous = listChannelOwners(tx, channelId)
      .map((o) => o.id)
      .join();
    const r = putChannelOwners(tx, actor, channelId, ownerIds, now);
    if (!r.ok) {
      errors.push({ line: row.line, column: 'owner_1_name', message: r.error });
      return;
    }
    changed ||= previous !== ownerIds.join();
  }
  if (!existing) ctx.summary.created += 1;
  else if (changed) ctx.summary.updated += 1;
  else ctx.summary.unchanged += 1;
}

/** Imports the CSV text: all rows or none. Rows are counted from the spreadsheet's line 1. */
export function importRegistry(db: Db, actor: Actor, text: string, now: Date): ImportResult {
  const sheet = readSheet(text);
  if (!sheet.ok) return sheet;
  const errors: RowError[] = [];
  const first = new Map<string, number>();
  for (const row of sheet.rows) {
    const key = `${platformOf(row.channel.platform)}|${row.channel.handle.trim().toLowerCase()}`;
    const line = first.get(key);
    if (line !== undefined && row.channel.handle.trim())
      errors.push({
        line: row.line,
        column: 'handle',
        message: 'csv.duplicateRow',
        params: { line },
      });
    else first.set(key, row.line);
  }
  if (errors.length) return { ok: false, errors };
  const summary: ImportSummary = {
    rows: sheet.rows.length,
    created: 0,
    updated: 0,
    unchanged: 0,
    ownersCreated: 0,
    ownersUpdated: 0,
  };
  try {
    return transaction(db, (tx) => {
      const ctx: Ctx = { tx, actor, now, errors, summary, seen: new Map() };
      for (const row of sheet.rows) applyRow(ctx, row);
      if (errors.length) throw new Rollback();
      recordEvent(tx, { at: now, actor, action: 'registry.imported', details: { ...summary } });
      return { ok: true as const, summary };
    });
  } catch (e) {
    if (e instanceof Rollback) return { ok: false, errors };
    throw e;
  }
}
