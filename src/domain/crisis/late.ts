// What on a case is late, for the board to say first and loudest. One rule for the board, its
// count and the API: the next contact attempt is overdue when the escalation step has passed
// since the last attempt; the owner contact after a hold is past due; an acute message is not
// out with its deadline less than ACUTE_WARNING_MINUTES away, or missed.
import type { TakeoverCase } from '../../../db/schema';
import type { AcuteStatus, OwnerContactObligation } from './article2';
import type { Escalation } from './escalation';

/** An acute deadline this close is late already: the message must be on its way. */
export const ACUTE_WARNING_MINUTES = 10;

export type Late =
  | { kind: 'acute_missed'; minutes: number }
  | { kind: 'owner_contact'; minutes: number }
  | { kind: 'acute_due'; minutes: number }
  | { kind: 'attempt'; minutes: number; ownerName: string; means: string };

const minutesSince = (at: string, now: Date) =>
  Math.max(0, Math.floor((now.getTime() - Date.parse(at)) / 60_000));

export function lateness(
  kase: Pick<TakeoverCase, 'state'>,
  facts: { obligation: OwnerContactObligation; acute: AcuteStatus; escalation: Escalation },
  now: Date,
): Late | null {
  const { obligation, acute, escalation } = facts;
  if (acute.state === 'missed') return { kind: 'acute_missed', minutes: acute.minutesOver };
  if (obligation.state === 'overdue')
    return { kind: 'owner_contact', minutes: minutesSince(obligation.dueAt, now) };
  if (acute.state === 'running' && acute.minutesLeft <= ACUTE_WARNING_MINUTES)
    return { kind: 'acute_due', minutes: acute.minutesLeft };
  if (
    kase.state === 'contacting' &&
    escalation.state === 'next' &&
    escalation.dueAt &&
    escalation.dueAt < now.toISOString()
  )
    return {
      kind: 'attempt',
      minutes: escalation.minutesOverdue,
      ownerName: escalation.owner.name,
      means: escalation.means,
    };
  return null;
}
