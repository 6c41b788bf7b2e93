// The crisis cell's pages in a real browser: Debian's Chromium through playwright-core, headless,
// signed in with the benchmark's own session cookie, against the benchmark's running server, one
// page load at a time. Per page and screen: time to first byte and the full load from the page's
// Navigation Timing entry (responseStart and loadEventEnd, from its startTime), cold (a fresh
// browser context: empty cache, new connection) and warm (the same tab asking for the page again:
// scripts and stylesheet from its cache, the HTML fetched again as its `no-store` says).
// Chromium missing or failing skips the figures with the reason; it never fails the benchmark.
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';
import { findChromium, launchChromium } from '../scripts/chromium';
import { median } from './single';

export const SCREENS = {
  phone: {
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
  },
  laptop: { viewport: { width: 1366, height: 768 } },
} satisfies Record<string, BrowserContextOptions>;
export type ScreenName = keyof typeof SCREENS;

export type LoadTiming = {
  ttfbMs: number;
  loadMs: number;
  /** Bytes that crossed the network for the page and what it loaded (0 for what came from the cache). */
  transferBytes: number;
};

export type PageTiming = {
  page: string;
  path: string;
  screen: ScreenName;
  /** Medians: of the first load in each of `coldRuns` fresh contexts, and of `warmRuns` loads after it. */
  cold: LoadTiming;
  warm: LoadTiming;
};

export type BrowserFigures =
  | { skipped: string }
  | { chromium: string; coldRuns: number; warmRuns: number; pages: PageTiming[] };

export type BrowserOptions = {
  origin: string;
  /** `name=value`, as bench/server.ts's signIn returns it. */
  cookie: string;
  pages: { name: string; path: string }[];
  coldRuns?: number;
  warmRuns?: number;
};

/** What the page's own Navigation and Resource Timing entries say about its last load. */
async function loadOf(context: BrowserContext, origin: string, path: string) {
  // Warm loads ask the same URL again from the page itself: the same tab and renderer, as an
  // operator going back to the page (a detour through about:blank would cost a new renderer process).
  const page = context.pages()[0] ?? (await context.newPage());
  const response = await page.goto(`${origin}${path}`, { waitUntil: 'load', timeout: 60_000 });
  if (response?.status() !== 200) throw new Error(`${path} answered ${response?.status()}`);
  // Read in the page; loadEventEnd is set once the load event's handlers have run.
  const timing = await page.waitForFunction(() => {
    type Entry = { transferSize: number };
    type Navigation = Entry & { startTime: number; responseStart: number; loadEventEnd: number };
    // Typed here by hand: the project's lib is ES2023 with Node's types, no DOM.
    const entries = (performance as unknown as { getEntriesByType(type: string): unknown[] })
      .getEntriesByType;
    const nav = entries.call(performance, 'navigation')[0] as Navigation | undefined;
    if (!nav || nav.loadEventEnd <= 0) return null;
    const resources = entries.call(performance, 'resource') as Entry[];
    return {
      ttfbMs: nav.responseStart - nav.startTime,
      loadMs: nav.loadEventEnd - nav.startTime,
      transferBytes: resources.reduce((sum, r) => sum + r.transferSize, nav.transferSize),
    };
  });
  return (await timing.jsonValue())!;
}

const medianOf = (loads: LoadTiming[]): LoadTiming => ({
  ttfbMs: Math.round(median(loads.map((l) => l.ttfbMs)) * 10) / 10,
  loadMs: Math.round(median(loads.map((l) => l.loadMs))),
  transferBytes: Math.round(median(loads.map((l) => l.transferBytes))),
});

async function timePage(
  browser: Browser,
  o: BrowserOptions & { coldRuns: number; warmRuns: number },
  screen: ScreenName,
  { name, path }: { name: string; path: string },
): Promise<PageTiming> {
  const [cookieName, ...value] = o.cookie.split('=');
  const cold: LoadTiming[] = [];
  const warm: LoadTiming[] = [];
  for (let run = 1; run <= o.coldRuns; run++) {
    const context = await browser.newContext({ ...SCREENS[screen], locale: 'nl-BE' });
    try {
      await context.addCookies([{ name: cookieName!, value: value.join('='), url: o.origin }]);
      cold.push(await loadOf(context, o.origin, path));
      // The same context again: the last cold context's cache serves the warm loads.
      if (run === o.coldRuns)
        for (let i = 0; i < o.warmRuns; i++) warm.push(await loadOf(context, o.origin, path));
    } finally {
      await context.close();
    }
  }
  return { page: name, path, screen, cold: medianOf(cold), warm: medianOf(warm) };
}

export async function browserTimings(o: BrowserOptions): Promise<BrowserFigures> {
  let executable: string;
  try {
    executable = findChromium();
  } catch (e) {
    return { skipped: (e as Error).message };
  }
  const options = { ...o, coldRuns: o.coldRuns ?? 3, warmRuns: o.warmRuns ?? 5 };
  let browser: Browser | undefined;
  try {
    browser = await launchChromium(executable);
    const pages: PageTiming[] = [];
    for (const screen of Object.keys(SCREENS) as ScreenName[])
      for (const page of o.pages) pages.push(await timePage(browser, options, screen, page));
    return {
      chromium: `${executable} ${browser.version()}`,
      coldRuns: options.coldRuns,
      warmRuns: options.warmRuns,
      pages,
    };
  } catch (e) {
    return { skipped: `Chromium failed: ${(e as Error).message.split('\n')[0]}` };
  } finally {
    await browser?.close().catch(() => {});
  }
}

export function browserTable(f: BrowserFigures): string {
  if ('skipped' in f) return `Browser timings skipped: ${f.skipped}`;
  const kb = (b: number) => (b / 1024).toFixed(1);
  const head = [
    'page',
    'screen',
    'TTFB cold',
    'load cold',
    'KB cold',
    'TTFB warm',
    'load warm',
    'KB warm',
  ];
  const rows = f.pages.map((p) => [
    p.page,
    p.screen,
    `${p.cold.ttfbMs} ms`,
    `${p.cold.loadMs} ms`,
    kb(p.cold.transferBytes),
    `${p.warm.ttfbMs} ms`,
    `${p.warm.loadMs} ms`,
    kb(p.warm.transferBytes),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [
    `In the browser (${f.chromium}, headless; cold: median of ${f.coldRuns} fresh contexts, warm: median of ${f.warmRuns} loads in the last one; phone 390x844 @3x touch, laptop 1366x768)`,
    line(head),
    ...rows.map(line),
  ].join('\n');
}
