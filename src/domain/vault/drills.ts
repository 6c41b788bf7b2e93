// Access drills: Communicatie tries its access on the platform itself (the admin role still
// there, the login details still work) and records what it found, per channel or for a whole
// department at once. A working access refreshes its "last verified" date; a department drill
// also dates the department. One transaction, one `access.drilled` event with every result.
// A channel connected to its platform's API is checked there (askPlatforms: the token, and the
// admin role or tasks) and its result is the platform's, whatever was ticked; the operator's
// choice stands only when the platform did not answer.
import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import {
  adminAccess,
  channels,
  credentials,
  departments,
  platformConnections,
  type Platform,
} from '../../../db/schema';
import type { Config } from '../../config';
import type { PlatformProblem } from '../platforms/connector';
import { accessKind, type AccessKind } from '../registry/access';
import { recordEvent, type Actor } from '../audit/trail';
import { openRow } from './credentials';
import { transaction, type Db } from '../lib/db';
import { fail, ok, type Result } from '../lib/result';
import { connectorOf, getConnection } from './connections';
import { accessFinding } from './platform-checks';
import type { VaultKeys } from './vault';

export const DRILL_RESULTS = ['ok', 'failed', 'skip'] as const;
export type DrillResult = (typeof DRILL_RESULTS)[number];
export type DrillScope = { departmentId: number } | { channelId: number };

export type DrillItem = {
  id: number;
  name: string;
  platform: Platform;
  handle: string;
  kind: AccessKind;
  /** The admin account (Facebook) or the login details' existence; null: no access recorded. */
  account: string | null;
  hasLogin: boolean;
  verifiedAt: string | null;
  /** Connected to its platform's API: the drill asks the platform. */
  connected: boolean;
};
export type Drill = { department: typeof departments.$inferSelect; items: DrillItem[] };

/** The channels a drill covers, with the access to try on each. */
export function loadDrill(db: Db, scope: DrillScope): Drill | null {
  const channelId = 'channelId' in scope ? scope.channelId : undefined;
  const departmentId =
    'departmentId' in scope
      ? scope.departmentId
      : db
          .select({ d: channels.departmentId })
          .from(channels)
          .where(eq(channels.id, scope.channelId))
          .get()?.d;
  const department =
    departmentId === undefined
      ? undefined
      : db.select().from(departments).where(eq(departments.id, departmentId)).get();
  if (!department) return null;
  const rows = db
    .select({
      c: channels,
      admin: adminAccess,
      loginId: credentials.channelId,
      loginVerifiedAt: credentials.verifiedAt,
    })
    .from(channels)
    .leftJoin(adminAccess, eq(adminAccess.channelId, channels.id))
    .leftJoin(credentials, eq(credentials.channelId, channels.id))
    .where(
      and(
        eq(channels.departmentId, department.id),
        isNull(channels.archivedAt),
        ne(channels.status, 'removed'),
        channelId === undefined ? undefined : eq(channels.id, channelId),
      ),
    )
    .orderBy(asc(channels.name))
    .all();
  const items = rows.map(({ c, admin, loginId, loginVerifiedAt }): DrillItem => {
    const kind = accessKind(c.platform);
    return {
      id: c.id,
      name: c.name,
      platform: c.platform,
      handle: c.handle,
      kind,
      account: kind === 'admin' ? (admin?.account ?? null) : null,
      hasLogin: kind === 'login' && loginId !== null,
      verifiedAt: kind === 'admin' ? (admin?.verifiedAt ?? null) : loginVerifiedAt,
      connected: !!getConnection(db, c.id),
    };
  });
  return { department, items };
}

const hasAccess = (i: DrillItem) => (i.kind === 'admin' ? i.account !== null : i.hasLogin);

/** What the platform said of a connected channel's access. */
export type ApiFinding = { result: 'ok' | 'failed'; problem: PlatformProblem | null };

/** Asks the platform of every connected channel in the drill (in parallel) about its access. */
export async function askPlatforms(
  db: Db,
  config: Config,
  scope: DrillScope,
): Promise<Record<number, ApiFinding>> {
  const connected = (loadDrill(db, scope)?.items ?? []).filter((i) => i.connected);
  const asked = await Promise.all(
    connected.map(async (i) => {
      const connector = connectorOf(db, config, i.id);
      const found = accessFinding(connector.ok ? await connector.value.checkAccess() : connector);
      return [i.id, found] as const;
    }),
  );
  const findings: Record<number, ApiFinding> = {};
  for (const [id, found] of asked)
    if (found) findings[id] = { result: found.problem ? 'failed' : 'ok', problem: found.problem };
  return findings;
}

export function recordDrill(
  db: Db,
  actor: Actor,
  input: {
    scope: DrillScope;
    results: Record<number, DrillResult>;
    api?: Record<number, ApiFinding>;
  },
  vault: VaultKeys | null,
  now: Date,
): Result<{ ok: number; failed: number }> {
  return transaction(db, (t) => {
    const tx = t as unknown as Db;
    const drill = loadDrill(tx, input.scope);
    if (!drill) return fail('drill.notFound', { status: 404 });
    const at = now.toISOString();
    const api = input.api ?? {};
    const results = drill.items
      .filter((i) => hasAccess(i) || api[i.id])
      .map((i) => ({
        item: i,
        result: api[i.id]?.result ?? input.results[i.id] ?? 'skip',
        api: api[i.id] ?? null,
      }))
      .filter((r) => r.result !== 'skip');
    if (!results.length) return fail('drill.nothing', { field: 'results', status: 422 });
    for (const { item, result, api: found } of results) {
      // The platform's answer is also the connection's last access check (readiness).
      if (found)
        tx.update(platformConnections)
          .set({
            checkedAt: at,
            checkProblem: found.problem,
            version: sql`${platformConnections.version} + 1`,
          })
          .where(eq(platformConnections.channelId, item.id))
          .run();
      if (result !== 'ok') continue;
      if (item.kind === 'admin') {
        tx.update(adminAccess)
          .set({
            verifiedAt: at,
            verifiedBy: actor.userId,
            version: sql`${adminAccess.version} + 1`,
          })
          .where(eq(adminAccess.channelId, item.id))
          .run();
      } else if (item.hasLogin) {
        const row = tx.select().from(credentials).where(eq(credentials.channelId, item.id)).get()!;
        // "They still work" cannot be true of details the vault no longer opens.
        const opened = openRow(vault, row);
        if (!opened.ok) return opened;
        tx.update(credentials)
          .set({ verifiedAt: at, verifiedBy: actor.userId, version: row.version + 1 })
          .where(eq(credentials.channelId, item.id))
          .run();
      }
    }
    const whole = 'departmentId' in input.scope;
    if (whole) {
      tx.update(departments)
        .set({ lastDrilledAt: at, version: drill.department.version + 1 })
        .where(eq(departments.id, drill.department.id))
        .run();
    }
    recordEvent(tx, {
      at: now,
      actor,
      action: 'access.drilled',
      departmentId: drill.department.id,
      channelId: whole ? null : (drill.items[0]?.id ?? null),
      details: {
        scope: whole ? 'department' : 'channel',
        results: results.map(({ item, result, api: found }) => ({
          channelId: item.id,
          channel: item.name,
          kind: item.kind,
          result,
          via: found ? 'api' : 'manual',
          ...(found?.problem ? { problem: found.problem } : {}),
          previousVerifiedAt: item.verifiedAt,
        })),
      },
    });
    const failed = results.filter((r) => r.result === 'failed').length;
    return ok({ ok: results.length - failed, failed });
  });
}
