// The write under load: operators logging contact attempts on the open crisis's cases, each a
// POST with the session's CSRF token, the case's current version (optimistic concurrency) and
// one of the channel's owners. A case is leased to one connection at a time, so two requests never
// race on the same version; its version is counted up on every 303 and re-read after anything else.
import type { Request } from 'autocannon';
import type Database from 'better-sqlite3';
import { CONTACT_MEANS } from '../db/schema';
import type { Route } from './load';

type Lease = { caseId: number; version: number; owners: number[]; n: number };

/** `db`: a read-only connection to the server's database file, for the cases' current versions. */
export function contactAttemptRoute(
  db: Database.Database,
  crisisId: number,
  session: { cookie: string; csrf: string },
): Route {
  const cases = db.prepare(`SELECT c.id AS caseId, c.version AS version,
      (SELECT group_concat(owner_id) FROM (SELECT owner_id FROM channel_owners WHERE channel_id = c.channel_id ORDER BY position)) AS owners
    FROM takeover_cases c WHERE c.crisis_id = ? AND c.state IN ('contacting', 'active') ORDER BY c.id`);
  const versionOf = db.prepare('SELECT version FROM takeover_cases WHERE id = ?').pluck();
  const path = (caseId: number) => `/crises/${crisisId}/cases/${caseId}/attempts`;

  const requests = (): Request[] => {
    const free: Lease[] = (
      cases.all(crisisId) as { caseId: number; version: number; owners: string }[]
    ).map((c) => ({
      caseId: c.caseId,
      version: c.version,
      owners: c.owners.split(',').map(Number),
      n: 0,
    }));
    if (!free.length) throw new Error('the open crisis has no case that takes a contact attempt');
    // Leased and not answered yet; a request lost with its connection never returns its lease,
    // so when none is free the oldest comes back with its version read again.
    const out = new Set<Lease>();
    const lease = () => {
      const next = free.shift() ?? out.values().next().value!;
      if (out.delete(next)) next.version = versionOf.get(next.caseId) as number;
      out.add(next);
      return next;
    };
    return [
      {
        method: 'POST',
        path: path(free[0]!.caseId),
        setupRequest(req, context) {
          const l = lease();
          (context as { lease?: Lease }).lease = l;
          l.n += 1;
          const body = new URLSearchParams({
            _csrf: session.csrf,
            version: String(l.version),
            ownerId: String(l.owners[l.n % l.owners.length]),
            means: CONTACT_MEANS[l.n % 3]!,
            outcome: l.n % 2 ? 'no_answer' : 'voicemail',
            note: `Poging ${l.n}`,
          }).toString();
          return { ...req, path: path(l.caseId), body };
        },
        onResponse(status, _body, context) {
          const l = (context as { lease?: Lease }).lease;
          if (!l || !out.delete(l)) return;
          l.version = status === 303 ? l.version + 1 : (versionOf.get(l.caseId) as number);
          free.push(l);
        },
      },
    ];
  };

  return {
    name: 'contact attempt (write + audit event)',
    path: path(0).replace('/0/', '/:case/'),
    method: 'POST',
    expect: [303],
    headers: {
      Cookie: session.cookie,
      'Content-Type': 'application/x-www-form-urlencoded',
      'Accept-Encoding': 'gzip',
    },
    requests,
  };
}
