// Sign-in through the city's identity provider on Workers: openid-client (fetch and WebCrypto)
// in workerd, against the same oidc-provider on 127.0.0.1 as the Node tests, over real HTTP.
import { describe, expect, inject, it } from 'vitest';
import { throughProvider } from '../fixtures/oidc-provider';
import { httpBrowser } from './http';

describe('the identity provider on Workers', () => {
  it('signs in through OpenID Connect with the role from the group and the provider MFA', async () => {
    const b = httpBrowser();
    expect((await b.get('/sign-in')).text_).toContain('Aanmelden met Stad Turnhout');
    const start = await b.get('/sign-in/oidc?next=/crises');
    expect(start.status).toBe(303);
    const callback = await throughProvider(
      start.headers.get('Location')!,
      'ann',
      inject('oidcRedirectUri'),
    );
    const res = await b.get(callback);
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/crises');
    expect((await b.get('/crises')).status).toBe(200);
    expect((await b.get('/users')).status).toBe(403);
    const sessions = await b.get('/sessions');
    expect(sessions.text_).toContain('Deze sessie');
  });

  it('refuses a callback whose state this browser was not sent with', async () => {
    const b = httpBrowser();
    const start = await b.get('/sign-in/oidc');
    const callback = new URL(
      await throughProvider(start.headers.get('Location')!, 'ann', inject('oidcRedirectUri')),
      'http://x',
    );
    callback.searchParams.set('state', 'forged');
    const res = await b.get(`${callback.pathname}${callback.search}`);
    expect(res.status).toBe(400);
    expect((await b.get('/crises')).status).toBe(303);
  });
});
