// The audit chain as seen from outside the Worker: the console's own check (POST /audit/verify,
// run in workerd) and Node recomputing every hash of the JSON export (README "Audit chain").
import { expect } from 'vitest';
import type { AuditEvent } from '../../db/schema';
import { eventHash, GENESIS_HASH } from '../../src/domain/audit/trail';
import { demoSignIn } from './http';

/** Fails on the first event whose sequence, link or hash is wrong; returns how many it checked. */
export function recheckChain(events: AuditEvent[]): number {
  let prev = GENESIS_HASH;
  events.forEach((e, i) => {
    expect(e.seq, `seq at ${i}`).toBe(i + 1);
    expect(e.prevHash, `link at ${e.seq}`).toBe(prev);
    expect(eventHash(e), `hash at ${e.seq}`).toBe(e.hash);
    prev = e.hash;
  });
  return events.length;
}

export async function verifyOnWorkers(): Promise<{ verified: string; events: AuditEvent[] }> {
  const b = await demoSignIn('communicatie@demo.invalid');
  const verify = await b.post('/audit/verify');
  expect(verify.status).toBe(200);
  const verified =
    /class="alert alert-ok"[^>]*>\s*<p>([^<]+)/.exec(verify.text_)?.[1] ?? verify.text_;
  const exported = await b.post('/audit/export.json');
  expect(exported.status).toBe(200);
  const { events } = JSON.parse(exported.text_) as { events: AuditEvent[] };
  return { verified, events };
}
