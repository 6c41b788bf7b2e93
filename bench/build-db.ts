// Builds the benchmark database: a city at crisis scale, written with raw prepared statements in
// big transactions (seconds, not the minutes the domain functions would take one row at a time),
// on a file opened by the app's own openDatabase(), so the real migrations and pragmas apply.
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { PLATFORMS, users } from '../db/schema';
import { hashPassword } from '../src/domain/auth/password';
import { enrolKnownTotp } from '../src/domain/auth/totp';
import { singleKey } from '../src/domain/vault/vault';
import { openDatabase } from '../src/node/database';
import { appendAuditEvents, withoutAuditIndexes } from './build-audit';
import { buildOpenCrisis, buildPastCrises, type OpenCrisis } from './build-crises';
import { DAY, inserter, iso, pick, seeded, type Ctx, type Scale } from './util';

export type { Scale } from './util';

/** The scale: 2,000 channels (4,000 owners), 200 past crises, 300 channels in the open crisis. */
export const CRISIS_SCALE: Scale = {
  channels: 2000,
  departments: 10,
  pastCrises: 200,
  openCases: 300,
  auditEvents: 1_000_000,
};

export const BENCH_PASSWORD = 'bench-crisis-2026';
/** Signs in as the crisis cell does: operator and Communicatie, so every measured page is open to it. */
export const BENCH_EMAIL = 'crisiscel@bench.invalid';
/** The crisis cell needs a second factor (README "Second factor"): the bench user's TOTP secret. */
export const BENCH_TOTP_SECRET = 'BENCHCRISISCONSOLETURNHOUTTOTP22';
/** The vault key the server is started with (bench/server.ts): it seals the TOTP secret above. */
export const BENCH_CREDENTIAL_KEY = Buffer.alloc(32, 'bench').toString('base64');
/** An owner with their own page (`/mine`): co-owner of the channel in every other past crisis. */
export const BENCH_OWNER_EMAIL = 'eigenaar@bench.invalid';

export type BenchDb = {
  path: string;
  openCrisis: OpenCrisis;
  counts: Record<string, number>;
  /** Milliseconds per part, in build order. */
  timings: Record<string, number>;
};

const DEPARTMENTS = [
  'Communicatie',
  'Cultuur',
  'Jeugd',
  'Sport',
  'Bibliotheek',
  'Welzijn',
  'Onderwijs',
  'Toerisme',
  'Mobiliteit',
  'Milieu',
  'Economie',
  'Burgerzaken',
  'Stadsontwikkeling',
  'Preventie',
  'Erfgoed',
];
const TOPICS = [
  'nieuws',
  'evenementen',
  'jeugdwerking',
  'zwembad',
  'academie',
  'markt',
  'wijkwerking',
  'speelpleinen',
  'vrijwilligers',
  'kermis',
  'seniorenraad',
  'fietsplan',
  'buurtwerk',
  'cultuurcentrum',
  'bibliotheek',
  'sporthal',
];
const FIRST = [
  'An',
  'Bart',
  'Chloë',
  'Dirk',
  'Els',
  'Fatima',
  'Geert',
  'Hanne',
  'Ilse',
  'Jan',
  'Karim',
  'Lotte',
  'Mieke',
  'Nora',
  'Pieter',
  'Sofie',
  'Tom',
  'Wim',
];
const LAST = [
  'Peeters',
  'Janssens',
  'Maes',
  'Jacobs',
  'Mertens',
  'Willems',
  'Claes',
  'Goossens',
  'Wouters',
  'De Smet',
  'Van den Broeck',
  'Aerts',
];

async function buildUsers(ctx: Ctx, operators: number) {
  // scrypt at the OWASP cost takes a noticeable fraction of a second: hash once, reuse for everyone.
  const hash = await hashPassword(BENCH_PASSWORD);
  const add = inserter(ctx.sqlite, 'users', [
    'email',
    'name',
    'password_hash',
    'roles',
    'language',
    'created_at',
    'updated_at',
  ]);
  const at = iso(ctx.now.getTime() - 400 * DAY);
  const user = (email: string, name: string, roles: string[]) =>
    add({
      email,
      name,
      password_hash: hash,
      roles: JSON.stringify(roles),
      language: 'nl',
      created_at: at,
      updated_at: at,
    });
  ctx.users.bench = user(BENCH_EMAIL, 'Crisiscel (bench)', ['crisis_operator', 'communicatie']);
  for (let i = 1; i <= operators; i++)
    ctx.users.operators.push(
      user(`operator${i}@bench.invalid`, `Operator ${FIRST[i % FIRST.length]} ${i}`, [
        'crisis_operator',
      ]),
    );
  for (let i = 1; i <= 5; i++)
    ctx.users.communicatie.push(
      user(`communicatie${i}@bench.invalid`, `Communicatie ${LAST[i]}`, ['communicatie']),
    );
  return user(BENCH_OWNER_EMAIL, 'Eigenaar (bench)', ['owner']);
}

