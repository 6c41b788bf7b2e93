// What a crisis operator does, step by step, by the labels and roles on the screen. Each step
// ends when its confirmation is on screen, so the next one never acts on a stale form.
import type { Locator, Page } from 'playwright-core';
import { label } from '../../src/i18n';
import { toBrusselsLocal } from '../../src/i18n/format';
import { submit, t, tx } from './browser';

/** The channels of the walk-through: the demo owner Sofie Janssens owns the first two. */
export const CHANNELS = {
  unreachable: {
    name: 'Cultuurhuis De Schakel',
    handle: '@cultuurhuisdeschakel',
    owners: ['Sofie Janssens', 'Emma Maes'],
  },
  conflicting: {
    name: 'Museum Het Kantenhuis',
    handle: 'facebook.com/museumkantenhuis',
    owners: ['Emma Maes', 'Sofie Janssens'],
  },
  acute: { name: 'Museum Het Kantenhuis', handle: '@museumkantenhuis', owners: ['Emma Maes'] },
} as const;

/** Whom owners call in the walk-through's crises: the crisis cell's Communicatie desk. */
export const CRISIS_CONTACT = { name: 'Lotte Van den Broeck', phone: '014 44 33 22' };

const button = (scope: Page | Locator, key: Parameters<typeof t>[0]) =>
  scope.getByRole('button', { name: t(key), exact: true });

export async function declareCrisis(page: Page, title: string, cellLead?: string): Promise<number> {
  await page
    .getByRole('navigation', { name: t('nav.label') })
    .getByRole('link', { name: t('nav.crises') })
    .click();
  await page.getByRole('link', { name: t('crisis.list.declare') }).click();
  await page.getByLabel(t('crisis.field.title')).fill(title);
  await page
    .getByLabel(t('crisis.field.description'))
    .fill('Wateroverlast in de kelders van het centrum; evacuatie van twee straten.');
  if (cellLead) {
    await page.getByLabel(t('crisis.field.crisisCellLead')).fill(cellLead);
    // "Crisiscel samengekomen op" is proposed like the start: nothing to type at 3 a.m.
    const start = await page.getByLabel(t('crisis.field.startedAt')).inputValue();
    const convened = await page.getByLabel(t('crisis.field.crisisCellConvenedAt')).inputValue();
    if (!start || convened !== start)
      throw new Error(`convening time proposed as "${convened}", the start as "${start}"`);
  }
  await submit(page, button(page, 'crisis.declare.submit'), t('crisis.declared', { title }));
  return Number(/\/crises\/(\d+)/.exec(page.url())![1]);
}

export async function recordCrisisCell(
  page: Page,
  lead: string,
  decisionRef: string,
): Promise<void> {
  await page.getByText(t('crisis.gate.notApplicable')).waitFor();
  await page.getByLabel(t('crisis.field.crisisCellLead')).fill(lead);
  await page.getByLabel(t('crisis.field.crisisCellDecisionRef')).fill(decisionRef);
  await page.getByLabel(t('crisis.field.contactName')).fill(CRISIS_CONTACT.name);
  await page.getByLabel(t('crisis.field.contactPhone')).fill(CRISIS_CONTACT.phone);
  await submit(page, button(page, 'crisis.cell.submit'), t('crisis.cell.recorded'));
  await page.getByText(t('crisis.gate.open')).waitFor();
}

/** Searches the registry and ticks the channels whose picker line shows each handle. */
export async function addChannels(page: Page, query: string, handles: string[]): Promise<void> {
  // The empty board's primary action, as an operator would take it.
  await page
    .locator('#board')
    .getByRole('link', { name: t('crisis.channels.add'), exact: true })
    .click();
  await page.getByLabel(t('crisis.channels.search')).fill(query);
  await page.getByRole('button', { name: t('crisis.channels.searchButton') }).click();
  for (const handle of handles)
    await page
      .getByRole('checkbox', { name: new RegExp(`${handle.replace(/[.]/g, '\\.')}( |$)`) })
      .check();
  await submit(
    page,
    button(page, 'crisis.channels.submit'),
    t('crisis.channels.added', { n: handles.length }),
  );
}

/** The board's row of a channel, told apart by its handle (two channels share a name). */
export const boardRow = (page: Page, handle: string) =>
  page
    .locator('#board')
    .getByRole('row')
    .filter({ hasText: new RegExp(`${handle.replace(/[.]/g, '\\.')}( |$)`) });

export async function openCase(page: Page, crisisId: number, handle: string): Promise<void> {
  if (!new URL(page.url()).pathname.match(new RegExp(`^/crises/${crisisId}$`))) {
    await page.getByRole('link', { name: t('case.back') }).click();
  }
  await boardRow(page, handle).getByRole('link').last().click();
  await page.getByRole('heading', { level: 1 }).waitFor();
}

const ownerCard = (page: Page, owner: string) =>
  page
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: new RegExp(`: ${owner}$`) }) });

