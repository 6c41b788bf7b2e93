// What the other people in the walk-through do: Communicatie gives a co-owner an account and
// reads the incident report; owners read and acknowledge on "Mijn kanalen".
import type { Page } from 'playwright-core';
import { label } from '../../src/i18n';
import { submit, t, tx } from './browser';

const nav = (page: Page, key: Parameters<typeof t>[0]) =>
  page
    .getByRole('navigation', { name: t('nav.label') })
    .getByRole('link', { name: t(key), exact: true })
    .click();

/** Communicatie: a console account with the owner role, linked to the registered owner. */
export async function giveOwnerAnAccount(
  page: Page,
  name: string,
  email: string,
  password: string,
): Promise<void> {
  await nav(page, 'nav.users');
  await page.getByRole('link', { name: t('users.new') }).click();
  await page.getByLabel(t('users.name')).fill(name);
  await page.getByLabel(t('users.email')).fill(email);
  await page.getByLabel(t('users.password')).fill(password);
  await page.getByRole('checkbox', { name: label(t, 'role', 'owner'), exact: true }).check();
  await submit(
    page,
    page.getByRole('button', { name: t('action.save') }),
    t('users.created', { name }),
  );
  await nav(page, 'nav.channels');
  await page.getByRole('link', { name: t('registry.owners'), exact: true }).click();
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByLabel(t('owner.user')).selectOption({ label: `${name} (${email})` });
  await submit(
    page,
    page.getByRole('button', { name: t('action.save') }),
    t('owner.updated', { name }),
  );
}

export async function openMine(page: Page): Promise<void> {
  await nav(page, 'nav.mine');
  await page.getByRole('heading', { name: t('mine.title'), level: 1 }).waitFor();
}

const openNotices = (page: Page, crisisTitle: string) =>
  page
    .getByRole('listitem')
    .filter({ hasText: crisisTitle })
    .filter({ has: page.getByRole('button', { name: t('mine.acknowledge') }) });

/** The owner acknowledges the takeover message of one channel in one crisis. */
export async function acknowledgeTakeover(
  page: Page,
  crisisTitle: string,
  channel: string,
): Promise<void> {
  const notice = openNotices(page, crisisTitle)
    .filter({ hasText: t('notify.takeover_authorised.subject', { channel }) })
    .first();
  await submit(
    page,
    notice.getByRole('button', { name: t('mine.acknowledge') }),
    t('mine.acknowledged'),
  );
}

/** Every open takeover message of these crises, one by one: what Article 2 asks owners to confirm. */
export async function acknowledgeTakeovers(page: Page, crisisTitles: string[]): Promise<number> {
  await openMine(page);
  let count = 0;
  for (const title of crisisTitles) {
    const open = () =>
      openNotices(page, title)
        .filter({ hasText: tx('notify.takeover_authorised.subject') })
        .first();
    while (await open().count()) {
      await submit(
        page,
        open().getByRole('button', { name: t('mine.acknowledge') }),
        t('mine.acknowledged'),
      );
      count += 1;
    }
  }
  return count;
}

/** Communicatie: Rapporten → the crisis's incident report. */
export async function openReport(page: Page, crisisTitle: string): Promise<void> {
  await nav(page, 'nav.reports');
  await page.getByRole('link', { name: crisisTitle, exact: true }).click();
  await page
    .getByRole('heading', { name: t('report.title', { title: crisisTitle }), level: 1 })
    .waitFor();
}
