// Demo data for a first start: departments of a Flemish city and one sign-in per role.
// Invented people only. Never run when NODE_ENV=production.
import { SYSTEM } from '../domain/audit/trail';
import type { Db } from '../domain/lib/db';
import { createDepartment } from '../domain/registry/departments';
import { createUser } from '../domain/auth/users';
import { secondFactorRequired } from '../domain/auth/second-factor';
import { enrolKnownTotp } from '../domain/auth/totp';
import type { VaultKeys } from '../domain/vault/vault';
import { seedCrisis } from './crisis';
import { seedRegistry } from './registry';
import type { Role } from '../../db/schema';

export const DEMO_PASSWORD = 'demo-crisis-2026';
/**
 * The demo's authenticator secret (base32), set up for every demo account that needs a second
 * factor: add it to an authenticator app by hand (README "Run it"). Demo only, like the password.
 */
export const DEMO_TOTP_SECRET = 'DEMOCRISISCONSOLETURNHOUTBELGIUM';

export const DEMO_DEPARTMENTS = [
  'Communicatie',
  'Cultuur',
  'Sport',
  'Jeugd',
  'Bibliotheek',
  'Toerisme',
  'Welzijn',
  'Mobiliteit',
  'Economie',
  'Evenementen',
];

export const DEMO_USERS: { name: string; email: string; roles: Role[] }[] = [
  { name: 'Lotte Van den Broeck', email: 'communicatie@demo.invalid', roles: ['communicatie'] },
  { name: 'Jef Peeters', email: 'operator@demo.invalid', roles: ['crisis_operator'] },
  { name: 'Sofie Janssens', email: 'eigenaar@demo.invalid', roles: ['owner'] },
  {
    name: 'Ahmed El Amrani',
    email: 'crisiscel@demo.invalid',
    roles: ['crisis_operator', 'communicatie'],
  },
];

export async function seedDemo(
  db: Db,
  now: Date,
  scryptN: number,
  vault: VaultKeys | null = null,
): Promise<void> {
  for (const name of DEMO_DEPARTMENTS) createDepartment(db, SYSTEM, name, now);
  for (const u of DEMO_USERS) {
    const created = await createUser(
      db,
      SYSTEM,
      { ...u, password: DEMO_PASSWORD, language: 'nl', active: true },
      now,
      scryptN,
    );
    // The secret is sealed with the vault key: without one (a Worker without CREDENTIAL_KEY) the
    // accounts enrol at their first sign-in, once a key is set.
    if (vault && created.ok && secondFactorRequired(created.value, { requiredFor: 'staff' }))
      enrolKnownTotp(db, created.value, vault, DEMO_TOTP_SECRET, now);
  }
  seedRegistry(db, now, vault);
  seedCrisis(db, now);
}
