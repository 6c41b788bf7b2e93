// Dates and times as the crisis cell reads them: Europe/Brussels, 24-hour clock.
import type { Language } from '../../db/schema';

const ZONE = 'Europe/Brussels';
const locales: Record<Language, string> = { nl: 'nl-BE', en: 'en-GB' };
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: Language, kind: 'datetime' | 'date' | 'time'): Intl.DateTimeFormat {
  const key = `${lang}:${kind}`;
  let f = cache.get(key);
  if (!f) {
    const opts: Intl.DateTimeFormatOptions = { timeZone: ZONE, hourCycle: 'h23' };
    if (kind !== 'time') Object.assign(opts, { day: '2-digit', month: '2-digit', year: 'numeric' });
    if (kind !== 'date') Object.assign(opts, { hour: '2-digit', minute: '2-digit' });
    f = new Intl.DateTimeFormat(locales[lang], opts);
    cache.set(key, f);
  }
  return f;
}

export function formatDateTime(value: string | Date | null | undefined, lang: Language): string {
  return value ? formatter(lang, 'datetime').format(new Date(value)) : '';
}
export function formatDate(value: string | Date | null | undefined, lang: Language): string {
  return value ? formatter(lang, 'date').format(new Date(value)) : '';
}
export function formatTime(value: string | Date | null | undefined, lang: Language): string {
  return value ? formatter(lang, 'time').format(new Date(value)) : '';
}

/** Offset of Brussels from UTC at `utc`, in minutes (60 in winter, 120 in summer). */
// Made once: building an Intl.DateTimeFormat costs more than formatting with it.
const zoneParts = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

function brusselsOffsetMinutes(utc: Date): number {
  const parts = zoneParts.formatToParts(utc);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return Math.round((asUtc - utc.getTime()) / 60000);
}

/** "2026-11-25T14:02" typed in Brussels → the UTC instant, or null when it is not a time. */
export function fromBrusselsLocal(local: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const naive = Date.UTC(y, mo - 1, d, h, mi);
  const check = new Date(naive);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59) return null;
  // Two passes settle the offset across a daylight-saving change.
  let utc = naive - brusselsOffsetMinutes(new Date(naive)) * 60000;
  utc = naive - brusselsOffsetMinutes(new Date(utc)) * 60000;
  return new Date(utc);
}

/** The instant as a value for <input type="datetime-local">, in Brussels time. */
export function toBrusselsLocal(value: string | Date): string {
  const d = new Date(value);
  return new Date(d.getTime() + brusselsOffsetMinutes(d) * 60000).toISOString().slice(0, 16);
}
