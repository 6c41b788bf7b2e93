// One `wrangler dev` for the whole workers suite: the demo seeded (at a low scrypt cost) into a
// fresh Durable Object store, mail going to a local stub of the e-mail API, and the scheduled
// handler reachable at /__scheduled (--test-scheduled). Stopped by its PID when the suite ends,
// also after a failure. WORKERS_LOG=1 prints wrangler's output at the end.
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { writeAssets } from '../../scripts/workers-assets';
import { startMailStub } from './mail-stub';
import { startWranglerDev } from './wrangler-dev';

declare module 'vitest' {
  export interface ProvidedContext {
    workersUrl: string;
    mailStubUrl: string;
  }
}

export const MAIL_API_TOKEN = 'stub-token-for-tests';

export default async function setup(project: TestProject) {
  writeAssets(); // the static files as they are now, for wrangler's [assets]
  const stub = await startMailStub();
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
    },
    ['--test-scheduled'],
  ).catch(async (err: unknown) => {
    await stub.close();
    throw err;
  });
  console.log(
    `wrangler dev (pid ${dev.pid}) ready at ${dev.url} after ${Math.round(dev.startMs)} ms`,
  );
  project.provide('workersUrl', dev.url);
  project.provide('mailStubUrl', stub.url);
  return async () => {
    await dev.stop();
    await stub.close();
    if (process.env.WORKERS_LOG) console.log(dev.log());
  };
}
