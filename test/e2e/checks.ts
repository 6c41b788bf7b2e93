// Checks run inside the page: axe-core, duplicate ids, sideways scrolling on a phone, and what a
// keyboard user gets (Tab order, a visible focus).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Locator, Page } from 'playwright-core';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type AxeViolation = {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
};
type InPageElement = {
  id: string;
  tagName: string;
  className: string;
  textContent: string | null;
  getBoundingClientRect: () => { right: number };
  children: ArrayLike<InPageElement>;
};
/** What these helpers use of the page's globals (the project's types are Node's, not the DOM's). */
type InPage = {
  document: {
    activeElement: unknown;
    querySelectorAll: (selector: string) => ArrayLike<InPageElement>;
    documentElement: { scrollWidth: number };
  };
  innerWidth: number;
  getComputedStyle: (el: unknown) => { outlineStyle: string; outlineWidth: string };
  axe: { run: (context: unknown, options: object) => Promise<{ violations: AxeViolation[] }> };
};

/** axe-core in the page (the context must bypass the CSP); the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const { axe, document } = globalThis as unknown as InPage;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 5)
          .join(', ')})`,
    );
}

/** Ids used more than once: a label or aria reference then points at the first one only. */
export function duplicateIds(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const ids = Array.from(
      (globalThis as unknown as InPage).document.querySelectorAll('[id]'),
      (el) => el.id,
    );
    return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
  });
}

/** The innermost elements sticking out on the right: on a phone the page must not scroll sideways. */
export function sidewaysOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const { document, innerWidth } = globalThis as unknown as InPage;
    if (document.documentElement.scrollWidth <= innerWidth) return [];
    const out = (el: InPageElement) => el.getBoundingClientRect().right > innerWidth + 1;
    return Array.from(document.querySelectorAll('body *'))
      .filter((el) => out(el) && !Array.from(el.children).some(out))
      .slice(0, 8)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}.${el.className}: ${(el.textContent ?? '').trim().slice(0, 60)}`,
      );
  });
}

const watched = new WeakMap<Page, string[]>();

/**
 * Checks every page this tab shows for sideways scrolling (document.documentElement.scrollWidth
 * beyond innerWidth): after each full load, and after each form step (browser.ts's submit calls
 * checkWatched, as htmx swaps fire no load). Returns what was found, page by page.
 */
export function watchSidewaysOverflow(page: Page): () => string[] {
  const found: string[] = [];
  watched.set(page, found);
  page.on('load', () => void checkWatched(page));
  return () => found;
}

export async function checkWatched(page: Page): Promise<void> {
  const found = watched.get(page);
  if (!found) return;
  // A load event can race the next navigation: a page that is gone has nothing to measure.
  const out = await sidewaysOverflow(page).catch(() => []);
  if (out.length) found.push(`${new URL(page.url()).pathname}: ${out.join(' | ')}`);
}

/** Presses Tab until `target` has the focus, as a keyboard user would; fails if it never gets it. */
export async function tabTo(page: Page, target: Locator, maxPresses = 30): Promise<void> {
  for (let i = 0; i < maxPresses; i += 1) {
    await page.keyboard.press('Tab');
    if (
      await target.evaluate((el) => el === (globalThis as unknown as InPage).document.activeElement)
    )
      return;
  }
  throw new Error(`not reached by ${maxPresses} presses of Tab: ${await target.textContent()}`);
}

/** How the focused element shows its focus: it must match :focus-visible and draw an outline. */
export function focusIndicator(
  target: Locator,
): Promise<{ focusVisible: boolean; outline: string }> {
  return target.evaluate((el) => {
    const style = (globalThis as unknown as InPage).getComputedStyle(el);
    return {
      focusVisible: el.matches(':focus-visible'),
      outline: `${style.outlineStyle} ${style.outlineWidth}`,
    };
  });
}
