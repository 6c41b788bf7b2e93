// Registry fixtures shared by the registry, vault, readiness and CSV tests.
import { crises, type Crisis, type Platform } from '../db/schema';
import { SYSTEM } from '../src/domain/audit/trail';
import { createChannel, setChannelOwners } from '../src/domain/registry/channels';
import { createDepartment, findDepartmentByName } from '../src/domain/registry/departments';
import { createOwner } from '../src/domain/registry/owners';
import type { TestContext } from './helpers';

export function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

export const department = (t: TestContext, name = 'Cultuur') =>
  findDepartmentByName(t.db, name) ?? unwrap(createDepartment(t.db, SYSTEM, name, t.clock.now));

/** "YYYY-MM-DD", `n` days before the test clock. */
export const daysAgo = (t: TestContext, n: number) =>
  new Date(t.clock.now.getTime() - n * 86_400_000).toISOString().slice(0, 10);

export function owner(
  t: TestContext,
  name: string,
  extra: { phone?: string | null; email?: string | null; departmentName?: string } = {},
) {
  return unwrap(
    createOwner(
      t.db,
      SYSTEM,
      {
        name,
        departmentId: department(t, extra.departmentName).id,
        phone: extra.phone === undefined ? '+32 470 12 34 56' : extra.phone,
        email:
          extra.email === undefined
            ? `${name.toLowerCase().replace(/\W+/g, '.')}@test.invalid`
            : extra.email,
        altContact: null,
        userId: null,
        language: 'nl',
        active: true,
      },
      t.clock.now,
    ),
  );
}

type ChannelExtra = Partial<{
  platform: Platform;
  silentDays: number | null;
  exemptionReason: string;
  exemptionUntil: string;
  owners: number[];
  departmentName: string;
}>;

export function channel(t: TestContext, name: string, extra: ChannelExtra = {}) {
  const c = unwrap(
    createChannel(
      t.db,
      SYSTEM,
      {
        platform: extra.platform ?? 'instagram',
        name,
        handle: `@${name.toLowerCase().replace(/\W+/g, '')}`,
        departmentId: department(t, extra.departmentName).id,
        purpose: null,
        status: 'active',
        lastPublishedAt: extra.silentDays === null ? null : daysAgo(t, extra.silentDays ?? 1),
        exemptionReason: extra.exemptionReason ?? null,
        exemptionUntil: extra.exemptionUntil ?? null,
      },
      t.clock.now,
    ),
  );
  if (extra.owners) unwrap(setChannelOwners(t.db, SYSTEM, c.id, extra.owners, t.clock.now));
  return c;
}

/** A crisis row as the crisis module would write it (Article 2 applies unless told otherwise). */
export function crisis(t: TestContext, declaredBy: number, extra: Partial<Crisis> = {}): Crisis {
  const at = t.clock.now.toISOString();
  return t.db
    .insert(crises)
    .values({
      title: 'Stormschade',
      startedAt: at,
      impact: 'major',
      crisisCellLead: 'Burgemeester',
      crisisCellConvenedAt: at,
      declaredBy,
      createdAt: at,
      ...extra,
    })
    .returning()
    .get();
}
