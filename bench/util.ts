// Helpers the database builder's parts share: fast inserts, a seeded random source, time units.
import type Database from 'better-sqlite3';

export type Scale = {
  channels: number;
  departments: number;
  pastCrises: number;
  openCases: number;
  auditEvents: number;
};

export type Ctx = {
  sqlite: Database.Database;
  now: Date;
  rand: () => number;
  users: { operators: number[]; communicatie: number[]; bench: number };
  channels: {
    id: number;
    departmentId: number;
    ownerIds: number[];
    name: string;
    handle: string;
  }[];
  owners: Map<number, { name: string; email: string | null }>;
};

/** `INSERT INTO table (cols) VALUES (@cols)`: returns a function that inserts one row and gives its rowid. */
export function inserter(sqlite: Database.Database, table: string, columns: string[]) {
  const stmt = sqlite.prepare(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
  );
  return (row: Record<string, unknown>) => Number(stmt.run(row).lastInsertRowid);
}

/** A small seeded generator: every build makes the same city, so runs compare. */
export function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const pick = <T>(rand: () => number, list: readonly T[]): T =>
  list[Math.floor(rand() * list.length)]!;
export const iso = (ms: number) => new Date(ms).toISOString();
export const MIN = 60_000;
export const DAY = 86_400_000;
