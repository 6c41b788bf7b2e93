// The identity provider's settings from the environment (Node's env, Workers' vars alike).
import { describe, expect, it } from 'vitest';
import { signInSettings } from '../src/config';

const BASE = 'https://crisis.turnhout.be';
const entra = {
  OIDC_ISSUER: 'https://sts.windows.net/00000000-0000-0000-0000-000000000000/',
  OIDC_CLIENT_ID: 'client',
  OIDC_CLIENT_SECRET: 'secret',
  OIDC_ROLE_MAP:
    '{"Crisis.Operator":"crisis_operator","Crisis.Cel":["crisis_operator","communicatie"]}',
};

describe('identity provider settings', () => {
  it('leaves password sign-in alone when no provider is configured', () => {
    expect(signInSettings({}, BASE)).toEqual({ oidc: null, passwordSignIn: true });
  });

  it('reads the provider, the role map and the defaults, with the redirect URI from BASE_URL', () => {
    const { oidc, passwordSignIn } = signInSettings(
      { ...entra, OIDC_MFA_AMR: 'mfa, ngcmfa' },
      BASE,
    );
    expect(passwordSignIn).toBe(true);
    expect(oidc).toMatchObject({
      redirectUri: 'https://crisis.turnhout.be/sign-in/oidc/callback',
      name: 'sts.windows.net',
      roleClaim: 'groups',
      roleMap: {
        'Crisis.Operator': ['crisis_operator'],
        'Crisis.Cel': ['crisis_operator', 'communicatie'],
      },
      mfaAmr: ['mfa', 'ngcmfa'],
      createUsers: true,
      trustEmail: false,
    });
  });

  it('refuses to start with a role the console does not have, or a provider half configured', () => {
    expect(() => signInSettings({ ...entra, OIDC_ROLE_MAP: '{"x":"admin"}' }, BASE)).toThrow(
      /"admin" is not one of/,
    );
    expect(() => signInSettings({ ...entra, OIDC_CLIENT_SECRET: '' }, BASE)).toThrow(
      /OIDC_CLIENT_SECRET/,
    );
    expect(() => signInSettings({ PASSWORD_SIGN_IN: 'off' }, BASE)).toThrow(/nobody could sign in/);
  });
});
