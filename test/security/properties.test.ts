// Property tests (fast-check) for the domain functions hostile input reaches first: the audit's
// canonical JSON, Brussels local time, the form validators, CSV, redirect targets and the log.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, eventHash } from '../../src/domain/audit/trail';
import { parseCsv, restoreCell, serialiseCsv } from '../../src/domain/lib/csv';
import { safeLocalPath } from '../../src/http';
import { fromBrusselsLocal, repeatedHourZone, toBrusselsLocal } from '../../src/i18n/format';
import { redact } from '../../src/log';
import { f } from '../../src/validation';
import { canonical } from '../fixtures/chain';

const RUNS = { numRuns: 300 };
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;

/** An object with the same entries in another order. */
const shuffled = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).reverse());

describe('canonical JSON of audit events', () => {
  it('parses back to the value it was made from', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(JSON.parse(canonicalJson(v))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      RUNS,
    );
  });

  it('does not depend on the order of keys, at any depth', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.dictionary(fc.string(), fc.jsonValue())), (o) => {
        const reordered = shuffled(
          Object.fromEntries(Object.entries(o).map(([k, v]) => [k, shuffled(v)])),
        );
        expect(canonicalJson(reordered)).toBe(canonicalJson(o));
      }),
      RUNS,
    );
  });

  it('is what an auditor computes from the README alone', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalJson(v)).toBe(canonical(JSON.parse(JSON.stringify(v))));
      }),
      RUNS,
    );
  });

  it('gives a different hash when any hashed column changes', () => {
    const event = fc.record({
      seq: fc.nat(),
      at: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      actorUserId: fc.option(fc.nat()),
      actorRole: fc.option(fc.string()),
      action: fc.string(),
      crisisId: fc.option(fc.nat()),
      channelId: fc.option(fc.nat()),
      caseId: fc.option(fc.nat()),
      departmentId: fc.option(fc.nat()),
      details: fc.jsonValue().map((v) => canonicalJson(v)),
      prevHash: fc.stringMatching(/^[0-9a-f]{64}$/),
    });
    fc.assert(
      fc.property(event, fc.string(), (e, extra) => {
        expect(eventHash({ ...e, action: `${e.action}${extra}x` })).not.toBe(eventHash(e));
        expect(eventHash({ ...e, seq: e.seq + 1 })).not.toBe(eventHash(e));
      }),
      RUNS,
    );
  });
});

