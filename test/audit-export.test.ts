import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents } from '../db/schema';
import { exportBatches, startExport } from '../src/domain/audit/export';
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

/** Reads a CSV as RFC 4180 writes it (quoted cells may hold commas, quotes and newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
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
    expect(head).toEqual([
      'seq',
      'at',
      'actor_user_id',
      'actor_role',
      'action',
      'crisis_id',
      'channel_id',
      'case_id',
      'department_id',
      'details',
      'prev_hash',
      'hash',
    ]);
    expect(rows).toHaveLength(1);
    for (const r of rows) {
      const e: ChainFields = {
        seq: Number(r[0]),
        at: r[1]!,
        actorUserId: num(r[2]!),
        actorRole: r[3] || null,
        action: r[4]!,
        crisisId: num(r[5]!),
        channelId: num(r[6]!),
        caseId: num(r[7]!),
        departmentId: num(r[8]!),
        details: r[9]!,
      };
      expect(e.action).toBe('case.contact_attempt');
      expect(chainHash(r[10]!, e)).toBe(r[11]);
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
