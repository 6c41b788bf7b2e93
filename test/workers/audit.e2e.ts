// The audit chain written inside the Durable Object verifies, twice: by the console's own check
// (POST /audit/verify, run in workerd) and by Node recomputing every hash of the JSON export.
import { describe, expect, it } from 'vitest';
import { recheckChain, verifyOnWorkers } from './chain';
import { httpBrowser } from './http';

describe('the audit chain on Workers', () => {
  it('stays one unbroken chain when sign-ins interleave in the Durable Object', async () => {
    // Each sign-in awaits scrypt before its transaction, so the object interleaves them.
    const browsers = Array.from({ length: 12 }, () => httpBrowser());
    await Promise.all(browsers.map((b) => b.get('/sign-in')));
    const results = await Promise.all(
      browsers.map((b, i) =>
        b.post('/sign-in', {
          email: i % 2 ? 'operator@demo.invalid' : 'crisiscel@demo.invalid',
          password: 'demo-crisis-2026',
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(303));
    const { events } = await verifyOnWorkers();
    const signIns = events.filter((e) => e.action === 'user.signed_in');
    expect(signIns.length).toBeGreaterThanOrEqual(12);
    // The address the throttle counts comes from CF-Connecting-IP, not 'unknown'.
    expect(JSON.parse(signIns[0]!.details)).toEqual({ ip: '127.0.0.1' });
    recheckChain(events);
  });

  it('verifies in the console and again on Node from the exported events', async () => {
    const { verified, events } = await verifyOnWorkers();
    expect(verified).toMatch(/^Keten geverifieerd tot en met gebeurtenis \d+/);
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['user.created', 'credentials.stored', 'credentials.revealed']),
    );
    expect(recheckChain(events)).toBeGreaterThan(4);
  });
});
