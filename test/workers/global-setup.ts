// One `wrangler dev` for the whole workers suite: the demo seeded (at a low scrypt cost) into a
// fresh Durable Object store, mail going to a local stub of the e-mail API, a checkpoint key made
// for the run (its public half provided to the tests), the witness bucket of wrangler.toml
// simulated locally, and the scheduled handler reachable at /__scheduled (--test-scheduled). Stopped by its PID when the suite ends,
// also after a failure. WORKERS_LOG=1 prints wrangler's output at the end.
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { writeAssets } from '../../scripts/workers-assets';
import { signerKeyText, verifierKey } from '../../src/domain/audit/checkpoint';
import { freePort } from '../fixtures/smtp';
import {
  CLIENT_ID,
  CLIENT_SECRET_FOR_TESTS,
  ROLE_MAP,
  startProvider,
} from '../fixtures/oidc-provider';
import { startMailStub } from './mail-stub';
import { startWranglerDev } from './wrangler-dev';

declare module 'vitest' {
  export interface ProvidedContext {
    workersUrl: string;
    mailStubUrl: string;
    oidcRedirectUri: string;
    checkpointPublicKey: string;
  }
}

export const MAIL_API_TOKEN = 'stub-token-for-tests';
export const CHECKPOINT_ORIGIN = 'workers.test.invalid/audit';
export const AUDITOR = 'auditor@demo.invalid';

export default async function setup(project: TestProject) {
  writeAssets(); // the static files as they are now, for wrangler's [assets]
  const stub = await startMailStub();
  const checkpointKey = { name: CHECKPOINT_ORIGIN, seed: new Uint8Array(randomBytes(32)) };
  // The city's identity provider for the sign-in through OpenID Connect (oidc.e2e.ts): its
  // client's redirect URI names the Worker's port, so that is chosen first.
  const port = await freePort();
  const idp = await startProvider(`http://127.0.0.1:${port}/sign-in/oidc/callback`);
  idp.accounts.set('ann', {
    email: 'ann.peeters@turnhout.invalid',
    name: 'Ann Peeters',
    groups: ['crisiscel-operatoren'],
    amr: ['pwd', 'mfa'],
  });
  const dev = await startWranglerDev(
    {
      ENVIRONMENT: 'development',
      DEMO_SEED: '1',
      SCRYPT_N: '1024',
      ESCALATION_STEP_MINUTES: '0',
      MAIL_API_URL: `${stub.url}/emails`,
      MAIL_API_TOKEN,
      // The demo stores and reveals login details with it: AES-256-GCM in workerd.
      CREDENTIAL_KEY: randomBytes(32).toString('base64'),
      // Audit checkpoints signed in workerd, e-mailed to an auditor (checkpoints.e2e.ts).
      CHECKPOINT_KEY: signerKeyText(checkpointKey),
      AUDIT_WITNESS_EMAILS: AUDITOR,
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET_FOR_TESTS,
      OIDC_NAME: 'Stad Turnhout',
      OIDC_ROLE_MAP: JSON.stringify(ROLE_MAP),
    },
    ['--test-scheduled'],
    port,
  ).catch(async (err: unknown) => {
    await stub.close();
    await idp.close();
    throw err;
  });
  console.log(
    `wrangler dev (pid ${dev.pid}) ready at ${dev.url} after ${Math.round(dev.startMs)} ms`,
  );
  project.provide('workersUrl', dev.url);
  project.provide('mailStubUrl', stub.url);
  project.provide('oidcRedirectUri', idp.redirectUri);
  project.provide('checkpointPublicKey', verifierKey(checkpointKey));
  return async () => {
    await dev.stop();
    await stub.close();
    await idp.close();
    if (process.env.WORKERS_LOG) console.log(dev.log());
  };
}