describe('Brussels local time', () => {
  const instant = fc
    .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) })
    .map((ms) => new Date(Math.floor(ms / 60_000) * 60_000));

  it('reads back what it wrote, and refuses only the hour that repeats when the clocks go back', () => {
    fc.assert(
      fc.property(instant, (d) => {
        const local = toBrusselsLocal(d);
        const back = fromBrusselsLocal(local);
        // An instant of the repeated hour reads back as an ambiguous local time: refused.
        expect(back?.getTime() ?? null).toBe(repeatedHourZone(d) ? null : d.getTime());
      }),
      RUNS,
    );
  });

  it('never throws on any text, and returns a real instant or null', () => {
    const almost = fc
      .tuple(
        fc.integer({ min: -1, max: 10000 }),
        fc.integer({ min: -1, max: 14 }),
        fc.integer({ min: -1, max: 33 }),
        fc.integer({ min: -1, max: 25 }),
        fc.integer({ min: -1, max: 61 }),
      )
      .map(
        ([y, mo, d, h, mi]) =>
          `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}`,
      );
    fc.assert(
      fc.property(fc.oneof(fc.string(), almost), (s) => {
        const d = fromBrusselsLocal(s);
        if (d !== null) expect(Number.isNaN(d.getTime())).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('form validators', () => {
  const anything = fc.oneof(
    fc.anything(),
    fc.string(),
    fc.array(fc.string()),
    fc.string({ unit: 'binary' }),
  );
  const validators = {
    text: f.text(50),
    optionalText: f.optionalText(50),
    longText: f.longText(200),
    optionalLongText: f.optionalLongText(200),
    email: f.email(),
    optionalEmail: f.optionalEmail(),
    choice: f.choice(['a', 'b'] as const),
    choices: f.choices(['a', 'b'] as const),
    checkbox: f.checkbox(),
    datetime: f.datetime(),
    optionalDatetime: f.optionalDatetime(),
    date: f.date(),
    optionalDate: f.optionalDate(),
    id: f.id(),
  };

  it('never throw, whatever a form sends', () => {
    for (const schema of Object.values(validators)) {
      fc.assert(
        fc.property(anything, (v) => {
          schema.safeParse(v);
        }),
        { numRuns: 200 },
      );
    }
  });

  it('let no control character, bidirectional override or overlong text through', () => {
    const hostile = fc.string({ unit: 'binary', maxLength: 80 });
    fc.assert(
      fc.property(hostile, (s) => {
        for (const [schema, max] of [
          [validators.text, 50],
          [validators.longText, 200],
        ] as const) {
          const r = schema.safeParse(s);
          if (r.success) {
            expect(r.data.length).toBeLessThanOrEqual(max);
            expect(r.data).not.toMatch(CONTROL);
          }
        }
        const single = validators.text.safeParse(s);
        if (single.success) expect(single.data).not.toMatch(/[\r\n\t]/);
      }),
      { numRuns: 1000 },
    );
  });

  it('accept only positive whole numbers as ids and years 2000–2100 as times', () => {
    fc.assert(
      fc.property(anything, (v) => {
        const id = validators.id.safeParse(v);
        if (id.success) expect(Number.isSafeInteger(id.data) && id.data > 0).toBe(true);
        const at = validators.datetime.safeParse(v);
        if (at.success) expect(at.data.getUTCFullYear()).toBeGreaterThanOrEqual(1999);
      }),
      RUNS,
    );
  });
});

describe('CSV', () => {
  // Apostrophes and formula characters are frequent here: the export's escape for formulas (csv.ts)
  // must read back every text, also one that starts like an escaped cell.
  const cell = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc
      .tuple(
        fc.constantFrom('', "'", "''"),
        fc.constantFrom('=', '+', '-', '@', '\t', 'a'),
        fc.string({ maxLength: 5 }),
      )
      .map((p) => p.join('')),
  );

  // The reader tells the delimiter from the header line, which the export always writes as plain
  // column names.
  const header = ['platform', 'name', 'handle'];

  it('reads back every row it writes, quotes, line breaks and delimiters included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 8 }),
        (data) => {
          const rows = [header, ...data];
          const parsed = parseCsv(serialiseCsv(rows));
          expect(parsed.ok).toBe(true);
          if (!parsed.ok) return;
          expect(parsed.records.map((r) => r.cells.map(restoreCell))).toEqual(rows);
        },
      ),
      RUNS,
    );
  });

  it('never throws on any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        parseCsv(s);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('redirect targets and the log', () => {
  it('only ever redirects to a path on this site', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.webUrl(),
          fc.string().map((s) => `//${s}`),
          fc.string().map((s) => `/\\${s}`),
        ),
        (s) => {
          const target = safeLocalPath(s);
          expect(target.startsWith('/')).toBe(true);
          expect(target).not.toMatch(/^\/[/\\]/);
        },
      ),
      RUNS,
    );
  });

  it('redacts every secret-looking field at any depth', () => {
    const key = fc.constantFrom(
      'password',
      'newPassword',
      'token',
      'apiToken',
      'session',
      'sessionId',
      'cookie',
      'secret',
      'credential',
      'twoFactor',
      '_csrf',
      'Authorization',
    );
    const secret = fc.string({ minLength: 12 }).map((s) => `S3CRET-${s}`);
    fc.assert(
      fc.property(key, secret, fc.nat({ max: 4 }), (k, s, depth) => {
        let fields: Record<string, unknown> = { [k]: s, other: 'visible' };
        for (let i = 0; i < depth; i++) fields = { nested: fields, list: [fields] };
        const line = JSON.stringify(redact(fields));
        expect(line).not.toContain('S3CRET-');
        expect(line).toContain('visible');
      }),
      RUNS,
    );
  });
});
