// test/helpers.ts's Browser (cookies, CSRF token, form posts) over real HTTP instead of
// app.request(): the Worker under wrangler dev is driven exactly like the in-process app.
import { inject } from 'vitest';
import type { App } from '../../src/app';
import { Browser } from '../helpers';
import { DEMO_PASSWORD } from '../../src/seed/demo';

export const workersUrl = () => inject('workersUrl');

export function httpBrowser(base = workersUrl()): Browser {
  const transport = {
    request: (path: string, init: RequestInit) => fetch(base + path, { ...init, redirect: 'manual' }),
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
