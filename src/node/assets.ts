// The static files, read once at start-up: htmx and SimpleWebAuthn's browser part straight from
// node_modules (no CDN: a crisis room may have no internet), our CSS and script from public/.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StaticFile } from '../routes/system';

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const SOURCES: Record<string, string> = {
  'htmx.min.js': join(dirname(require.resolve('htmx.org/package.json')), 'dist/htmx.min.js'),
  'app.css': join(root, 'public/app.css'),
  'app.js': join(root, 'public/app.js'),
  // The passkey ceremony: SimpleWebAuthn's browser bundle (its UMD build) and ours around it.
  'simplewebauthn-browser.min.js': join(
    dirname(require.resolve('@simplewebauthn/browser')),
    '../dist/bundle/index.umd.min.js',
  ),
  'passkey.js': join(root, 'public/passkey.js'),
};

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

export function loadAssets(): Map<string, StaticFile> {
  const assets = new Map<string, StaticFile>();
  for (const [name, path] of Object.entries(SOURCES)) {
    const body = readFileSync(path);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`;
    assets.set(name, { body, type: TYPES[name.split('.').pop()!]!, etag });
  }
  return assets;
}
