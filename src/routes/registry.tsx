// Channels, departments, owners, Communicatie access, vault reveal, readiness, CSV (issue 3).
// One sub-app per concept under ./registry/, each declaring its own access rules.
import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { accessRoutes } from './registry/access';
import { channelOwnerRoutes } from './registry/channel-owners';
import { channelRoutes } from './registry/channels';
import { csvRoutes } from './registry/csv';
import { departmentRoutes } from './registry/departments';
import { ownersRegistryRoutes } from './registry/owners';
import { readinessRoutes } from './registry/readiness';
import { revealRoutes } from './registry/reveal';

export const registryRoutes = new Hono<AppEnv>();
for (const sub of [
  channelRoutes,
  channelOwnerRoutes,
  accessRoutes,
  revealRoutes,
  ownersRegistryRoutes,
  departmentRoutes,
  readinessRoutes,
  csvRoutes,
])
  registryRoutes.route('/', sub);