function buildRegistry(ctx: Ctx, scale: Scale, ownerUser: number) {
  const { sqlite, rand, now } = ctx;
  const addDept = inserter(sqlite, 'departments', ['name', 'last_drilled_at', 'created_at']);
  const addOwner = inserter(sqlite, 'owners', [
    'name',
    'department_id',
    'phone',
    'email',
    'alt_contact',
    'user_id',
    'language',
    'created_at',
    'updated_at',
  ]);
  const addChannel = inserter(sqlite, 'channels', [
    'platform',
    'name',
    'handle',
    'department_id',
    'purpose',
    'status',
    'last_published_at',
    'created_at',
    'updated_at',
  ]);
  const link = inserter(sqlite, 'channel_owners', ['channel_id', 'owner_id', 'position']);
  const admin = inserter(sqlite, 'admin_access', [
    'channel_id',
    'account',
    'verified_at',
    'verified_by',
  ]);
  const created = iso(now.getTime() - 900 * DAY);
  const departments = Array.from({ length: scale.departments }, (_, i) =>
    addDept({
      name: DEPARTMENTS[i] ?? `Dienst ${i + 1}`,
      last_drilled_at: iso(now.getTime() - (30 + i * 20) * DAY),
      created_at: created,
    }),
  );
  for (let i = 0; i < scale.channels; i++) {
    const departmentId = departments[i % departments.length]!;
    const dept = DEPARTMENTS[(departmentId - 1) % DEPARTMENTS.length]!;
    const platform = PLATFORMS[i % PLATFORMS.length]!;
    const name = `${dept} ${pick(rand, TOPICS)} ${i + 1}`;
    const handle = `@turnhout_${dept.toLowerCase()}_${i + 1}`;
    // Mostly active and recently published; some dormant or unknown, as in any real registry.
    const published =
      i % 17 === 0
        ? null
        : iso(now.getTime() - Math.floor(rand() * (i % 11 === 0 ? 500 : 60)) * DAY);
    const id = addChannel({
      platform,
      name,
      handle,
      department_id: departmentId,
      purpose: `Informatie over ${dept.toLowerCase()} voor inwoners`,
      status: i % 23 === 0 ? 'dormant' : i % 97 === 0 ? 'to_be_removed' : 'active',
      last_published_at: published,
      created_at: created,
      updated_at: created,
    });
    const ownerIds = [1, 2].map((position) => {
      const n = 2 * i + position;
      const name = `${pick(rand, FIRST)} ${pick(rand, LAST)} ${n}`;
      // Every 40th owner has no phone or e-mail registered: the readiness problems a city has.
      const reachable = n % 40 !== 0;
      const email = reachable ? `beheerder${n}@turnhout.invalid` : null;
      const ownerId = addOwner({
        name,
        department_id: departmentId,
        phone: reachable ? `+32 14 44 ${String(n).padStart(4, '0')}` : null,
        email,
        alt_contact: n % 5 === 0 ? 'Teams' : null,
        user_id: n === 1 ? ownerUser : null,
        language: n % 9 === 0 ? 'en' : 'nl',
        created_at: created,
        updated_at: created,
      });
      ctx.owners.set(ownerId, { name, email });
      link({ channel_id: id, owner_id: ownerId, position });
      return ownerId;
    });
    if (platform.startsWith('facebook') && i % 7 !== 0) {
      admin({
        channel_id: id,
        account: 'communicatie@turnhout.invalid',
        verified_at: iso(now.getTime() - (i % 200) * DAY),
        verified_by: ctx.users.communicatie[0]!,
      });
    }
    ctx.channels.push({ id, departmentId, ownerIds, name, handle });
  }
}

const count = (sqlite: Database.Database, table: string) =>
  (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

/** Builds the database in `dir` and reports what it holds and how long each part took. */
export async function buildBenchDb(
  dir: string,
  scale: Scale = CRISIS_SCALE,
  say: (line: string) => void = () => {},
): Promise<BenchDb> {
  const path = join(dir, 'bench.db');
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (part: string) => {
    const t = performance.now();
    timings[part] = Math.round(t - mark);
    say(`  ${part.padEnd(28)} ${(timings[part]! / 1000).toFixed(2)} s`);
    mark = t;
  };
  const { db, sqlite } = openDatabase(path);
  // Only this builder's connection: the server opens the file with synchronous=FULL again.
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -262144');
  lap('open + migrations');
  const ctx: Ctx = {
    sqlite,
    now: new Date(),
    rand: seeded(8),
    users: { operators: [], communicatie: [], bench: 0 },
    channels: [],
    owners: new Map(),
  };
  const ownerUser = await buildUsers(ctx, 20);
  lap('users (one scrypt hash)');
  sqlite.transaction(() => buildRegistry(ctx, scale, ownerUser))();
  lap('registry');
  const past = sqlite.transaction(() => buildPastCrises(ctx, scale))();
  lap('past crises');
  const open = sqlite.transaction(() => buildOpenCrisis(ctx, scale))();
  lap('open crisis');
  withoutAuditIndexes(ctx, () => appendAuditEvents(ctx, scale.auditEvents, past, open), lap);
  // Through the app's own enrolment, after the chain: its audit event is appended to it.
  const benchUser = db.select().from(users).where(eq(users.email, BENCH_EMAIL)).get()!;
  enrolKnownTotp(db, benchUser, singleKey(BENCH_CREDENTIAL_KEY), BENCH_TOTP_SECRET, ctx.now);
  lap('second factor');
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  lap('checkpoint');
  const counts = Object.fromEntries(
    [
      'channels',
      'owners',
      'channel_owners',
      'departments',
      'users',
      'crises',
      'takeover_cases',
      'contact_attempts',
      'holds',
      'notifications',
      'audit_events',
    ].map((t) => [t, count(sqlite, t)]),
  );
  sqlite.close();
  return { path, openCrisis: open.summary, counts, timings };
}
