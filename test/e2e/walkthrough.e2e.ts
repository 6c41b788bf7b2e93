// The crisis walk-through in headless Chromium against the real server: Article 2 on three
// channels at phone and laptop size, the owner's acknowledgement arriving on the live board,
// the incident reports, a late acute message as a finding, and axe-core on the main pages.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { label } from '../../src/i18n';
import { toBrusselsLocal } from '../../src/i18n/format';
import { DEMO_PASSWORD } from '../../src/seed/demo';
import { launch, newPage, screenshot, signIn, submit, t, tx, VIEWPORTS } from './browser';
import { duplicateIds, seriousViolations, sidewaysOverflow } from './checks';
import { acknowledgeTakeovers, giveOwnerAnAccount, openReport } from './people';
import { addChannels, declareCrisis, fillAcute, openCase, recordPublication } from './steps';
import { OPERATOR, OWNER, walkThrough } from './walkthrough';

const COMMUNICATIE = 'communicatie@demo.invalid';
const EMMA = { name: 'Emma Maes', email: 'emma.maes@demo.invalid' };
const LATE_HANDLE = 'facebook.com/speelplein.turnhout';
const run = Date.now().toString(36).slice(-5);
const title = (what: string) => `Wateroverlast ${what} ${run}`;

/** The earliest deadline the form takes: the next whole minute, at least 20 s from now. */
function shortestDeadline(now = Date.now()): Date {
  return new Date(Math.ceil((now + 20_000) / 60_000) * 60_000);
}

describe('the crisis walk-through in Chromium', () => {
  let browser: Browser;
  let late: { page: Page; crisisId: number; deadline: Date } | undefined;

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  // The first four run side by side, each in browser contexts of its own; the rest reads their results.
  it.concurrent(
    'Communicatie gives the co-owner Emma Maes an account, so every owner can acknowledge',
    async () => {
      const page = await newPage(browser);
      try {
        await signIn(page, COMMUNICATIE);
        await giveOwnerAnAccount(page, EMMA.name, EMMA.email, DEMO_PASSWORD);
      } finally {
        await page.context().close();
      }
    },
  );

  // Started early so that its deadline has passed by the time the walk-throughs are done.
  it.concurrent(
    'an operator takes a channel over as acute with the shortest deadline the form allows',
    async () => {
      const page = await newPage(browser, { viewport: VIEWPORTS.laptop });
      await signIn(page, OPERATOR);
      const crisisId = await declareCrisis(page, title('te laat'), 'Burgemeester');
      await addChannels(page, 'Speelplein', [LATE_HANDLE]);
      await openCase(page, crisisId, LATE_HANDLE);
      const deadline = shortestDeadline();
      const takeOver = await fillAcute(
        page,
        'De speelpleinen sluiten binnen het uur; de ouders moeten het nu weten.',
        toBrusselsLocal(deadline),
      );
      await submit(
        page,
        takeOver,
        t('case.authorised', { basis: label(t, 'case.basis', 'acute') }),
      );
      await page.getByText(tx('case.acute.running')).first().waitFor();
      late = { page, crisisId, deadline };
    },
  );

  for (const size of ['phone', 'laptop'] as const) {
    it.concurrent(
      `walks Article 2 over three channels at ${size} size (${VIEWPORTS[size].width}×${VIEWPORTS[size].height})`,
      async () => {
        await walkThrough(browser, size, title(size));
      },
      // The longest test (three takeovers, the owner's home, the reveal form): on a loaded
      // two-core machine it has run past the suite's 180 s.
      300_000,
    );
  }

  it('once the owners have acknowledged, Communicatie reads both incident reports without a finding', async () => {
    const titles = [title('phone'), title('laptop')];
    const acknowledged = await Promise.all(
      [OWNER, EMMA.email].map(async (email) => {
        const owner = await newPage(browser);
        try {
          await signIn(owner, email);
          return await acknowledgeTakeovers(owner, titles);
        } finally {
          await owner.context().close();
        }
      }),
    );
    expect(acknowledged).toEqual([2, 6]); // Sofie: the second channel (the first she did live); Emma: all three
    await Promise.all(
      (['phone', 'laptop'] as const).map(async (size) => {
        const page = await newPage(browser, { viewport: VIEWPORTS[size] });
        try {
          await signIn(page, COMMUNICATIE);
          await openReport(page, title(size));
          // The sender drains the outbox every 5 s; until then "not informed" is a finding, rightly.
          const none = page.getByText(t('report.findings.none'));
          for (let i = 0; i < 10 && !(await none.isVisible()); i += 1) {
            await page.waitForTimeout(2_000);
            await page.reload();
          }
          expect(await page.locator('.finding').allInnerTexts()).toEqual([]);
          await none.waitFor();
          await screenshot(page, `${size}-report`);
          expect(await sidewaysOverflow(page)).toEqual([]);
        } finally {
          await page.context().close();
        }
      }),
    );
  });

  it('an acute message published after its deadline shows as a finding in the report', async () => {
    expect(late, 'the acute takeover above').toBeDefined();
    const { page, crisisId, deadline } = late!;
    try {
      // The board says it in words in the row, and sorts it first.
      await page.getByRole('link', { name: t('case.back') }).click();
      const first = page.locator('#board tbody tr').first();
      await first.getByText(t('crisis.board.late'), { exact: true }).waitFor();
      await page.getByText(t('crisis.board.lateCount', { n: 1 })).waitFor();
      await screenshot(page, 'laptop-board-late');
      await openCase(page, crisisId, LATE_HANDLE);
      const wait = deadline.getTime() + 1_000 - Date.now();
      if (wait > 0) await page.waitForTimeout(wait);
      await recordPublication(
        page,
        'Bericht over de sluiting staat online.',
        tx('case.acute.sentLate'),
      );
    } finally {
      await page.context().close();
    }
    const reader = await newPage(browser);
    try {
      await signIn(reader, COMMUNICATIE);
      await openReport(reader, title('te laat'));
      await reader.getByText(tx('finding.acute_message_late')).waitFor();
    } finally {
      await reader.context().close();
    }
  });

  it('has no serious or critical accessibility violations on sign-in, board, case, readiness and report', async () => {
    // axe is injected as a script, which the console's CSP rightly refuses: this context only bypasses it.
    const page = await newPage(browser, { bypassCSP: true });
    try {
      const found: Record<string, string[]> = {};
      const check = async () => [
        ...(await seriousViolations(page)),
        ...(await duplicateIds(page)).map((id) => `duplicate id ${id}`),
      ];
      await page.goto('/sign-in');
      found.signIn = await check();
      await signIn(page, 'crisiscel@demo.invalid'); // crisis operator and Communicatie
      await page.goto(`/crises/${late!.crisisId}`);
      found.board = await check();
      await openCase(page, late!.crisisId, LATE_HANDLE); // a takeover with its action, hold and hand-back forms
      found.case = await check();
      await page.goto('/readiness');
      found.readiness = await check();
      await openReport(page, title('phone'));
      found.report = await check();
      expect(found).toEqual({ signIn: [], board: [], case: [], readiness: [], report: [] });
    } finally {
      await page.context().close();
    }
  });
});
