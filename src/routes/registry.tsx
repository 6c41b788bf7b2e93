// Channels, departments, owners, Communicatie access, vault reveal, readiness, CSV (issue 3).
import { Hono } from 'hono';
import type { AppEnv } from '../env';

export const registryRoutes = new Hono<AppEnv>();
