// What an empty Durable Object does on its first start. There is no shell next to a Worker for
// `npm run user:create`, so the first Communicatie account comes from secrets instead
// (FIRST_USER_EMAIL, FIRST_USER_NAME, FIRST_USER_PASSWORD; delete them once signed in). In
// development with DEMO_SEED=1 the demo city is seeded, as `npm start` does on Node.
import { count } from 'drizzle-orm';
import { users } from '../../db/schema';
import type { Config } from '../config';
import { SYSTEM } from '../domain/audit/trail';
import type { Db } from '../domain/lib/db';
import { createUser } from '../domain/auth/users';
import { translator } from '../i18n';
import { log } from '../log';
import { seedDemo } from '../seed/demo';

export type FirstStartEnv = {
  DEMO_SEED?: string;
  FIRST_USER_EMAIL?: string;
  FIRST_USER_NAME?: string;
  FIRST_USER_PASSWORD?: string;
};

export async function firstStart(db: Db, env: FirstStartEnv, config: Config): Promise<void> {
  if (db.select({ n: count() }).from(users).get()!.n > 0) return;
  const now = config.now();
  if (config.env !== 'production' && env.DEMO_SEED === '1') {
    await seedDemo(db, now, config.scryptN, config.vault);
    log.info('demo data seeded');
    return;
  }
  const email = env.FIRST_USER_EMAIL;
  if (!email || !env.FIRST_USER_PASSWORD) {
    log.warn('no users yet: set the FIRST_USER_EMAIL and FIRST_USER_PASSWORD secrets');
    return;
  }
  const result = await createUser(
    db,
    SYSTEM,
    {
      email,
      name: env.FIRST_USER_NAME || email,
      roles: ['communicatie'],
      password: env.FIRST_USER_PASSWORD,
      language: 'nl',
      active: true,
    },
    now,
    config.scryptN,
  );
  if (result.ok) log.info('first user created', { email: result.value.email });
  else log.error('first user not created', { reason: translator('en')(result.error) });
}
