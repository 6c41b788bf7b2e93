// A hold through Facebook's API and its restore, in the browser: Communicatie connects the
// sports department's page to the platform simulator (test/fixtures/platforms.ts, in this
// process, on 127.0.0.1), an operator declares a crisis, sees the scheduled post in the sweep,
// holds it there and puts it back. Also: a password copied to the clipboard, never on the page.
// The console is a server of its own, started with the
// simulator's addresses as its API bases (GRAPH_API_BASE ...), as production points at Meta.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { label } from '../../src/i18n';
import { startSimulator, type FbPost, type Simulator } from '../fixtures/platforms';
import { launch, newPage, signIn, submit, t, VIEWPORTS } from './browser';
import { startConsole, type ConsoleServer } from './server';
import { addChannels, declareCrisis } from './steps';

const PAGE_ID = '4242';
const TOKEN = 'EAAG-e2e-page-token';
const SPORT = { name: 'Sportdienst Turnhout', handle: 'facebook.com/sportturnhout.demo' };
const facebook = label(t, 'platform', 'facebook_page');

describe('a hold through the platform’s API, in the browser', () => {
  let sim: Simulator;
  let server: ConsoleServer;
  let browser: Browser;
  let post: FbPost;
  const inTwoHours = Math.floor(Date.now() / 1000) + 2 * 3600;

  beforeAll(async () => {
    sim = await startSimulator(() => new Date());
    sim.facebook.tokens.set(TOKEN, {
      valid: true,
      pageId: PAGE_ID,
      userId: '61550000000042',
      scopes: ['pages_manage_posts', 'pages_read_engagement', 'pages_show_list'],
      expiresAt: 0,
    });
    post = {
      id: `${PAGE_ID}_1`,
      message: 'Sportkampen: inschrijvingen open in de sporthal vanavond!',
      scheduled_publish_time: inTwoHours,
      is_published: false,
      is_hidden: false,
      created_time: new Date().toISOString(),
    };
    sim.facebook.pages.set(PAGE_ID, { posts: [post], users: [] });
    server = await startConsole({
      GRAPH_API_BASE: sim.graphBase,
      YOUTUBE_API_BASE: sim.youtubeBase,
      GOOGLE_TOKEN_URL: sim.googleTokenUrl,
      SCRYPT_N: '1024',
      ESCALATION_STEP_MINUTES: '0',
      PLATFORM_READ_INTERVAL_MINUTES: '0',
    });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await sim?.stop();
  });

  it('connects a page, holds its scheduled post from the sweep and puts it back as it was', async () => {
    const page = await newPage(browser, { baseURL: server.url, viewport: VIEWPORTS.phone });
    try {
      // Communicatie connects the page (the demo's crisis cell has both roles).
      await signIn(page, 'crisiscel@demo.invalid');
      await page.goto('/channels');
      await page.getByRole('link', { name: SPORT.name, exact: true }).first().click();
      await page.getByRole('link', { name: t('platform.link') }).click();
      await page.getByLabel(t('platform.accountId.facebook_page')).fill(PAGE_ID);
      await page.getByLabel(t('platform.token')).fill(TOKEN);
      await submit(
        page,
        page.getByRole('button', { name: t('platform.save') }),
        t('platform.saved'),
      );

      await declareCrisis(page, `Brand in de sporthal ${Date.now().toString(36)}`, 'Burgemeester');
      await addChannels(page, 'Sport', [SPORT.handle]);
      await page.locator('.sweep-progress').getByRole('link').click();

      // The sweep lists the post as Facebook has it; holding it moves it ~29 days ahead.
      await page.getByText(post.message).waitFor();
      const item = page.getByRole('listitem').filter({ hasText: post.message });
      await item
        .getByLabel(t('sweepApi.conflict'))
        .fill('Nodigt uit in de sporthal, die ontruimd is.');
      await submit(
        page,
        item.getByRole('button', { name: t('sweepApi.hold', { platform: facebook }) }),
        t('sweepApi.held', { platform: facebook }),
      );
      expect(post.scheduled_publish_time! - inTwoHours).toBeGreaterThan(28 * 86_400);

      await submit(
        page,
        page.locator('#api-holds').getByRole('button', { name: t('sweepApi.restore') }),
        t('sweepApi.restored'),
      );
      expect(post).toMatchObject({ scheduled_publish_time: inTwoHours, is_hidden: false });
      expect(sim.requests.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual([
        `/v21.0/${post.id}`,
        `/v21.0/${post.id}`,
      ]);
    } finally {
      await page.context().close();
    }
  });

  it('copies an Instagram password to the clipboard without putting it on the page', async () => {
    const page = await newPage(browser, { baseURL: server.url, viewport: VIEWPORTS.phone });
    try {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
        origin: server.url,
      });
      await signIn(page, 'crisiscel@demo.invalid');
      await page.goto('/channels');
      await page
        .getByRole('row')
        .filter({ has: page.getByText('@stadturnhout.demo', { exact: true }) })
        .filter({ hasText: label(t, 'platform', 'instagram') })
        .getByRole('link', { name: 'Stad Turnhout' })
        .click();
      await page.getByRole('link', { name: t('reveal.title') }).click();
      await page.getByLabel(t('reveal.reason')).fill('Controle van de gegevens na de oefening');
      await page.getByRole('button', { name: t('copy.button') }).click();
      await page.getByText(t('copy.done')).waitFor();
      const copied = await page.evaluate<string>('navigator.clipboard.readText()');
      expect(copied).toMatch(/^Demo-instagram-\d+-Kanaal!$/);
      expect(await page.content()).not.toContain(copied);
    } finally {
      await page.context().close();
    }
  });
});
