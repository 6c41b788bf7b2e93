// Debian's Chromium for the browser suite (test/e2e) and the benchmark's browser timings
// (bench/browser.ts): found on this machine, never downloaded, launched headless with the flags a
// container needs.
import { accessSync, constants } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`), or CHROMIUM_PATH. Throws at once when missing. */
export function findChromium(): string {
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(
      `No browser: ${path} is missing or not executable. ` +
        "Install Debian's Chromium (apt-get install -y chromium) or set CHROMIUM_PATH. A browser is never downloaded.",
    );
  }
  return path;
}

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Playwright gives every launch a fresh temporary profile (user-data dir) and removes it on close. */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: FLAGS, timeout: 30_000 });
}
