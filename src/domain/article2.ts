// The gate of Article 2, in one place: Communicatie may intervene on channels only in a major
// crisis, or one with a large impact, in which the crisis cell is involved.
import type { Crisis } from '../../db/schema';

export type GateResult = { open: true } | { open: false; reason: 'crisis.gate.closed' | 'crisis.gate.notApplicable' };

/** Article 2, last paragraph. Checked before every takeover action and every crisis reveal. */
export function article2Applies(crisis: Crisis): GateResult {
  if (crisis.status !== 'open') return { open: false, reason: 'crisis.gate.closed' };
  const serious = crisis.impact === 'major' || crisis.impact === 'large_impact';
  const cellInvolved = !!crisis.crisisCellLead && !!crisis.crisisCellConvenedAt;
  return serious && cellInvolved ? { open: true } : { open: false, reason: 'crisis.gate.notApplicable' };
}
