// `wrangler deploy --dry-run` builds the Worker bundle without an account; its size must stay
// well inside Workers' limits (1 MiB compressed is our own ceiling).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

describe('the Worker bundle', () => {
  it('builds with wrangler deploy --dry-run and stays under 1 MiB gzipped', () => {
    const out = mkdtempSync(join(tmpdir(), 'console-bundle-'));
    try {
      execFileSync(join(ROOT, 'scripts/wrangler.sh'), ['deploy', '--dry-run', '--outdir', out], {
        cwd: ROOT,
        stdio: 'pipe',
        env: { ...process.env, CI: '1' },
      });
      const modules = readdirSync(out).filter((f) => /\.(js|sql)$/.test(f));
      expect(modules).toContain('worker.js');
      const bodies = modules.map((f) => readFileSync(join(out, f)));
      const raw = bodies.reduce((n, b) => n + b.length, 0);
      const gzip = bodies.reduce((n, b) => n + gzipSync(b).length, 0);
      console.log(
        `Worker bundle: ${(raw / 1024).toFixed(0)} KiB raw, ${(gzip / 1024).toFixed(0)} KiB gzip (${modules.length} modules)`,
      );
      expect(gzip).toBeLessThan(1024 * 1024);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
