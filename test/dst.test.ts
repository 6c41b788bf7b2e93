// Daylight saving time in Brussels: a time the clocks skip is refused, one they pass twice is
// refused with the times to pick instead, and a time shown within the repeated hour carries its offset.
import { describe, expect, it } from 'vitest';
import { formatDateTime, readBrusselsLocal } from '../src/i18n/format';
import { setup } from './helpers';

describe('Brussels times around the clock change', () => {
  it('refuses 02:30 on the night the clocks jump forward and on the night they go back', () => {
    expect(readBrusselsLocal('2026-03-29T02:30')).toEqual({ ok: false, reason: 'nonexistent' });
    expect(readBrusselsLocal('2026-10-25T02:30')).toEqual({ ok: false, reason: 'ambiguous' });
    expect(readBrusselsLocal('2026-10-25T01:59')).toEqual({
      ok: true,
      date: new Date('2026-10-24T23:59:00Z'),
    });
    expect(readBrusselsLocal('2026-10-25T03:00')).toEqual({
      ok: true,
      date: new Date('2026-10-25T02:00:00Z'),
    });
    expect(readBrusselsLocal('2026-03-29T03:00')).toEqual({
      ok: true,
      date: new Date('2026-03-29T01:00:00Z'),
    });
  });

  it('says on the form which times to pick instead, and declares nothing', async () => {
    const t = await setup({}, {});
    t.clock.set(new Date('2026-10-25T12:00:00Z'));
    const b = await t.as(['crisis_operator']);
    const declare = (startedAt: string) =>
      b.post('/crises', { title: 'Storm', startedAt, impact: 'major' });
    const repeated = await declare('2026-10-25T02:30');
    expect(repeated.status).toBe(422);
    expect(repeated.text_).toContain('Om 02:30 komt die nacht twee keer voor');
    expect(repeated.text_).toContain('Kies 01:59 of 03:00');
    const skipped = await declare('2026-03-29T02:30');
    expect(skipped.status).toBe(422);
    expect(skipped.text_).toContain('Om 02:30 bestaat die nacht niet');
    expect((await declare('2026-10-25T03:00')).status).toBe(303);
  });

  it('shows a time within the repeated hour with its offset, and any other time without', () => {
    expect(formatDateTime('2026-10-25T00:30:00Z', 'nl')).toBe('25/10/2026, 02:30 CEST');
    expect(formatDateTime('2026-10-25T01:30:00Z', 'nl')).toBe('25/10/2026, 02:30 CET');
    expect(formatDateTime('2026-10-25T02:30:00Z', 'nl')).toBe('25/10/2026, 03:30');
    expect(formatDateTime('2026-11-25T13:00:00Z', 'en')).toBe('25/11/2026, 14:00');
  });
});
