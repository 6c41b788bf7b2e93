import { Hono } from 'hono';
import { Home } from '../../views/pages/Home';
import type { AppEnv } from '../env';
import { signedIn } from '../middleware/access';

export const home = new Hono<AppEnv>();

home.get('/', signedIn(), (c) => {
  const user = c.var.user!;
  return c.render(<Home name={user.name} roles={user.roles} />, { title: c.var.t('home.title') });
});
