// Views read the translator from context instead of taking it as a prop on every component.
import { createContext, useContext } from 'hono/jsx';
import type { Language } from '../db/schema';
import { translator, type Translate } from '../src/i18n';

export type ViewLocale = { t: Translate; lang: Language };
export const Locale = createContext<ViewLocale>({ t: translator('nl'), lang: 'nl' });
export const useLocale = () => useContext(Locale);
