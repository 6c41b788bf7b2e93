// Audit list, export, chain verification, incident reports (issue 6).
import { Hono } from 'hono';
import type { AppEnv } from '../env';

export const auditRoutes = new Hono<AppEnv>();
