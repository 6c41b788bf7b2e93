// The Durable Object that holds the console's SQLite database and runs the app. One instance
// (named "main") serves every request, so its storage is the single source of truth, and its
// transactions are synchronous like better-sqlite3's: the domain layer runs unchanged. Audit
// checkpoints are signed inside those transactions with node:crypto (nodejs_compat), as on Node.
import { DurableObject } from 'cloudflare:workers';
import { drizzle } from 'drizzle-orm/durable-sqlite';
import { migrate } from 'drizzle-orm/durable-sqlite/migrator';
import * as schema from '../../db/schema';
import { createApp, type App } from '../app';
import { checkpointInterval, type Config } from '../config';
import type { Db } from '../domain/lib/db';
import type { DeliveryReport } from '../domain/notify/outbox';
import { deliverWitnessMails } from '../domain/notify/witness';
import { auditMinute, startUpChecks, type WitnessMark } from './audit';
import { mailApi, workerConfig, type WorkerVars } from './config';
import { firstStart } from './first-start';
import { drainOutbox, httpMailTransport } from './mail';
import { deliverContactMessages } from '../domain/crisis/contact-delivery';
import { sweepUnanswered } from '../domain/crisis/contact-sweep';
import migrations from './migrations';

export type WorkerEnv = WorkerVars & {
  CONSOLE: DurableObjectNamespace<ConsoleStore>;
  /** Optional: the R2 bucket every checkpoint is written to once (wrangler.toml [[r2_buckets]]). */
  AUDIT_WITNESS?: R2Bucket;
};

// Where the copy to the witness bucket stands, in the object's own key-value storage.
const WITNESS_MARK = 'audit.witnessBucketThrough';

export class ConsoleStore extends DurableObject<WorkerEnv> {
  private readonly db: Db;
  private readonly config: Config;
  private readonly app: App;
  private readonly checkpointEveryMs: number;
  /** Why the console refuses to serve (a failed start-up check in production), or null. */
  private refusal: string | null = null;

  constructor(ctx: DurableObjectState, env: WorkerEnv) {
    super(ctx, env);
    const storage = drizzle(ctx.storage, { schema });
    this.db = storage;
    this.config = workerConfig(env);
    this.checkpointEveryMs = checkpointInterval(env.CHECKPOINT_INTERVAL_MINUTES);
    // No request reaches the app before the schema is current, a first user exists and the
    // audit's defences are checked, as src/node.ts does before it listens.
    void ctx.blockConcurrencyWhile(async () => {
      await migrate(storage, migrations);
      await firstStart(this.db, env, this.config);
      this.refusal = startUpChecks(this.db, this.config);
    });
    this.app = createApp({
      db: this.db,
      config: this.config,
      // Set by Cloudflare's edge (and by wrangler dev); a client cannot forge it.
      clientIp: (c) => c.req.header('CF-Connecting-IP'),
    });
  }

  /**
   * Called by the Worker's scheduled handler (RPC), every minute: the audit's checkpoint schedule
   * and witnesses, then the mail. Nothing runs while the console refuses to serve.
   */
  async everyMinute(): Promise<DeliveryReport | null> {
    if (this.refusal) return null;
    const bucket = this.env.AUDIT_WITNESS;
    const storage = this.ctx.storage;
    const mark: WitnessMark = {
      get: async () => (await storage.get<number>(WITNESS_MARK)) ?? 0,
      set: (number) => storage.put(WITNESS_MARK, number),
    };
    await auditMinute(
      this.db,
      this.config,
      this.checkpointEveryMs,
      bucket ? { bucket, mark } : null,
    );
    return this.deliverMail();
  }

  /** Delivers the due owner notifications, contact requests and the auditors' witness mails. */
  private async deliverMail(): Promise<DeliveryReport | null> {
    const api = mailApi(this.env, this.config);
    // Contact requests ride on the same schedule: their messages, then the unanswered ones.
    await deliverContactMessages(
      this.db,
      { mail: api ? httpMailTransport(api) : null, sms: this.config.contact.sms },
      { now: this.config.now, baseUrl: this.config.baseUrl },
    );
    sweepUnanswered(this.db, this.config.now(), this.config.rules);
    if (!api) return null;
    const report = await drainOutbox(this.db, this.config, api);
    // As Node's outbox loop: the owners' notifications first, then the auditors' witness mails.
    await deliverWitnessMails(this.db, httpMailTransport(api), { now: this.config.now });
    return report;
  }

  override async fetch(request: Request): Promise<Response> {
    // As Node refuses to start: nothing is served, /healthz included, and the reason is given.
    if (this.refusal)
      return new Response(`The console refuses to serve: ${this.refusal}\n`, {
        status: 503,
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      });
    // Workers compresses responses itself (a Content-Encoding header makes the runtime encode
    // the body): without this the app's compress() would gzip everything twice.
    const headers = new Headers(request.headers);
    headers.delete('Accept-Encoding');
    return this.app.fetch(new Request(request, { headers }));
  }
}
