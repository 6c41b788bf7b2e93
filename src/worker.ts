// Workers entry: the same app as src/node.ts, run inside one SQLite-backed Durable Object
// (src/worker/store.ts). Static files never reach this code: wrangler's [assets] serves them.
import type { WorkerEnv } from './worker/store';

export { ConsoleStore } from './worker/store';

const store = (env: WorkerEnv) => env.CONSOLE.get(env.CONSOLE.idFromName('main'));

export default {
  fetch(request, env) {
    return store(env).fetch(request);
  },
  // The cron in wrangler.toml, every minute: the audit checkpoint schedule and its witnesses, and
  // owner notifications, which leave the outbox at most a minute late.
  scheduled(_controller, env, ctx) {
    ctx.waitUntil(store(env).everyMinute());
  },
} satisfies ExportedHandler<WorkerEnv>;
