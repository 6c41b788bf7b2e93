// Writes dist/assets/: the static files Workers serves before the app runs, at the paths the
// pages link (/static/htmx.min.js, /static/app.css, /static/app.js, the passkey scripts). The same
// files the Node target reads at start-up (src/node/assets.ts), so both serve identical bytes.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAssets } from '../src/node/assets';

const out = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/assets');

// Workers' asset server answers these requests itself, without the app's middleware: give the
// files the headers the Node target's static route sets.
const HEADERS = `/static/*
  X-Content-Type-Options: nosniff
  Cache-Control: public, max-age=3600
`;

/** Writes the folder afresh; returns its path. */
export function writeAssets(): string {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'static'), { recursive: true });
  for (const [name, file] of loadAssets()) writeFileSync(join(out, 'static', name), file.body);
  writeFileSync(join(out, '_headers'), HEADERS);
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(`wrote ${writeAssets()}`);
}
