// Crises, takeover cases, holds, the live crisis board (issue 4).
import { Hono } from 'hono';
import type { AppEnv } from '../env';

export const crisesRoutes = new Hono<AppEnv>();
