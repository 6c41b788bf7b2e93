import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, channelOwners, channels, departments, owners } from '../db/schema';
import { SYSTEM } from '../src/domain/audit';
import { createDepartment } from '../src/domain/departments';
import { setup, type TestContext } from './helpers';

export function department(t: TestContext, name = 'Cultuur') {
  const r = createDepartment(t.db, SYSTEM, name, t.clock.now);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

const channelForm = (departmentId: number, extra: Record<string, string> = {}) => ({
  platform: 'instagram', name: 'Cultuurcentrum', handle: '@ccturnhout', departmentId: String(departmentId),
  purpose: 'Programma', status: 'active', lastPublishedAt: '2026-11-20', exemptionReason: '', exemptionUntil: '', ...extra,
});

describe('channel registry', () => {
  it('lets Communicatie create a channel, audited, and shows it in the list', async () => {
    const t = await setup();
    const dep = department(t);
    const b = await t.as(['communicatie']);
    const res = await b.post('/channels', channelForm(dep.id));
    expect(res.status).toBe(303);
    const ch = t.db.select().from(channels).get()!;
    expect(res.headers.get('Location')).toBe(`/channels/${ch.id}/owners`);
    expect(t.db.select().from(auditEvents).where(eq(auditEvents.action, 'channel.created')).all()).toHaveLength(1);
    const list = await b.get('/channels');
    expect(list.status).toBe(200);
    expect(list.text_).toContain('Cultuurcentrum');
  });
});
