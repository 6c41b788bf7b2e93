import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { auditEvents, users } from '../db/schema';
import { SYSTEM, recordEvent, verifyChain } from '../src/domain/audit/trail';
import { transaction } from '../src/domain/lib/db';
import { openDatabase } from '../src/node/database';
import { setup } from './helpers';

const run = promisify(execFile);

describe.each([
  ['', false],
  [" (with the server's group commit)", true],
])('a database that cannot write%s', (_, groupCommit) => {
  it('answers a disk-full write with a clear page, changes nothing and keeps the chain intact', async () => {
    const t = await setup({}, { groupCommit });
    const admin = await t.as(['communicatie']);
    const pages = t.sqlite.pragma('page_count', { simple: true }) as number;
    t.sqlite.pragma(`max_page_count = ${pages}`);
    const big = 'x'.repeat(200);
    const count = () => ({
      events: t.db.select().from(auditEvents).all().length,
      users: t.db.select().from(users).all().length,
    });
    let res;
    // What was stored just before the write that failed: it must be exactly what is stored after.
    let before = count();
    for (let i = 0; i < 50; i++) {
      before = count();
      res = await admin.post('/users', {
        name: `${big}`.slice(0, 190),
        email: `full${i}@test.invalid`,
        password: 'long enough password',
        roles: 'owner',
        language: 'nl',
      });
      if (res.status !== 303) break;
    }
    expect(res!.status).toBe(503);
    expect(res!.text_).toContain('De databank kan nu niet schrijven');
    expect(count()).toEqual(before);
    const after = t.db.select().from(auditEvents).all();
    expect(t.db.select().from(users).all().length).toBe(
      after.filter((e) => e.action === 'user.created').length,
    );
    expect(verifyChain(t.db)).toMatchObject({ ok: true });
  });

  it('answers a read-only database with a clear page instead of a crash', async () => {
    const t = await setup({}, { groupCommit });
    const user = await t.user(['owner']);
    t.sqlite.pragma('query_only = ON');
    const res = await t.browser().signIn(user.email);
    expect(res.status).toBe(503);
    expect(res.text_).toContain('Er is niets gewijzigd');
    t.sqlite.pragma('query_only = OFF');
    expect(verifyChain(t.db)).toMatchObject({ ok: true });
  });
});

describe('backup', () => {
  it('copies a live database with `npm run db:backup`, and the copy verifies and can be restored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctc-backup-'));
    const path = join(dir, 'live.db');
    const live = openDatabase(path);
    for (let i = 0; i < 25; i++) {
      transaction(live.db, (tx) =>
        recordEvent(tx, {
          at: new Date(),
          actor: SYSTEM,
          action: 'department.created',
          details: { i },
        }),
      );
    }
    // The live connection stays open (WAL not checkpointed): the backup must still see everything.
    const target = join(dir, 'backup.db');
    const { stdout } = await run('node', ['--import', 'tsx', 'scripts/db-backup.ts', target], {
      env: { ...process.env, DATABASE_PATH: path },
    });
    expect(stdout).toContain('25 audit events, chain verified');
    live.sqlite.close();
    const restored = openDatabase(target);
    expect(verifyChain(restored.db)).toMatchObject({ ok: true, count: 25 });
    restored.sqlite.close();
  });
});
