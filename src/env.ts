// The Hono environment: what middleware puts on the context for handlers and the layout.
import type { Language, Role, Session, User } from '../db/schema';
import type { Config } from './config';
import type { Actor } from './domain/audit/trail';
import type { Db } from './domain/lib/db';
import type { Translate } from './i18n';

export type AppEnv = {
  Variables: {
    db: Db;
    config: Config;
    lang: Language;
    t: Translate;
    user: User | null;
    session: Session | null;
    /** The role the route's access rule matched for this user; written into audit events. */
    actor: Actor;
    csrfToken: string;
    clientIp: string;
    /** The API key a request to /api/v1 authenticated with (src/middleware/api-token.ts). */
    apiKeyId?: number;
    /** What the session still owes of its second factor (set by the access rules). */
    secondFactor?: 'satisfied' | 'verify' | 'enrol';
    /** Flash message carried over a redirect (key into the catalogue, already translated). */
    flash: string | null;
  };
};
