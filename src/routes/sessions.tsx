// The sessions page: everyone's own sessions (`/sessions`), and a user's sessions for
// Communicatie (`/users/:id/sessions`), who can end them all.
import { Hono } from 'hono';
import { z } from 'zod';
import { OwnSessions, UserSessions } from '../../views/pages/Sessions';
import {
  endOtherSessions,
  endOwnSession,
  endSessionsOfUser,
  openSessionsOf,
} from '../domain/auth/session-list';
import { getUser } from '../domain/auth/users';
import type { AppEnv } from '../env';
import { redirectTo, setFlash } from '../http';
import { allow, signedIn } from '../middleware/access';
import { parseForm } from '../validation';

export const sessionsRoutes = new Hono<AppEnv>();
sessionsRoutes.use('*', signedIn());

sessionsRoutes.get('/', (c) => {
  const { db, config, user, session, t, csrfToken } = c.var;
  const list = openSessionsOf(db, user!.id, config.now(), config.session, session!.id);
  return c.render(<OwnSessions list={list} csrfToken={csrfToken} />, {
    title: t('sessions.title'),
  });
});

// A session's id is the SHA-256 of its cookie token: it names the session, it cannot open it.
const endForm = z.object({ session: z.string().regex(/^[0-9a-f]{64}$/) });

sessionsRoutes.post('/end', async (c) => {
  const { db, config, user, session, actor } = c.var;
  const parsed = await parseForm(c, endForm);
  const result = parsed.ok
    ? endOwnSession(db, actor, user!, parsed.data.session, session!.id, config.now())
    : null;
  setFlash(c, result?.ok ? 'sessions.ended' : 'sessions.notFound', { n: 1 });
  return redirectTo(c, '/sessions');
});

sessionsRoutes.post('/end-others', (c) => {
  const { db, config, user, session, actor } = c.var;
  const n = endOtherSessions(db, actor, user!, session!.id, config.now());
  setFlash(c, 'sessions.ended', { n });
  return redirectTo(c, '/sessions');
});

export const userSessionsRoutes = new Hono<AppEnv>();
userSessionsRoutes.use('*', allow('communicatie'));

userSessionsRoutes.get('/', (c) => {
  const { db, config, t, csrfToken, session } = c.var;
  const user = getUser(db, Number(c.req.param('id')));
  if (!user) return c.notFound();
  const list = openSessionsOf(db, user.id, config.now(), config.session, session!.id);
  return c.render(<UserSessions user={user} list={list} csrfToken={csrfToken} />, {
    title: t('sessions.user.title', { name: user.name }),
  });
});

userSessionsRoutes.post('/end', (c) => {
  const { db, config, actor } = c.var;
  const result = endSessionsOfUser(db, actor, Number(c.req.param('id')), config.now());
  if (!result.ok) return c.notFound();
  setFlash(c, 'sessions.user.ended', { n: result.value.ended, name: result.value.user.name });
  // Ending one's own sessions signs oneself out too: the next page asks to sign in.
  return redirectTo(c, `/users/${result.value.user.id}/sessions`);
});
