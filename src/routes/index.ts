// The console's address space in one table: every sub-app mounted at its prefix, with paths
// relative to it inside. Sub-apps under a parameter (`:id`) read it with c.req.param('id').
import type { Hono } from 'hono';
import type { AppEnv } from '../env';
import { apiRoutes } from './api';
import { API_BASE } from './api/endpoint';
import { tokensRoutes } from './api/tokens';
import { auditRoutes, reportRoutes } from './audit';
import { auth } from './auth';
import { oidcRoutes } from './oidc';
import { casesRoutes, holdRoutes } from './cases';
import { checkpointKeyRoutes, checkpointKeysRoutes, checkpointRoutes } from './checkpoints';
import { answerRoutes, smsReportRoutes } from './contact-link';
import { crisesRoutes } from './crises';
import { drillRoutes } from './drills';
import { escalationRoutes } from './escalation';
import { exerciseRoutes } from './exercises';
import { home } from './home';
import { mineRoutes, outboxRoutes } from './owner';
import { accessRoutes, credentialRoutes } from './registry/access';
import { channelOwnerRoutes } from './registry/channel-owners';
import { channelRoutes } from './registry/channels';
import { csvRoutes } from './registry/csv';
import { departmentRoutes } from './registry/departments';
import { platformRoutes } from './registry/platform';
import { ownersRegistryRoutes } from './registry/owners';
import { readinessRoutes } from './registry/readiness';
import { revealRoutes } from './registry/reveal';
import { credentialRotationRoutes, ownerRotationRoutes } from './rotation';
import { staticRoutes, type StaticFile } from './system';
import { platformSweepRoutes } from './platform-sweep';
import { sessionsRoutes, userSessionsRoutes } from './sessions';
import { passkeyRoutes } from './passkeys';
import { secondFactorRoutes } from './second-factor';
import { secondFactorResetRoutes } from './second-factor-reset';
import { stepUp } from '../middleware/second-factor';
import { sweepRoutes } from './sweep';
import { usersRoutes } from './users';

const ID = ':id{[0-9]+}';

export function mountRoutes(app: Hono<AppEnv>, assets: Map<string, StaticFile>) {
  app.route('/static', staticRoutes(assets));
  app.route('/', auth); // /sign-in, /sign-out, /language
  app.route('/sign-in/oidc', oidcRoutes);
  app.route('/sessions', sessionsRoutes);
  app.route('/', home);
  app.route('/second-factor/passkey', passkeyRoutes);
  app.route('/second-factor', secondFactorRoutes);
  app.route(`/users/${ID}/second-factor`, secondFactorResetRoutes);
  app.route('/users', usersRoutes);
  app.route(`/users/${ID}/sessions`, userSessionsRoutes);
  app.route('/api-tokens', tokensRoutes);

  app.route('/channels', channelRoutes);
  app.route(`/channels/${ID}/owners`, channelOwnerRoutes);
  app.route(`/channels/${ID}/access`, accessRoutes);
  app.route(`/channels/${ID}/credentials/rotated`, credentialRotationRoutes);
  app.route(`/channels/${ID}/credentials`, credentialRoutes);
  // Step-up: revealing login details needs a second factor of the last 15 minutes.
  app.use(`/channels/${ID}/reveal`, stepUp('communicatie', 'crisis_operator'));
  app.route(`/channels/${ID}/reveal`, revealRoutes);
  app.route(`/channels/${ID}/platform`, platformRoutes);
  app.route('/owners', ownersRegistryRoutes);
  app.route('/departments', departmentRoutes);
  app.route(`/departments/${ID}/head`, escalationRoutes);
  app.route('/readiness', readinessRoutes);
  app.route('/registry', csvRoutes);
  app.route('/drills', drillRoutes);

  app.route('/crises', crisesRoutes);
  app.route(`/crises/${ID}/cases/:caseId{[0-9]+}`, casesRoutes);
  app.route(`/crises/${ID}/holds`, holdRoutes);
  app.route(`/crises/${ID}/sweep/api`, platformSweepRoutes);
  app.route(`/crises/${ID}/sweep`, sweepRoutes);
  app.route('/exercises', exerciseRoutes);

  app.route('/mine', mineRoutes);
  app.route(`/mine/channels/${ID}/rotated`, ownerRotationRoutes);
  app.route('/outbox', outboxRoutes);
  app.route('/a', answerRoutes); // an owner's answer to a contact request, by its link
  app.route('/sms/reports', smsReportRoutes);

  app.route('/audit/checkpoints', checkpointRoutes);
  app.route('/audit', auditRoutes);
  app.route('/checkpoint-key.pub', checkpointKeyRoutes);
  app.route('/checkpoint-keys.txt', checkpointKeysRoutes);
  app.route('/reports', reportRoutes);
  app.route(API_BASE, apiRoutes);
}
