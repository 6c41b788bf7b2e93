// The one message catalogue: Dutch first, English second. Views never hold literal text.
import type { Language } from '../../db/schema';
import { common } from './messages/common';
import { auth } from './messages/auth';
import { users } from './messages/users';
import { registry } from './messages/registry';
import { crisis } from './messages/crisis';
import { notify } from './messages/notify';
import { audit } from './messages/audit';
import { api } from './messages/api';
import { exercise } from './messages/exercise';
import { exerciseReport } from './messages/exercise-report';
import { platforms } from './messages/platforms';

const parts = [
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

export function translator(lang: Language): Translate {
  const messages = catalogue[lang];
  return (key, params) => {
    const text = messages[key] ?? key;
    return params
      ? text.replace(/\{(\w+)\}/g, (m, name: string) => String(params[name] ?? m))
      : text;
  };
}

/** For values that come from a closed list: `label(t, 'platform', 'instagram')`. */
export function label(t: Translate, group: string, value: string): string {
  return t(`${group}.${value}` as MessageKey);
}
