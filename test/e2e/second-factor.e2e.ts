// The second factor in a real browser: a new crisis operator is led through enrolment of an
// authenticator app at the first sign-in (the codes computed here with otpauth from the secret
// the page shows), then registers a passkey and signs in with it, on Chromium's virtual
// authenticator (Chrome DevTools Protocol). A server of its own, named localhost: a passkey's
// relying party is a domain name, never an IP address.
import * as OTPAuth from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { label } from '../../src/i18n';
import { DEMO_PASSWORD } from '../../src/seed/demo';
import { launch, newPage, signIn, submit, t, tx } from './browser';
import { startConsole, type ConsoleServer } from './server';

const NEW_OPERATOR = { name: 'Nele Claes', email: 'nele.claes@demo.invalid' };

async function passwordStep(page: Page, email: string) {
  await page.goto('/sign-in');
  await page.getByLabel(t('signIn.email')).fill(email);
  await page.getByLabel(t('signIn.password')).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: t('signIn.submit') }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in');
}

/** Communicatie gives a new colleague the crisis operator role (password: the demo's). */
async function newOperator(page: Page) {
  await page.goto('/users/new');
  await page.getByLabel(t('users.name')).fill(NEW_OPERATOR.name);
  await page.getByLabel(t('users.email')).fill(NEW_OPERATOR.email);
  await page.getByLabel(t('users.password')).fill(DEMO_PASSWORD);
  await page
    .getByRole('checkbox', { name: label(t, 'role', 'crisis_operator'), exact: true })
    .check();
  await submit(
    page,
    page.getByRole('button', { name: t('action.save') }),
    t('users.created', { name: NEW_OPERATOR.name }),
  );
}

describe('the second factor in a browser', () => {
  let server: ConsoleServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startConsole({ SCRYPT_N: '1024' }, 'localhost');
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('leads a new operator through enrolment, then registers a passkey and signs in with it', async () => {
    const admin = await newPage(browser, { baseURL: server.url });
    await signIn(admin, 'communicatie@demo.invalid');
    await newOperator(admin);
    await admin.context().close();

    const page = await newPage(browser, { baseURL: server.url });
    // A virtual platform authenticator that says yes at once (user present and verified).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });

    await passwordStep(page, NEW_OPERATOR.email);
    expect(new URL(page.url()).pathname).toBe('/second-factor/totp/new');
    // Nothing else opens before enrolment.
    await page.goto('/crises');
    expect(new URL(page.url()).pathname).toBe('/second-factor/totp/new');
    await page.getByText(t('enrol.required')).waitFor();
    await expect(page.locator('figure.qr svg').count()).resolves.toBe(1);
    const secret = (await page.locator('#totp-secret').innerText()).replace(/\s/g, '');
    const totp = new OTPAuth.TOTP({
      secret: OTPAuth.Secret.fromBase32(secret),
      digits: 6,
      period: 30,
    });
    await page.getByLabel(t('enrol.code')).fill(totp.generate());
    await page.getByRole('button', { name: t('enrol.submit') }).click();
    await page.getByRole('heading', { name: t('recoveryCodes.title') }).waitFor();
    await expect(page.locator('.recovery-codes li').count()).resolves.toBe(10);
    // On to the page asked for before enrolment.
    await page.getByRole('link', { name: t('recoveryCodes.continue') }).click();
    await page.waitForURL((url) => url.pathname === '/crises');

    // A passkey, from the security page (the factor of a minute ago counts for the step-up).
    await page.getByRole('link', { name: t('nav.security'), exact: true }).click();
    await page.getByRole('button', { name: t('settings.passkeys.add') }).click();
    await page.getByText(t('settings.passkeys.added')).waitFor();
    await page.getByText(tx('settings.passkeys.item')).waitFor();
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);

    // Signed out and in again: the passkey is the second step.
    await page.getByRole('button', { name: t('nav.signOut') }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in');
    await passwordStep(page, NEW_OPERATOR.email);
    expect(new URL(page.url()).pathname).toBe('/second-factor');
    await page.getByRole('button', { name: t('secondStep.passkey') }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('link', { name: t('nav.crises'), exact: true }).waitFor();
    const after = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(after.credentials[0]!.signCount).toBeGreaterThan(credentials[0]!.signCount);
    await page.context().close();
  });
});
