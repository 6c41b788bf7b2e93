// The Durable Object applies the same drizzle-kit migrations as the Node target, through a
// generated module that names each .sql file. It must follow every `npm run db:generate`.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_MODULE, renderMigrations } from '../../scripts/workers-migrations';

describe('the Workers migrations module', () => {
  it("lists every migration in db/migrations in the journal's order (else: npm run workers:migrations)", () => {
    expect(readFileSync(MIGRATIONS_MODULE, 'utf8')).toBe(renderMigrations());
  });
});
