// Workers entry: the same app as src/node.ts, run inside one SQLite-backed Durable Object
// (src/worker/store.ts). Static files never reach this code: wrangler's [assets] serves them.
import type { WorkerEnv } from './worker/config';

export { ConsoleStore } from './worker/store';

export default {
  fetch(request, env) {
    return env.CONSOLE.get(env.CONSOLE.idFromName('main')).fetch(request);
  },
} satisfies ExportedHandler<WorkerEnv>;
