// npm run build (also run by `npm start` first, as prestart): the Node entry src/node.ts and every
// source it imports bundled into one JavaScript file, so the server runs without tsx, whose loader
// held a large share of the server's memory (bench/README.md, "Memory settings").
// Packages stay external: node_modules is read at run time as before (better-sqlite3 is native).
// dist/node/ sits as deep as src/node/, so the paths src/node/*.ts resolve from import.meta.url
// (db/migrations, public/, node_modules) are the same from the bundle. `npm run dev`, the scripts
// and the tests still run the TypeScript through tsx or vitest.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** What `npm start` runs, relative to the project folder. */
export const SERVER_ENTRY = 'dist/node/server.js';

export async function buildServer(): Promise<string> {
  const outfile = join(ROOT, SERVER_ENTRY);
  const { outputFiles } = await build({
    absWorkingDir: ROOT,
    entryPoints: ['src/node.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // JSX settings come from tsconfig.json (hono/jsx), as for tsc and tsx.
    tsconfig: 'tsconfig.json',
    logLevel: 'warning',
    write: false,
  });
  // Written beside and renamed: a server starting meanwhile (the bench, the browser suite, another
  // `npm start`) reads the old file or the new one, never half of one.
  mkdirSync(dirname(outfile), { recursive: true });
  const partial = `${outfile}.${process.pid}.tmp`;
  writeFileSync(partial, outputFiles[0]!.contents);
  renameSync(partial, outfile);
  return outfile;
}

/**
 * `npm start` as package.json says it ("VAR=value ... node [flags] dist/node/server.js"): the
 * environment and the arguments for node, so the bench and the browser suite start the server
 * exactly so, with node itself as the child (its pid, CPU time and memory are the server's).
 *
 * Its three memory settings (glibc's mmap threshold fixed, a smaller young generation, a slower
 * growing old one) and what each saves are in bench/README.md, "Memory settings".
 */
export function startCommand(): { env: Record<string, string>; args: string[] } {
  const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts as Record<
    string,
    string
  >;
  const words = scripts.start!.trim().split(/\s+/);
  const env: Record<string, string> = {};
  while (/^[A-Z_][A-Z0-9_]*=/.test(words[0] ?? '')) {
    const [name, ...value] = words.shift()!.split('=');
    env[name!] = value.join('=');
  }
  if (words.shift() !== 'node' || words.at(-1) !== SERVER_ENTRY) {
    throw new Error(
      `npm start is not "[VAR=value ...] node [flags] ${SERVER_ENTRY}": ${scripts.start}`,
    );
  }
  return { env, args: words };
}

// esbuild has printed what failed already.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  await buildServer().catch(() => {
    process.exitCode = 1;
  });
