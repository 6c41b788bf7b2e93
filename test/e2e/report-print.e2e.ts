// The printed incident report in Chromium: the stamp's stylesheet loads under the strict CSP and
// puts the audit event and "Pagina n van m" in the bottom margin boxes of every page; the PDF is
// kept in test-artifacts/ to look at.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, newPage, signIn } from './browser';
import { openReport } from './people';

const DEMO_CRISIS = 'Zware storm: parken dicht, evenementen afgelast';
/** The page's style sheets (the project's types are Node's, not the DOM's). */
type InPage = {
  document: {
    styleSheets: ArrayLike<{ href: string | null; cssRules: ArrayLike<{ cssText: string }> }>;
  };
};

describe('the printed incident report', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('carries the audit stamp and page numbers at the bottom of every printed page', async () => {
    const page = await newPage(browser);
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
    });
    try {
      await signIn(page, 'communicatie@demo.invalid');
      await openReport(page, DEMO_CRISIS);
      const head = await page.getByText(/Opgemaakt tot en met auditgebeurtenis \d+/).textContent();
      const [, seq, hash] = /auditgebeurtenis (\d+) \(hash ([0-9a-f]{12})…\)/.exec(head ?? '')!;
      await page.emulateMedia({ media: 'print' });
      const rules = await page.evaluate(() =>
        Array.from((globalThis as unknown as InPage).document.styleSheets)
          .filter((s) => s.href?.includes('/reports/stamp.css'))
          .flatMap((s) => Array.from(s.cssRules, (r) => r.cssText)),
      );
      expect(rules.join('\n')).toContain(`Audit tot en met gebeurtenis ${seq} · ${hash}`);
      expect(rules.join('\n')).toMatch(/@bottom-right \{[^}]*counter\(pages\)/);
      expect(refused).toEqual([]);
      const pdf = await page.pdf({ format: 'A4' });
      mkdirSync('test-artifacts', { recursive: true });
      writeFileSync('test-artifacts/report-print.pdf', pdf);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await page.context().close();
    }
  });
});
