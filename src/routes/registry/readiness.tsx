// The weekly readiness check, for Communicatie.
import { Hono } from 'hono';
import { ReadinessPage } from '../../../views/pages/registry/Readiness';
import { readiness } from '../../domain/report/readiness';
import type { AppEnv } from '../../env';
import { allow } from '../../middleware/access';
import { cachedPage, changeSignature } from '../page-cache';

export const readinessRoutes = new Hono<AppEnv>();

readinessRoutes.get('/', allow('communicatie'), (c) => {
  const { db, config, t } = c.var;
  const now = config.now();
  return cachedPage(c, {
    key: `readiness|${changeSignature(db, now)}`,
    render: () => ({
      title: t('readiness.title'),
      body: <ReadinessPage report={readiness(db, config.readiness, now)} now={now} />,
    }),
  });
});
