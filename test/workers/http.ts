// test/helpers.ts's Browser (cookies, CSRF token, form posts) over real HTTP instead of
// app.request(): the Worker under wrangler dev is driven exactly like the in-process app.
import { expect, inject } from 'vitest';
import type { StubMail } from './mail-stub';
import type { App } from '../../src/app';
import { Browser } from '../helpers';
import { toBrusselsLocal } from '../../src/i18n/format';
import { DEMO_PASSWORD } from '../../src/seed/demo';

export const workersUrl = () => inject('workersUrl');

/** What the stub of the e-mail API has received so far. */
export const sentMail = async () =>
  (await fetch(`${inject('mailStubUrl')}/sent`)).json() as Promise<StubMail[]>;

/** Polls `probe` until it gives a value: the scheduled handler finishes after /__scheduled answers. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  ms = 15_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function httpBrowser(base = workersUrl()): Browser {
  const transport = {
    request: (path: string, init: RequestInit) =>
      fetch(base + path, { ...init, redirect: 'manual' }),
  };
  return new Browser(transport as unknown as App);
}

/** A browser signed in as one of the demo accounts (src/seed/demo.ts). */
export async function demoSignIn(email: string): Promise<Browser> {
  const b = httpBrowser();
  const res = await b.signIn(email, DEMO_PASSWORD);
  if (res.status !== 303) throw new Error(`sign-in as ${email} answered ${res.status}`);
  return b;
}

/** Declares a major crisis through its form, begun five minutes ago with the crisis cell convened then; its address. */
export async function declareMajorCrisis(
  b: Browser,
  crisis: { title: string; description: string; decisionRef: string },
): Promise<string> {
  const fiveMinutesAgo = toBrusselsLocal(new Date(Date.now() - 5 * 60_000));
  const declared = await b.post('/crises', {
    title: crisis.title,
    description: crisis.description,
    startedAt: fiveMinutesAgo,
    impact: 'major',
    crisisCellLead: 'Burgemeester',
    crisisCellConvenedAt: fiveMinutesAgo,
    crisisCellDecisionRef: crisis.decisionRef,
  });
  expect(declared.status).toBe(303);
  return declared.headers.get('Location')!;
}
