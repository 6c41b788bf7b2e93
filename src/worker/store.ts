// The Durable Object that holds the console's SQLite database and runs the app. One instance
// (named "main") serves every request, so its storage is the single source of truth, and its
// transactions are synchronous like better-sqlite3's: the domain layer runs unchanged.
import { DurableObject } from 'cloudflare:workers';
import { count } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/durable-sqlite';
import { migrate } from 'drizzle-orm/durable-sqlite/migrator';
import * as schema from '../../db/schema';
import { createApp, type App } from '../app';
import type { Config } from '../config';
import type { Db } from '../domain/db';
import { seedDemo } from '../seed/demo';
import { workerConfig, type WorkerEnv } from './config';
import migrations from './migrations';

export class ConsoleStore extends DurableObject<WorkerEnv> {
  private readonly db: Db;
  private readonly config: Config;
  private readonly app: App;

  constructor(ctx: DurableObjectState, env: WorkerEnv) {
    super(ctx, env);
    const storage = drizzle(ctx.storage, { schema });
    this.db = storage;
    this.config = workerConfig(env);
    // No request reaches the app before the schema is current (and the demo seeded, in dev).
    void ctx.blockConcurrencyWhile(async () => {
      await migrate(storage, migrations);
      if (this.config.env !== 'production' && env.DEMO_SEED === '1' && this.isEmpty()) {
        await seedDemo(this.db, this.config.now(), this.config.scryptN);
      }
    });
    this.app = createApp({
      db: this.db,
      config: this.config,
      // Set by Cloudflare's edge (and by wrangler dev); a client cannot forge it.
      clientIp: (c) => c.req.header('CF-Connecting-IP'),
    });
  }

  private isEmpty(): boolean {
    return this.db.select({ n: count() }).from(schema.users).get()!.n === 0;
  }

  override async fetch(request: Request): Promise<Response> {
    // Workers compresses responses itself (a Content-Encoding header makes the runtime encode
    // the body): without this the app's compress() would gzip everything twice.
    const headers = new Headers(request.headers);
    headers.delete('Accept-Encoding');
    return this.app.fetch(new Request(request, { headers }));
  }
}
