// The crisis cell's logbook: the decisions that matter to the cell (crisis declared, cell
// recorded, each takeover with its basis and justification, holds and releases, owners who
// handle it themselves, hand-backs, the close), one line each, in Dutch and Brussels time, with
// the audit seq it comes from. Belgian crisis cells keep their logbook in ICMS, which has no API:
// the scribe pastes these lines, from a time or a seq on, every half hour (README "Logbook").
import { and, asc, eq, gt, gte, inArray } from 'drizzle-orm';
import { auditEvents, channels } from '../../../db/schema';
import { label, translator } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { serialiseCsv } from '../lib/csv';
import { inIds, type Db } from '../lib/db';

export const LOGBOOK_ACTIONS = [
  'crisis.declared',
  'crisis.cell_recorded',
  'case.authorised',
  'case.owner_handles',
  'hold.placed',
  'hold.released',
  'case.handed_back',
  'crisis.closed',
] as const;

export type LogbookLine = { seq: number; at: string; time: string; text: string };
export type LogbookFilter = { from?: Date | null; afterSeq?: number | null };

const t = translator('nl');
type Details = Record<string, string | number | boolean | null | undefined>;
const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
const join = (...parts: (string | false | null | undefined)[]) => parts.filter(Boolean).join(' ');

/** One decision as a sentence; the event's details are what was recorded at the time. */
function sentence(action: string, d: Details, channel: string): string {
  switch (action) {
    case 'crisis.declared':
      return t('logbook.crisis.declared', {
        title: str(d.title),
        impact: label(t, 'crisis.impact', str(d.impact)),
      });
    case 'crisis.cell_recorded':
      return join(
        t('logbook.crisis.cell_recorded', {
          lead: str(d.lead),
          at: formatDateTime(str(d.convenedAt) || null, 'nl'),
        }),
        !!d.decisionRef && t('logbook.crisis.cell_ref', { ref: str(d.decisionRef) }),
      );
    case 'case.authorised':
      return join(
        t('logbook.case.authorised', { channel, basis: label(t, 'case.basis', str(d.basis)) }),
        !!d.justification && t('logbook.justification', { text: str(d.justification) }),
        !!d.deadline && t('logbook.deadline', { at: formatDateTime(str(d.deadline), 'nl') }),
        !!d.ownerName && t('logbook.agreed', { owner: str(d.ownerName) }),
      );
    case 'case.owner_handles':
      return t('logbook.case.owner_handles', { channel, owner: str(d.ownerName) });
    case 'hold.placed':
      return t('logbook.hold.placed', {
        channel,
        post: str(d.post),
        action: label(t, 'hold.action', str(d.action)).toLocaleLowerCase('nl'),
        conflict: str(d.conflict),
      });
    case 'hold.released':
      return t('logbook.hold.released', {
        channel,
        post: str(d.post),
        outcome: label(t, 'hold.outcome', str(d.outcome)),
      });
    case 'case.handed_back':
      return t('logbook.case.handed_back', { channel, note: str(d.note) }).trim();
    default:
      return d.override
        ? t('logbook.crisis.closedOverride', { reason: str(d.overrideReason) })
        : t('logbook.crisis.closed');
  }
}

/** The crisis's logbook lines in audit order, from a time and/or after a seq. */
export function logbook(db: Db, crisisId: number, filter: LogbookFilter = {}): LogbookLine[] {
  const events = db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.crisisId, crisisId),
        inArray(auditEvents.action, [...LOGBOOK_ACTIONS]),
        filter.afterSeq ? gt(auditEvents.seq, filter.afterSeq) : undefined,
        filter.from ? gte(auditEvents.at, filter.from.toISOString()) : undefined,
      ),
    )
    .orderBy(asc(auditEvents.seq))
    .all();
  const ids = [...new Set(events.map((e) => e.channelId).filter((id): id is number => !!id))];
  const names = new Map(
    ids.length
      ? db
          .select({ id: channels.id, name: channels.name })
          .from(channels)
          .where(inIds(channels.id, ids))
          .all()
          .map((c) => [c.id, c.name])
      : [],
  );
  return events.map((e) => ({
    seq: e.seq,
    at: e.at,
    time: formatDateTime(e.at, 'nl'),
    text: sentence(e.action, JSON.parse(e.details) as Details, names.get(e.channelId ?? -1) ?? ''),
  }));
}

/** Paste-ready text: one line per decision, "time [seq N] sentence". */
export const logbookText = (title: string, lines: LogbookLine[]) =>
  [
    `${t('logbook.title')}: ${title}`,
    ...lines.map((l) => `${l.time} [seq ${l.seq}] ${l.text}`),
  ].join('\n') + '\n';

/** The same lines as CSV for Flemish Excel: semicolons, a byte order mark. */
export const logbookCsv = (lines: LogbookLine[]) =>
  serialiseCsv([
    [t('logbook.col.seq'), t('logbook.col.time'), t('logbook.col.line')],
    ...lines.map((l) => [String(l.seq), l.time, l.text]),
  ]);
