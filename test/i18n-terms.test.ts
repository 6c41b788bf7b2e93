// One term per concept, as the README's glossary has it: the Dutch catalogue holds none of the
// words it retired, and "Beheerder onbereikbaar" names only the Article 2 basis.
import { describe, expect, it } from 'vitest';
import { api } from '../src/i18n/messages/api';
import { audit } from '../src/i18n/messages/audit';
import { auth } from '../src/i18n/messages/auth';
import { common } from '../src/i18n/messages/common';
import { crisis } from '../src/i18n/messages/crisis';
import { exercise } from '../src/i18n/messages/exercise';
import { exerciseReport } from '../src/i18n/messages/exercise-report';
import { notify } from '../src/i18n/messages/notify';
import { platforms } from '../src/i18n/messages/platforms';
import { registry } from '../src/i18n/messages/registry';
import { users } from '../src/i18n/messages/users';

const nl: [string, string][] = [
  common,
  auth,
  users,
  registry,
  crisis,
  notify,
  audit,
  api,
  exercise,
  exerciseReport,
  platforms,
].flatMap((p) => Object.entries(p.nl as Record<string, string>));

/** Retired word → the glossary's term that replaces it. */
const RETIRED: [RegExp, string][] = [
  [/aanmeldgegevens/i, 'logingegevens'],
  [/tegengehouden|tegenhouden|tegen te houden|houd\b.*\btegen\b/i, 'blokkering'],
  [/on hold/i, 'blokkering'],
  [/\breserve\b/i, 'back-up'],
  [/outbox/i, 'uitgaande berichten'],
];

describe('the Dutch catalogue speaks the glossary', () => {
  it.each(RETIRED)('holds no %s (the term is "%s")', (word) => {
    expect(nl.filter(([, text]) => word.test(text)).map(([key]) => key)).toEqual([]);
  });

  it('says "Beheerder onbereikbaar" only for the Article 2 basis', () => {
    const uses = nl.filter(([, text]) => /beheerder onbereikbaar/i.test(text)).map(([k]) => k);
    expect(uses.filter((k) => !/^case\.(basis|unreachable)\./.test(k))).toEqual([]);
    expect(uses).toContain('case.basis.owner_unreachable');
  });
});
