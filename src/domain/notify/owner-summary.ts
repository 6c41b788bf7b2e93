// What an owner must know at once: which of their channels Communicatie holds now, per open
// crisis (newest first), and whom to call about it. Read from the owner's inbox.
import type { OwnerInbox } from './owner-inbox';

export type TakenOver = {
  crisisId: number;
  crisisTitle: string;
  /** How many of the owner's channels are taken over in this crisis. */
  channels: number;
  contact: { name: string; phone: string } | null;
};

export function takenOverNow(inbox: OwnerInbox): TakenOver[] {
  const byCrisis = new Map<number, TakenOver & { startedAt: string; ids: Set<number> }>();
  for (const c of inbox.cases) {
    if (c.takeover.state !== 'active' || c.crisis.status !== 'open') continue;
    const { crisisId, channelId } = c.takeover;
    const { contactName: name, contactPhone: phone, startedAt } = c.crisis;
    const entry = byCrisis.get(crisisId) ?? {
      crisisId,
      crisisTitle: c.crisisTitle,
      channels: 0,
      contact: name && phone ? { name, phone } : null,
      startedAt,
      ids: new Set<number>(),
    };
    entry.ids.add(channelId);
    entry.channels = entry.ids.size;
    byCrisis.set(crisisId, entry);
  }
  return [...byCrisis.values()]
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.crisisId - a.crisisId)
    .map(({ startedAt: _s, ids: _i, ...rest }) => rest);
}
