// The demo registry: 42 channels of an invented Flemish city across its 10 departments, with
// owners (invented names, phones and @demo.invalid addresses), Communicatie's access and a few
// deliberate readiness problems, so the readiness page shows something real. All names,
// numbers and passwords are made up.
import { eq } from 'drizzle-orm';
import { adminAccess, credentials, users } from '../../db/schema';
import { putAdminAccess } from '../domain/registry/access';
import { SYSTEM } from '../domain/audit/trail';
import { putChannelOwners, insertChannel } from '../domain/registry/channels';
import { putCredentials } from '../domain/vault/credentials';
import { transaction, type Db } from '../domain/lib/db';
import { findDepartmentByName } from '../domain/registry/departments';
import { insertOwner } from '../domain/registry/owners';
import { revealCredentials } from '../domain/vault/reveal';
import type { VaultKeys } from '../domain/vault/vault';
import { toBrusselsLocal } from '../i18n/format';
import { DEMO_CHANNELS, DEMO_OWNERS } from './registry-data';

const DAY = 86_400_000;
/** The demo's platform accounts' authenticator secret (RFC 6238's test key, base32). */
export const DEMO_PLATFORM_TOTP = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: string }, what: string): T {
  if (!r.ok) throw new Error(`demo registry: ${what}: ${r.error}`);
  return r.value;
}

export function seedRegistry(db: Db, now: Date, vault: VaultKeys | null): void {
  const daysAgo = (n: number) => toBrusselsLocal(new Date(now.getTime() - n * DAY)).slice(0, 10);
  const isoDaysAgo = (n: number) => new Date(now.getTime() - n * DAY).toISOString();
  const demoOwnerUser = db
    .select()
    .from(users)
    .where(eq(users.email, 'eigenaar@demo.invalid'))
    .get();
  let revealOn: number | null = null;

  transaction(db, (tx) => {
    const ownerIds = new Map<string, number>();
    for (const o of DEMO_OWNERS) {
      const department = findDepartmentByName(tx, o.department)!;
      const owner = unwrap(
        insertOwner(
          tx,
          SYSTEM,
          {
            name: o.name,
            departmentId: department.id,
            phone: o.phone ?? null,
            email: o.email ?? null,
            altContact: o.alt ?? null,
            userId: o.linkDemoUser && demoOwnerUser ? demoOwnerUser.id : null,
            language: o.language ?? 'nl',
            active: true,
          },
          now,
        ),
        o.name,
      );
      ownerIds.set(o.name, owner.id);
    }
    DEMO_CHANNELS.forEach((c, i) => {
      const department = findDepartmentByName(tx, c.department)!;
      const channel = unwrap(
        insertChannel(
          tx,
          SYSTEM,
          {
            platform: c.platform,
            name: c.name,
            handle: c.handle,
            departmentId: department.id,
            purpose: c.purpose,
            status: 'active',
            lastPublishedAt: daysAgo(c.silentDays),
            exemptionReason: c.exemption?.reason ?? null,
            exemptionUntil: c.exemption ? daysAgo(-c.exemption.daysLeft) : null,
          },
          now,
        ),
        c.name,
      );
      unwrap(
        putChannelOwners(
          tx,
          SYSTEM,
          channel.id,
          c.owners.map((n) => ownerIds.get(n)!),
          now,
        ),
        `owners of ${c.name}`,
      );
      if (c.access === 'none') return;
      if (c.platform === 'facebook_page' || c.platform === 'facebook_group') {
        unwrap(
          putAdminAccess(tx, SYSTEM, channel.id, 'Meta Business-account Communicatie', now),
          `admin of ${c.name}`,
        );
        // Demo history: this admin role was last checked long ago.
        if (c.access === 'stale')
          tx.update(adminAccess)
            .set({ verifiedAt: isoDaysAgo(120) })
            .where(eq(adminAccess.channelId, channel.id))
            .run();
        return;
      }
      if (!vault) return;
      unwrap(
        putCredentials(
          tx,
          SYSTEM,
          channel.id,
          {
            username: c.handle.replace(/^@/, '').replace(/^https?:\/\/[^/]+\/@?/, ''),
            password: `Demo-${c.platform}-${(i * 7919) % 9973}-Kanaal!`,
            twoFactor:
              i % 3 === 0
                ? 'SMS naar de dienstgsm van Communicatie (+32 470 00 00 00). Herstelcodes: 4821-0932, 7710-2284.'
                : '',
            // One of each way past two-step verification; the owner's phone is readiness's dead end.
            twoFactorMethod: (['communicatie_phone', 'codes_in_vault', 'owner_phone'] as const)[
              i % 3
            ],
            totp: i % 3 === 1 ? DEMO_PLATFORM_TOTP : null,
          },
          vault,
          now,
        ),
        `login details of ${c.name}`,
      );
      // Demo history: these login details were entered more than a year ago.
      if (c.access === 'old')
        tx.update(credentials)
          .set({ changedAt: isoDaysAgo(400), verifiedAt: isoDaysAgo(60) })
          .where(eq(credentials.channelId, channel.id))
          .run();
      if (c.access === 'revealed') revealOn = channel.id;
    });
  });

  // One verification reveal by Communicatie, not yet followed by a new password.
  const communicatie = db
    .select()
    .from(users)
    .where(eq(users.email, 'communicatie@demo.invalid'))
    .get();
  if (revealOn !== null && communicatie && vault) {
    unwrap(
      revealCredentials(
        db,
        {
          actor: { userId: communicatie.id, role: 'communicatie' },
          roles: communicatie.roles,
          name: communicatie.name,
        },
        {
          channelId: revealOn,
          crisisId: null,
          reason: 'Controle van de logingegevens na de overdracht van het festivalteam',
        },
        vault,
        now,
      ),
      'reveal',
    );
  }
}
