// Chromium for the e2e suite: launched headless from the Debian package with the flags CI needs,
// one fresh context per person (and per viewport), and the few helpers a person's actions need:
// sign in, submit a form and wait for where it leads, screenshots. Page checks are in checks.ts.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { inject } from 'vitest';
import { launchChromium } from '../../scripts/chromium';
import { translator, type MessageKey, type Params } from '../../src/i18n';
import { stepAt, totpCode, TOTP_PERIOD } from '../../src/domain/auth/totp';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../src/seed/demo';
import { checkWatched } from './checks';

/** The demo users work in Dutch; labels come from the same catalogue the pages use. */
export const t = translator('nl');

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A message as a pattern: the params given are filled in, the others match anything (times, names). */
export function tx(key: MessageKey, params: Params = {}): RegExp {
  return new RegExp(
    t(key)
      .split(/(\{\w+\})/)
      .map((part) => {
        const name = /^\{(\w+)\}$/.exec(part)?.[1];
        if (!name) return escape(part);
        return name in params ? escape(String(params[name])) : '.*?';
      })
      .join(''),
  );
}

export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  laptop: { width: 1366, height: 900 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts');

export function launch(): Promise<Browser> {
  return launchChromium(inject('chromiumPath'));
}

export async function newPage(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<Page> {
  const context = await browser.newContext({
    baseURL: inject('baseUrl'),
    locale: 'nl-BE',
    timezoneId: 'Europe/Brussels',
    ...options,
  });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  return context.newPage();
}

export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel(t('signIn.email')).fill(email);
  await page.getByLabel(t('signIn.password')).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: t('signIn.submit') }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in');
  if (new URL(page.url()).pathname.startsWith('/second-factor'))
    await secondStep(page, DEMO_TOTP_SECRET);
}

// The last time step whose code each secret gave on this server. A code is accepted once, and
// the suite's files sign the same demo accounts in side by side (in two processes, tests within a
// file concurrently): a file beside the server's database-less temp dir, under a lock directory,
// hands each sign-in a step of its own (one either side of now), or says to wait for the next.
function claimStep(secret: string): number | null {
  const key = createHash('sha256')
    .update(`${inject('baseUrl')} ${secret}`)
    .digest('hex');
  const file = join(tmpdir(), `console-e2e-totp-${key.slice(0, 16)}.json`);
  const lock = `${file}.lock`;
  for (let spins = 0; ; spins++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (spins > 2000) rmSync(lock, { recursive: true, force: true }); // a crashed holder
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
  try {
    const last = existsSync(file) ? Number(readFileSync(file, 'utf8')) : 0;
    const current = stepAt(new Date());
    const step = Math.max(current - 1, last + 1);
    if (step > current + 1) return null;
    writeFileSync(file, String(step));
    return step;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** The second step with the code an authenticator app holding `secret` shows now. */
export async function secondStep(page: Page, secret: string): Promise<void> {
  for (let tries = 0; tries < 8; tries++) {
    const step = claimStep(secret);
    if (step === null) {
      await page.waitForTimeout(TOTP_PERIOD * 1000 - (Date.now() % (TOTP_PERIOD * 1000)) + 100);
      continue;
    }
    const code = totpCode(secret, new Date(step * TOTP_PERIOD * 1000));
    await page.getByLabel(t('secondStep.code')).fill(code);
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST', { timeout: 30_000 }),
      page
        .getByRole('button', { name: t('secondStep.confirm'), exact: true })
        .first()
        .click(),
    ]);
    if (answer.status() === 303) {
      await page.waitForURL((url) => !url.pathname.startsWith('/second-factor'));
      return;
    }
    await page.waitForLoadState();
  }
  throw new Error('the second step was refused');
}

/**
 * Clicks a submit button and waits until its result is on screen: after a plain POST the
 * browser follows the 303; after an htmx POST the 204's HX-Location is fetched and swapped in.
 * A refused step (4xx) fails with the message the page shows.
 */
export async function submit(
  page: Page,
  button: Locator | (() => Promise<void>),
  done: string | RegExp,
): Promise<void> {
  const posted = page.waitForResponse((r) => r.request().method() === 'POST');
  const navigated = page
    .waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() })
    .catch((e: Error) => e);
  const main = await page.locator('main').elementHandle();
  await (typeof button === 'function' ? button() : button.click());
  const response = await posted;
  if (response.status() >= 400) {
    await page.waitForLoadState();
    const alert = await page
      .getByRole('alert')
      .allInnerTexts()
      .catch(() => []);
    throw new Error(
      `${response.request().url()} answered ${response.status()}: ${alert.join(' | ')}`,
    );
  }
  if (response.headers()['hx-location']) {
    // htmx fetched the new page and swapped its <main> in: the old one has left the document
    // (so no stale form with an old version, no old message mistaken for the new one).
    await page.waitForFunction((el) => !el?.isConnected, main);
  } else {
    const navigation = await navigated;
    if (navigation instanceof Error) throw navigation;
    await page.waitForLoadState();
  }
  await page.getByText(done).first().waitFor();
  await checkWatched(page);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}
