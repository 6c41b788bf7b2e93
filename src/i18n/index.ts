// The one message catalogue: Dutch first, English second. Views never hold literal text.
import type { Language } from '../../db/schema';
import { common } from './messages/common';
import { auth } from './messages/auth';
import { users } from './messages/users';
import { registry } from './messages/registry';
import { crisis } from './messages/crisis';
import { notify } from './messages/notify';
import { audit } from './messages/audit';
import { auditLabels } from './messages/audit-labels';
import { api } from './messages/api';
import { exercise } from './messages/exercise';
import { exerciseReport } from './messages/exercise-report';
import { platforms } from './messages/platforms';
import { vaultCodes } from './messages/vault-codes';
import { contact } from './messages/contact';
import { sessions } from './messages/sessions';
import { secondFactor } from './messages/second-factor';

const parts = [
  common,
  auth,
  users,
  registry,
  crisis,
  notify,
  audit,
  auditLabels,
  api,
  exercise,
  exerciseReport,
  platforms,
  vaultCodes,
  contact,
  sessions,
  secondFactor,
] as const;
type Part = (typeof parts)[number];
type KeysOf<P> = P extends { nl: infer N } ? keyof N : never;
export type MessageKey = KeysOf<Part> & string;

const catalogue: Record<Language, Record<string, string>> = {
  nl: Object.assign({}, ...parts.map((p) => p.nl)),
  en: Object.assign({}, ...parts.map((p) => p.en)),
};

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

// `{n, plural, one {# kanaal} other {# kanalen}}`: the form Intl.PluralRules picks for the
// language, with # as the number. Never "kanaal/kanalen" or "hold(s)" (test/i18n.test.ts).
const PLURAL = /\{(\w+), plural, one \{([^{}]*)\} other \{([^{}]*)\}\}/g;
const pluralRules: Record<Language, Intl.PluralRules> = {
  nl: new Intl.PluralRules('nl'),
  en: new Intl.PluralRules('en'),
};

export function translator(lang: Language): Translate {
  const messages = catalogue[lang];
  const rules = pluralRules[lang];
  return (key, params) => {
    const text = messages[key] ?? key;
    if (!params) return text;
    return (
      text
        .replace(PLURAL, (m, name: string, one: string, other: string) => {
          const n = Number(params[name] ?? NaN);
          if (!Number.isFinite(n)) return m;
          return (rules.select(n) === 'one' ? one : other).replace(/#/g, String(n));
        })
        // "{means:attempt.means}": the parameter is a comma-separated list of codes of that closed
        // list, each shown by its label (the domain names means, the reader reads words).
        .replace(/\{(\w+)(?::([\w.]+))?\}/g, (m, name: string, group?: string) => {
          const value = params[name];
          if (value === undefined) return m;
          if (!group) return String(value);
          return String(value)
            .split(',')
            .map((code) => messages[`${group}.${code}`] ?? code)
            .join(', ');
        })
    );
  };
}

/** For values that come from a closed list: `label(t, 'platform', 'instagram')`. */
export function label(t: Translate, group: string, value: string): string {
  return t(`${group}.${value}` as MessageKey);
}
