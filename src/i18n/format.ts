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

const zoned = (text: string, value: string | Date) => {
  const zone = repeatedHourZone(value);
  return zone ? `${text} ${zone}` : text;
};

export function formatDateTime(value: string | Date | null | undefined, lang: Language): string {
  return value ? zoned(formatter(lang, 'datetime').format(new Date(value)), value) : '';
}
export function formatDate(value: string | Date | null | undefined, lang: Language): string {
  return value ? formatter(lang, 'date').format(new Date(value)) : '';
}
export function formatTime(value: string | Date | null | undefined, lang: Language): string {
  return value ? zoned(formatter(lang, 'time').format(new Date(value)), value) : '';
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

// Brussels changes its offset only at 01:00 UTC, so it is the same through a UTC hour: asked once
// per hour (a 300-channel report formats thousands of times, each asking three times).
const offsets = new Map<number, number>();
const HOUR = 3_600_000;

function brusselsOffsetMinutes(utc: Date): number {
  const hour = Math.floor(utc.getTime() / HOUR);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    if (offsets.size >= 50_000) offsets.clear();
    offsets.set(hour, (offset = offsetNow(new Date(hour * HOUR))));
  }
  return offset;
}

function offsetNow(utc: Date): number {
  const parts = zoneParts.formatToParts(utc);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return Math.round((asUtc - utc.getTime()) / 60000);
}

export type LocalTime =
  { ok: true; date: Date } | { ok: false; reason: 'invalid' | 'nonexistent' | 'ambiguous' };

/**
 * "2026-11-25T14:02" typed in Brussels → the UTC instant. A time the clocks skip in spring
 * (02:30 on the last Sunday of March) does not exist; one they pass twice in autumn (02:30 on the
 * last Sunday of October) is ambiguous: both are refused rather than guessed.
 */
export function readBrusselsLocal(local: string): LocalTime {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return { ok: false, reason: 'invalid' };
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const naive = Date.UTC(y, mo - 1, d, h, mi);
  const check = new Date(naive);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59)
    return { ok: false, reason: 'invalid' };
  // Brussels is UTC+1 or UTC+2: the candidates whose offset is the one they assumed are the answers.
  const answers = [60, 120]
    .map((offset) => naive - offset * 60000)
    .filter((utc) => naive - brusselsOffsetMinutes(new Date(utc)) * 60000 === utc);
  if (answers.length === 0) return { ok: false, reason: 'nonexistent' };
  if (answers.length > 1) return { ok: false, reason: 'ambiguous' };
  return { ok: true, date: new Date(answers[0]!) };
}

/** readBrusselsLocal's instant, or null when the text is no single Brussels time. */
export function fromBrusselsLocal(local: string): Date | null {
  const read = readBrusselsLocal(local);
  return read.ok ? read.date : null;
}

/** In the hour the clocks pass twice, a time shown needs its offset to say which one it is. */
export function repeatedHourZone(value: string | Date): 'CEST' | 'CET' | null {
  const d = new Date(value);
  const wall = (ms: number) => ms + brusselsOffsetMinutes(new Date(ms)) * 60000;
  const here = wall(d.getTime());
  if ([3_600_000, -3_600_000].some((hour) => wall(d.getTime() + hour) === here))
    return brusselsOffsetMinutes(d) === 120 ? 'CEST' : 'CET';
  return null;
}

/** The instant as a value for <input type="datetime-local">, in Brussels time. */
export function toBrusselsLocal(value: string | Date): string {
  const d = new Date(value);
  return new Date(d.getTime() + brusselsOffsetMinutes(d) * 60000).toISOString().slice(0, 16);
}

/** The instant in Brussels with its offset, to the second: "2026-11-25 14:00:00 +01:00". */
export function brusselsWithOffset(value: string | Date): string {
  const d = new Date(value);
  const offset = brusselsOffsetMinutes(d);
  const local = new Date(d.getTime() + offset * 60000).toISOString().slice(0, 19);
  const hh = String(Math.floor(offset / 60)).padStart(2, '0');
  const mm = String(offset % 60).padStart(2, '0');
  return `${local.replace('T', ' ')} +${hh}:${mm}`;
}
