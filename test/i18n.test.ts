// The catalogue in both languages: plurals by the language's rules, no "(en)"/"(s)" patches.
import { describe, expect, it } from 'vitest';
import { translator } from '../src/i18n';
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
