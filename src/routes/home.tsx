// The home page says what needs doing: an operator's open crises with what is late, and
// Communicatie's readiness at a glance, an owner's channels taken over now.
import { Hono } from 'hono';
import { Home } from '../../views/pages/Home';
import { openCrisesJoined } from '../domain/crisis/joined';
import { ownerInbox } from '../domain/notify/owner-inbox';
import { takenOverNow } from '../domain/notify/owner-summary';
import { readiness } from '../domain/report/readiness';
import type { AppEnv } from '../env';
import { signedIn } from '../middleware/access';

export const home = new Hono<AppEnv>();

home.get('/', signedIn(), (c) => {
  const { db, config, t } = c.var;
  const user = c.var.user!;
  const now = config.now();
  const crises = user.roles.includes('crisis_operator')
    ? openCrisesJoined(db, user.id, now, config.rules)
    : undefined;
  const ready = user.roles.includes('communicatie')
    ? readiness(db, config.readiness, now).overall
    : undefined;
  const inbox = user.roles.includes('owner') ? ownerInbox(db, user.id) : null;
  const takenOver = inbox ? takenOverNow(inbox) : undefined;
  return c.render(
    <Home
      name={user.name}
      roles={user.roles}
      crises={crises}
      readiness={ready}
      takenOver={takenOver}
    />,
    { title: t('home.title') },
  );
});
