import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents } from '../db/schema';
import { exportBatches, startExport } from '../src/domain/audit/export';
import { parseCsv as parseCsvText, restoreCell } from '../src/domain/lib/csv';
import { GENESIS, chainHash, type ChainFields } from './fixtures/chain';
import { crisisWorld } from './fixtures/crisis';
import { setup, type TestContext } from './helpers';

type Exported = ChainFields & { prevHash: string; hash: string };

/** A signed-in Communicatie browser and a crisis with some history in the audit. */
async function withHistory() {
  const t = await setup();
  const b = await t.as(['communicatie']);
  const w = await crisisWorld(t);
  const k = w.kase('jeugd', { state: 'active', basis: 'owner_contacted', authorisedAt: w.at(6) });
  w.attempt(k, w.anna.id, 'reached_owner_agrees', w.at(5));
  w.informAll(k);
  return { t, b, w, k };
}

/** The export as a spreadsheet reads it: cells of each record, neutralised cells restored. */
function parseCsv(text: string): string[][] {
  const parsed = parseCsvText(text);
  if (!parsed.ok) throw new Error(parsed.error);
  expect(parsed.delimiter).toBe(';');
  return parsed.records.map((r) => r.cells.map(restoreCell));
}

const num = (s: string) => (s === '' ? null : Number(s));

describe('audit export', () => {
  it('exports the whole chain as JSON that re-verifies outside the console', async () => {
    const { t, b } = await withHistory();
    const res = await b.post('/audit/export.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toContain('application/json');
    expect(res.headers.get('Content-Disposition')).toMatch(
      /attachment; filename="audit-\d{8}\d{6}\.json"/,
    );
    const { events } = JSON.parse(res.text_) as { events: Exported[] };
    let prev = GENESIS;
    events.forEach((e, i) => {
      expect(e.seq).toBe(i + 1);
      expect(e.prevHash).toBe(prev);
      expect(chainHash(e.prevHash, e)).toBe(e.hash);
      prev = e.hash;
    });
    // The export ends with its own record: who exported, when, with which filters.
    expect(events.at(-1)!.action).toBe('audit.exported');
    expect(events).toHaveLength(t.db.select().from(auditEvents).all().length);
  });

  it('exports filtered events as CSV in which every hash recomputes', async () => {
    const { t, b, w } = await withHistory();
    const res = await b.post('/audit/export.csv', {
      crisis: String(w.crisis.id),
      action: 'case.contact_attempt',
    });
    expect(res.headers.get('Content-Type')).toContain('text/csv');
    const [head, ...rows] = parseCsv(res.text_);
    const col = (name: string) => head!.indexOf(name);
    expect(head).toEqual([
      'seq',
      'at',
      'at_brussels',
      'actor_user_id',
      'actor_name',
      'actor_role',
      'action',
      'action_label',
      'crisis_id',
      'crisis_title',
      'channel_id',
      'channel_name',
      'case_id',
      'department_id',
      'department_name',
      'details',
      'prev_hash',
      'hash',
    ]);
    expect(rows).toHaveLength(1);
    for (const r of rows) {
      const cell = (name: string) => r[col(name)]!;
      const e: ChainFields = {
        seq: Number(cell('seq')),
        at: cell('at'),
        actorUserId: num(cell('actor_user_id')),
        actorRole: cell('actor_role') || null,
        action: cell('action'),
        crisisId: num(cell('crisis_id')),
        channelId: num(cell('channel_id')),
        caseId: num(cell('case_id')),
        departmentId: num(cell('department_id')),
        details: cell('details'),
      };
      expect(e.action).toBe('case.contact_attempt');
      expect(chainHash(cell('prev_hash'), e)).toBe(cell('hash'));
    }
    const exported = t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'audit.exported'))
      .get()!;
    expect(JSON.parse(exported.details)).toEqual({
      format: 'csv',
      filters: { crisisId: w.crisis.id, action: 'case.contact_attempt' },
      throughSeq: exported.seq,
    });
  });

  it('streams the export in batches instead of building it in memory', async () => {
    const t: TestContext = await setup();
    const w = await crisisWorld(t);
    for (let i = 0; i < 30; i++) w.event('department.updated', w.at(i), {});
    const snap = startExport(t.db, w.actor, {}, 'json', t.clock.now);
    const batches = [...exportBatches(t.db, snap, 7)];
    const n = snap.throughSeq;
    expect(n).toBeGreaterThan(30);
    expect(batches.map((x) => x.length)).toEqual(
      [...Array(Math.floor(n / 7)).fill(7), n % 7].filter(Boolean),
    );
    expect(batches.flat().map((e) => e.seq)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  });

  it('sends a large export over HTTP as a stream of chunks, one per batch', async () => {
    const t = await setup();
    const b = await t.as(['communicatie']);
    const w = await crisisWorld(t);
    for (let i = 0; i < 4500; i++) w.event('department.updated', w.at(i), {});
    const res = await t.app.request('/audit/export.csv', {
      method: 'POST',
      body: new URLSearchParams({ _csrf: b.csrf }),
      headers: {
        Cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'Content-Type': 'application/x-www-form-urlencoded',
      },
    });
    const reader = res.body!.getReader();
    let chunks = 0;
    let text = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      chunks++;
      text += new TextDecoder().decode(r.value);
    }
    expect(chunks).toBeGreaterThanOrEqual(3);
    expect(text.trimEnd().split('\r\n')).toHaveLength(
      1 + t.db.select().from(auditEvents).all().length,
    );
  });

  it('leaves out events appended after the export started', async () => {
    const t = await setup();
    const w = await crisisWorld(t);
    const snap = startExport(t.db, w.actor, {}, 'csv', t.clock.now);
    w.event('department.updated', w.at(1), {});
    expect([...exportBatches(t.db, snap)].flat().at(-1)!.seq).toBe(snap.throughSeq);
  });

  it('refuses the export to anyone but Communicatie, and records nothing', async () => {
    const t = await setup();
    const b = await t.as(['crisis_operator', 'owner']);
    const res = await b.post('/audit/export.json');
    expect(res.status).toBe(403);
    expect(
      t.db.select().from(auditEvents).where(eq(auditEvents.action, 'audit.exported')).all(),
    ).toEqual([]);
  });

  it('answers bad filters with a message and exports nothing', async () => {
    const { t, b } = await withHistory();
    const res = await b.post('/audit/export.csv', { crisis: 'abc', from: '2026-13-45T99:00' });
    expect(res.status).toBe(422);
    expect(res.text_).toContain('Geef een geldig getal.');
    expect(
      t.db.select().from(auditEvents).where(eq(auditEvents.action, 'audit.exported')).all(),
    ).toEqual([]);
  });
});
