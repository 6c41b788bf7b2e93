// The Durable Object that holds the console's SQLite database and runs the app. One instance
// (named "main") serves every request, so its storage is the single source of truth, and its
// transactions are synchronous like better-sqlite3's: the domain layer runs unchanged.
import { DurableObject } from 'cloudflare:workers';
import { drizzle } from 'drizzle-orm/durable-sqlite';
import { migrate } from 'drizzle-orm/durable-sqlite/migrator';
import * as schema from '../../db/schema';
import { createApp, type App } from '../app';
import type { Config } from '../config';
import type { Db } from '../domain/lib/db';
import type { DeliveryReport } from '../domain/notify/outbox';
import { mailApi, workerConfig, type WorkerVars } from './config';
import { firstStart } from './first-start';
import { drainOutbox, httpMailTransport } from './mail';
import { deliverContactMessages } from '../domain/crisis/contact-delivery';
import { sweepUnanswered } from '../domain/crisis/contact-sweep';
import migrations from './migrations';

export type WorkerEnv = WorkerVars & { CONSOLE: DurableObjectNamespace<ConsoleStore> };

export class ConsoleStore extends DurableObject<WorkerEnv> {
  private readonly db: Db;
  private readonly config: Config;
  private readonly app: App;

  constructor(ctx: DurableObjectState, env: WorkerEnv) {
    super(ctx, env);
    const storage = drizzle(ctx.storage, { schema });
    this.db = storage;
    this.config = workerConfig(env);
    // No request reaches the app before the schema is current and a first user exists.
    void ctx.blockConcurrencyWhile(async () => {
      await migrate(storage, migrations);
      await firstStart(this.db, env, this.config);
    });
    this.app = createApp({
      db: this.db,
      config: this.config,
      // Set by Cloudflare's edge (and by wrangler dev); a client cannot forge it.
      clientIp: (c) => c.req.header('CF-Connecting-IP'),
    });
  }

  /** Called by the Worker's scheduled handler (RPC): delivers the due owner notifications. */
  async deliverMail(): Promise<DeliveryReport | null> {
    const api = mailApi(this.env, this.config);
    // Contact requests ride on the same schedule: their messages, then the unanswered ones.
    await deliverContactMessages(
      this.db,
      { mail: api ? httpMailTransport(api) : null, sms: this.config.contact.sms },
      { now: this.config.now, baseUrl: this.config.baseUrl },
    );
    sweepUnanswered(this.db, this.config.now(), this.config.rules);
    return api ? drainOutbox(this.db, this.config, api) : null;
  }

  override async fetch(request: Request): Promise<Response> {
    // Workers compresses responses itself (a Content-Encoding header makes the runtime encode
    // the body): without this the app's compress() would gzip everything twice.
    const headers = new Headers(request.headers);
    headers.delete('Accept-Encoding');
    return this.app.fetch(new Request(request, { headers }));
  }
}
