// JSON API for the city's other crisis tools under /api/v1 (issue 4).
import { Hono } from 'hono';
import type { AppEnv } from '../env';

export const apiRoutes = new Hono<AppEnv>();
