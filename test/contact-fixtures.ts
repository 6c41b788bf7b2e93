// A case in `contacting` with an operator signed in (test/helpers.ts signIn), and the contact
// request's machinery run for real: e-mail through a real SMTP peer on 127.0.0.1, SMS through
// the stub gateway (test/fixtures/sms-gateway.ts), the app served on 127.0.0.1 for its reports.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { eq } from 'drizzle-orm';
import { afterEach } from 'vitest';
import { contactAttempts, takeoverCases } from '../db/schema';
import type { Config } from '../src/config';
import { deliverContactMessages } from '../src/domain/crisis/contact-delivery';
import { smtpTransport } from '../src/node/mailer';
import { caseWith } from './crisis-fixtures';
import { startSmtp, type SmtpPeer } from './fixtures/smtp';
import { startSmsGateway, type SmsGatewayStub } from './fixtures/sms-gateway';
import { setup, type TestContext } from './helpers';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const stop of cleanup.splice(0)) await stop();
});

export const MIN = 60_000;
export const linkIn = (text: string) => /\/a\/([\w-]{43})/.exec(text)?.[1];

export async function contactScene(
  opts: {
    sms?: boolean;
    overrides?: Partial<Config>;
    owners?: Parameters<typeof caseWith>[1];
  } = {},
) {
  const gateway: SmsGatewayStub | null = opts.sms ? await startSmsGateway() : null;
  if (gateway) cleanup.push(() => gateway.stop());
  const t: TestContext = await setup({
    contact: {
      linkMinutes: 120,
      sms: gateway
        ? {
            url: gateway.url,
            token: gateway.token,
            webhookSecret: gateway.secret,
            timeoutMs: 5_000,
          }
        : null,
    },
    ...opts.overrides,
  });
  const smtp: SmtpPeer = await startSmtp();
  cleanup.push(() => smtp.stop());
  const mail = smtpTransport(smtp.url, 'Crisisconsole <crisis@test.invalid>');
  cleanup.push(() => mail.close());
  const server = serve({ fetch: t.app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const scene = await caseWith(t, opts.owners ?? [{ name: 'Anna Eerst' }]);
  const operator = t.browser();
  await operator.signIn(scene.user.email);
  const caseUrl = `/crises/${scene.crisis.id}/cases/${scene.kase.id}`;
  const version = () =>
    t.db.select().from(takeoverCases).where(eq(takeoverCases.id, scene.kase.id)).get()!.version;
  return {
    t,
    ...scene,
    gateway,
    smtp,
    operator,
    caseUrl,
    baseUrl,
    caseRow: () =>
      t.db.select().from(takeoverCases).where(eq(takeoverCases.id, scene.kase.id)).get()!,
    attempts: () =>
      t.db.select().from(contactAttempts).where(eq(contactAttempts.caseId, scene.kase.id)).all(),
    /** The operator taps "Stuur contactverzoek" on an owner's card. */
    request: (ownerId = scene.owners[0]!.id) =>
      operator.post(`${caseUrl}/contact-request`, {
        version: String(version()),
        ownerId: String(ownerId),
      }),
    /** One run of the sender, as the loop on the outbox's schedule does. */
    deliver: () =>
      deliverContactMessages(
        t.db,
        { mail, sms: t.config.contact.sms },
        { now: () => t.clock.now, baseUrl },
      ),
  };
}
