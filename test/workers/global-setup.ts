// One `wrangler dev` for the whole workers suite: the demo seeded (at a low scrypt cost) into a
// fresh Durable Object store. Stopped by its PID when the suite ends, also after a failure.
import type { TestProject } from 'vitest/node';
import { startWranglerDev } from './wrangler-dev';

declare module 'vitest' {
  export interface ProvidedContext { workersUrl: string }
}

export default async function setup(project: TestProject) {
  const dev = await startWranglerDev({ ENVIRONMENT: 'development', DEMO_SEED: '1', SCRYPT_N: '1024' });
  console.log(`wrangler dev (pid ${dev.pid}) ready at ${dev.url} after ${Math.round(dev.startMs)} ms`);
  project.provide('workersUrl', dev.url);
  return async () => {
    await dev.stop();
    if (process.env.WORKERS_LOG) console.log(dev.log());
  };
}