export async function logAttempt(
  page: Page,
  owner: string,
  means: string,
  outcome: string,
): Promise<void> {
  const card = ownerCard(page, owner);
  await card
    .getByLabel(t('case.attempt.means'))
    .selectOption({ label: label(t, 'attempt.means', means) });
  await submit(
    page,
    card.getByRole('button', { name: label(t, 'attempt.outcome', outcome), exact: true }),
    t('case.attempt.recorded'),
  );
}

/** The means the owner's card has chosen, as the page drew it. */
const chosenMeans = (page: Page, owner: string) =>
  ownerCard(page, owner)
    .getByLabel(t('case.attempt.means'))
    .evaluate(
      (el) => (el as unknown as { selectedOptions: { text: string }[] }).selectedOptions[0]!.text,
    );

export async function takeOverUnreachable(page: Page, owners: readonly string[]): Promise<void> {
  for (const owner of owners) {
    await logAttempt(page, owner, 'phone', 'no_answer');
    // "Probeer nu X via sms" (the next means the registry gives): X's card comes with sms chosen.
    const sms = label(t, 'attempt.means', 'sms');
    await page.getByText(t('escalation.next', { owner, means: sms })).waitFor();
    const chosen = await chosenMeans(page, owner);
    if (chosen !== sms) throw new Error(`${owner}'s card chose ${chosen}, not ${sms}`);
    await logAttempt(page, owner, 'email', 'no_answer');
  }
  // The button follows the box that says it is available, before the owners' cards.
  const take = button(page, 'case.unreachable.submit');
  const [at, cards] = await Promise.all([
    take.boundingBox(),
    page.getByRole('heading', { name: t('case.owners.title') }).boundingBox(),
  ]);
  if (!at || !cards || at.y > cards.y)
    throw new Error('the unreachable button is below the owners');
  await submit(
    page,
    button(page, 'case.unreachable.submit'),
    t('case.authorised', { basis: label(t, 'case.basis', 'owner_unreachable') }),
  );
}

/** Exception 2: a conflicting scheduled post, put on hold; then the owner contact that must follow. */
export async function takeOverConflicting(
  page: Page,
  postRef: string,
  owner: string,
): Promise<void> {
  await page.getByText(t('case.conflicting.title')).click();
  const form = page.locator('#conflicting');
  await form
    .getByLabel(t('hold.field.postState'))
    .selectOption({ label: label(t, 'hold.postState', 'scheduled') });
  await form.getByLabel(t('hold.field.postRef')).fill(postRef);
  await form
    .getByLabel(t('hold.field.scheduledFor'))
    .fill(toBrusselsLocal(new Date(Date.now() + 2 * 3600_000)));
  await form
    .getByLabel(t('hold.field.conflict'))
    .fill('Ingepland bericht nodigt uit in het museum, dat wegens wateroverlast dicht is.');
  await form
    .getByLabel(t('hold.field.action'))
    .selectOption({ label: label(t, 'hold.action', 'put_on_hold') });
  await submit(
    page,
    button(form, 'case.conflicting.submit'),
    t('case.authorised', { basis: label(t, 'case.basis', 'conflicting_information') }),
  );
  await page.getByText(tx('case.obligation.open')).first().waitFor();
  await logAttempt(page, owner, 'phone', 'reached_owner_agrees');
  await page.getByText(tx('case.obligation.met')).first().waitFor();
}

/** Opens the acute form and writes the justification; the caller decides how to submit. */
export async function fillAcute(
  page: Page,
  justification: string,
  deadline?: string,
): Promise<Locator> {
  await page.getByText(t('case.acute.title')).click();
  const form = page.locator('#acute');
  await form.getByLabel(t('case.acute.justification')).fill(justification);
  if (deadline) await form.getByLabel(t('case.acute.deadline'), { exact: true }).fill(deadline);
  return button(form, 'case.acute.submit');
}

export async function recordPublication(
  page: Page,
  note: string,
  done: string | RegExp = t('case.action.logged'),
): Promise<void> {
  const form = page.locator('#actions');
  await form
    .getByLabel(t('case.action.kind'))
    .selectOption({ label: label(t, 'channelAction.kind', 'published') });
  await form.getByLabel(t('case.action.note'), { exact: true }).fill(note);
  await submit(page, button(form, 'case.action.submit'), done);
}

export async function releaseHold(page: Page, outcome: string, note: string): Promise<void> {
  const hold = page.locator('#holds');
  await hold
    .getByLabel(t('hold.release.outcome'))
    .selectOption({ label: label(t, 'hold.outcome', outcome) });
  await hold.getByLabel(t('hold.release.note')).fill(note);
  await submit(page, button(hold, 'hold.release.submit'), t('hold.released'));
}

export async function handBack(page: Page, note: string): Promise<void> {
  const form = page.locator('#hand-back');
  await form.getByLabel(t('case.handBack.note')).fill(note);
  await submit(page, button(form, 'case.handBack.submit'), t('case.handedBack'));
}

export async function closeCrisis(page: Page): Promise<void> {
  await page.getByRole('link', { name: t('crisis.nav.close'), exact: true }).click();
  await page.getByText(t('crisis.close.ready')).waitFor();
  await submit(page, button(page.getByRole('main'), 'crisis.close.submit'), t('crisis.closed'));
}
