// The catalogue in both languages: plurals by the language's rules, no "(en)"/"(s)" patches.
import { describe, expect, it } from 'vitest';
import { translator } from '../src/i18n';
import { setup } from './helpers';
import { auth } from '../src/i18n/messages/auth';
import { audit } from '../src/i18n/messages/audit';
import { common } from '../src/i18n/messages/common';
import { crisis } from '../src/i18n/messages/crisis';
import { exercise } from '../src/i18n/messages/exercise';
import { notify } from '../src/i18n/messages/notify';
import { registry } from '../src/i18n/messages/registry';
import { users } from '../src/i18n/messages/users';

const parts = [common, auth, users, registry, crisis, notify, audit, exercise];

describe('the message catalogue', () => {
  it('says one channel and five channels in either language, by Intl.PluralRules', () => {
    const nl = translator('nl');
    const en = translator('en');
    expect(nl('crisis.channels.added', { n: 1 })).toBe('1 kanaal toegevoegd.');
    expect(nl('crisis.channels.added', { n: 5 })).toBe('5 kanalen toegevoegd.');
    expect(en('crisis.channels.added', { n: 1 })).toBe('1 channel added.');
    expect(en('crisis.channels.added', { n: 0 })).toBe('0 channels added.');
    expect(nl('crisis.board.holdsOpen', { n: '1' })).toBe('1 open blokkering');
    expect(nl('crisis.close.blocked', { openCases: 2, openHolds: 1 })).toMatch(
      /^Nog 2 kanalen niet afgesloten en 1 blokkering niet vrijgegeven\./,
    );
  });

  it('holds no word patched for the plural, like "blokkering(en)", "hold(s)" or "kanaal/kanalen"', () => {
    const patched = parts.flatMap((p) =>
      [...Object.entries(p.nl), ...Object.entries(p.en)]
        .filter(([, text]) => /\p{L}\((en|s)\)|kanaal\/kanalen|channels?\/channels/u.test(text))
        .map(([key]) => key),
    );
    expect(patched).toEqual([]);
  });
});

describe('the language before sign-in', () => {
  const title = async (headers: Record<string, string>) => {
    const t = await setup();
    const html = await (await t.app.request('/sign-in', { headers })).text();
    return /<h1>([^<]*)<\/h1>/.exec(html)?.[1];
  };

  it("follows the browser's Accept-Language, by its q values, and is Dutch otherwise", async () => {
    expect(await title({ 'Accept-Language': 'en-GB,en;q=0.9' })).toBe('Sign in');
    expect(await title({ 'Accept-Language': 'fr, nl-BE;q=0.5, en;q=0.4' })).toBe('Aanmelden');
    expect(await title({ 'Accept-Language': 'de, fr;q=0.8' })).toBe('Aanmelden');
    expect(await title({})).toBe('Aanmelden');
  });

  it('lets a choice made on the page win over what the browser asks for', async () => {
    expect(await title({ 'Accept-Language': 'en', Cookie: 'lang=nl' })).toBe('Aanmelden');
  });
});
