// The whole Article 2 walk-through at one viewport: an operator on three channels, the owner
// acknowledging in a second browser context while the operator's board updates itself.
import { expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { label } from '../../src/i18n';
import {
  newPage,
  screenshot,
  signIn,
  submit,
  t,
  tx,
  VIEWPORTS,
  type ViewportName,
} from './browser';
import {
  checkWatched,
  focusIndicator,
  sidewaysOverflow,
  tabTo,
  watchSidewaysOverflow,
} from './checks';
import { acknowledgeTakeover, openMine } from './people';
import {
  addChannels,
  boardRow,
  CHANNELS,
  closeCrisis,
  CRISIS_CONTACT,
  declareCrisis,
  fillAcute,
  handBack,
  openCase,
  recordCrisisCell,
  recordPublication,
  releaseHold,
  takeOverConflicting,
  takeOverUnreachable,
} from './steps';

export const OPERATOR = 'operator@demo.invalid';
export const OWNER = 'eigenaar@demo.invalid';

type Marked = { e2eMarker?: string };
/** A value on `window`: it survives htmx swaps and polls, and is gone after a full page load. */
const mark = (page: Page) =>
  page.evaluate(() => {
    (globalThis as Marked).e2eMarker = 'no reload';
  });
const marker = (page: Page) => page.evaluate(() => (globalThis as Marked).e2eMarker ?? 'reloaded');

/** The owner, in a context of their own, sees the takeover and acknowledges it; the board follows by itself. */
async function ownerAcknowledges(
  browser: Browser,
  operator: Page,
  size: ViewportName,
  crisisId: number,
  title: string,
) {
  const { name, handle } = CHANNELS.unreachable;
  const board = await operator.context().newPage();
  await board.goto(`/crises/${crisisId}`);
  const row = boardRow(board, handle);
  await row.getByText(tx('crisis.board.notices', { ack: 0 })).waitFor();
  await mark(board);

  const owner = await newPage(browser, { viewport: VIEWPORTS[size] });
  const overflow = watchSidewaysOverflow(owner);
  try {
    await signIn(owner, OWNER);
    // The owner's home says at once what is going on, and whom to call.
    await owner.goto('/');
    await owner.getByText(t('mine.takenOver', { n: 1, crisis: title })).waitFor();
    await owner
      .getByRole('link', { name: CRISIS_CONTACT.phone })
      .and(owner.locator(`[href^="tel:"]`))
      .first()
      .waitFor();
    await screenshot(owner, `${size}-owner-home`);
    await openMine(owner);
    const card = owner
      .getByRole('article')
      .filter({ has: owner.getByRole('heading', { name: `${name}: ${title}` }) });
    await card.getByText(t('mine.state.active')).waitFor();
    await card.getByText(t('notify.line.basis.owner_unreachable')).waitFor();
    await acknowledgeTakeover(owner, title, name);
    expect(overflow()).toEqual([]);
  } finally {
    await owner.context().close();
  }
  // The board polls a partial every 3 s: the acknowledgement arrives without a reload.
  await row.getByText(tx('crisis.board.notices', { ack: 1 })).waitFor({ timeout: 15_000 });
  expect(await marker(board)).toBe('no reload');
  await board.close();
}

/** The acute takeover by keyboard only: Tab to the primary action, see its focus, press Enter. */
async function takeOverAcuteByKeyboard(page: Page) {
  const takeOver = await fillAcute(
    page,
    'De bewoners rond het museum moeten binnen het uur horen dat hun kelders ontruimd worden.',
  );
  await page.locator('#acute').getByLabel(t('case.acute.justification')).focus();
  await tabTo(page, takeOver);
  const focus = await focusIndicator(takeOver);
  expect(focus.focusVisible).toBe(true);
  expect(focus.outline).toMatch(/^solid [1-9]/);
  await submit(
    page,
    () => page.keyboard.press('Enter'),
    t('case.authorised', { basis: label(t, 'case.basis', 'acute') }),
  );
  // The countdown says it in words, not only in colour.
  await page.getByText(tx('case.acute.running')).first().waitFor();
}

/** An active takeover leads to the channel: its platform page, and the reveal prefilled. */
async function fromCaseToChannel(page: Page, crisisId: number, handle: string) {
  const open = page.getByRole('link', { name: t('case.channel.open', { handle }) });
  expect(await open.getAttribute('href')).toBe(
    `https://www.instagram.com/${handle.replace(/^@/, '')}`,
  );
  const caseUrl = page.url();
  await page.getByRole('link', { name: t('case.channel.reveal') }).click();
  const crisis = page.getByLabel(t('reveal.crisis'));
  await crisis.waitFor();
  expect(await crisis.inputValue()).toBe(String(crisisId));
  const reason = await page.getByLabel(t('reveal.reason')).inputValue();
  expect(reason).toContain(label(t, 'case.basis', 'acute'));
  await checkWatched(page);
  await page.goto(caseUrl);
  await page.getByRole('heading', { level: 1 }).waitFor();
}

export async function walkThrough(
  browser: Browser,
  size: ViewportName,
  title: string,
): Promise<void> {
  const page = await newPage(browser, { viewport: VIEWPORTS[size] });
  const overflow = watchSidewaysOverflow(page);
  try {
    await signIn(page, OPERATOR);
    const crisisId = await declareCrisis(page, title);
    await recordCrisisCell(page, 'Burgemeester (noodplanning)', `CC-${size}`);
    await addChannels(
      page,
      'Cultuur',
      Object.values(CHANNELS).map((c) => c.handle),
    );

    await openCase(page, crisisId, CHANNELS.unreachable.handle);
    await mark(page);
    await takeOverUnreachable(page, CHANNELS.unreachable.owners);
    expect(await marker(page)).toBe('no reload'); // five htmx steps, no full page load
    await ownerAcknowledges(browser, page, size, crisisId, title);

    await openCase(page, crisisId, CHANNELS.conflicting.handle);
    await takeOverConflicting(
      page,
      'https://www.facebook.com/museumkantenhuis/posts/e2e',
      'Emma Maes',
    );

    await openCase(page, crisisId, CHANNELS.acute.handle);
    await takeOverAcuteByKeyboard(page);
    await screenshot(page, `${size}-case`);
    await fromCaseToChannel(page, crisisId, CHANNELS.acute.handle);
    expect(await sidewaysOverflow(page)).toEqual([]);
    await recordPublication(page, 'Oproep om de kelders te ontruimen staat online.');
    await page.getByText(tx('case.acute.sentInTime')).first().waitFor();

    await page.getByRole('link', { name: t('case.back') }).click();
    await boardRow(page, CHANNELS.acute.handle)
      .getByText(label(t, 'case.state', 'active'))
      .waitFor();
    await screenshot(page, `${size}-board`);
    expect(await sidewaysOverflow(page)).toEqual([]);
    // First screen is work: the first channel row starts within the first screen, also on a phone.
    const row = await page.locator('#board tbody tr').first().boundingBox();
    expect(row!.y).toBeLessThan(VIEWPORTS[size].height - 100);

    await openCase(page, crisisId, CHANNELS.unreachable.handle);
    await handBack(page, 'De crisis is onder controle; u beheert het kanaal weer zelf.');
    await openCase(page, crisisId, CHANNELS.conflicting.handle);
    await releaseHold(
      page,
      'corrected',
      'Ingepland bericht aangepast: het museum blijft tot maandag dicht.',
    );
    await handBack(page, 'Het ingeplande bericht is verbeterd; het kanaal is weer van u.');
    await openCase(page, crisisId, CHANNELS.acute.handle);
    await handBack(page, 'Het acute bericht staat online; verdere berichten doet u zelf.');
    await page.getByRole('link', { name: t('case.back') }).click();
    await closeCrisis(page);
    expect(overflow()).toEqual([]);
  } finally {
    await page.context().close();
  }
}
