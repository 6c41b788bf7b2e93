// The owner's side: their channels, notifications, acknowledgement (issue 5).
import { Hono } from 'hono';
import type { AppEnv } from '../env';

export const ownerRoutes = new Hono<AppEnv>();
