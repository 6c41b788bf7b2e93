// A stream of takeover writes against a running server, and the check that a database holds every
// write that was acknowledged and none by halves. Each write carries a unique marker in its text
// (note, justification), so its row and its audit event can be found after a crash.
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from '../../db/schema';
import { verifyChain } from '../../src/domain/audit/trail';
import type { Db } from '../../src/domain/lib/db';
import { toBrusselsLocal } from '../../src/i18n/format';
import type { Client } from './server';

export type Write = { marker: string; caseId: number; step: string; acked: boolean };

type CaseRow = { id: number; version: number; state: string; owner: number | null };

/** The cases' current state and first owner, read from the database file. */
export function casesIn(dbPath: string, ids: number[]): CaseRow[] {
  const sqlite = new Database(dbPath, { readonly: true });
  const rows = ids.map(
    (id) =>
      sqlite
        .prepare(
          `
    SELECT c.id, c.version, c.state,
      (SELECT owner_id FROM channel_owners o WHERE o.channel_id = c.channel_id ORDER BY position LIMIT 1) AS owner
    FROM takeover_cases c WHERE c.id = ?`,
        )
        .get(id) as CaseRow,
  );
  sqlite.close();
  return rows;
}

/**
 * Walks each case through Article 2 (a contact attempt, an acute takeover, two actions, the hand
 * back), one writer per case list, until `stop()` is true or a request fails (the server died).
 */
export async function stream(
  client: Client,
  crisisId: number,
  lists: CaseRow[][],
  tag: string,
  writes: Write[],
  stop: () => boolean,
): Promise<void> {
  let n = 0;
  const writer = async (cases: CaseRow[]) => {
    for (const kase of cases) {
      let { version } = kase;
      const steps: [string, Record<string, string>][] = [];
      if (kase.state === 'contacting') {
        if (kase.owner)
          steps.push([
            'attempts',
            { ownerId: String(kase.owner), means: 'phone', outcome: 'no_answer', note: '' },
          ]);
        steps.push([
          'acute',
          { justification: '', deadline: toBrusselsLocal(new Date(Date.now() + 30 * 60_000)) },
        ]);
      }
      if (kase.state === 'contacting' || kase.state === 'active') {
        steps.push(
          ['actions', { kind: 'answered_comments', note: '' }],
          ['actions', { kind: 'answered_comments', note: '' }],
        );
        steps.push(['hand-back', { note: '' }]);
      }
      for (const [step, form] of steps) {
        if (stop()) return;
        const marker = `${tag}-${++n}`;
        const text = step === 'acute' ? 'justification' : 'note';
        const write: Write = { marker, caseId: kase.id, step, acked: false };
        writes.push(write);
        const res = await client
          .post(`/crises/${crisisId}/cases/${kase.id}/${step}`, {
            ...form,
            version: String(version),
            [text]: `Stroom ${marker}`,
          })
          .catch(() => null);
        if (!res) return; // the server is gone
        if (res.status !== 303)
          throw new Error(`${step} on case ${kase.id} (${marker}): ${res.status}`);
        write.acked = true;
        version += 1;
      }
    }
  };
  await Promise.all(lists.map(writer));
}

/** Why the database does not hold exactly what was acknowledged, whole; empty when it does. */
export function problemsIn(dbPath: string, writes: Write[]): string[] {
  const sqlite = new Database(dbPath, { readonly: true });
  const db = drizzle(sqlite, { schema }) as unknown as Db;
  const problems: string[] = [];
  const chain = verifyChain(db);
  if (!chain.ok) problems.push(`audit chain broken at ${chain.brokenAt} (${chain.reason})`);
  const inRows = (m: string) =>
    sqlite
      .prepare(
        `
    SELECT (SELECT count(*) FROM contact_attempts WHERE note = @t) + (SELECT count(*) FROM channel_actions WHERE note = @t)
      + (SELECT count(*) FROM takeover_cases WHERE acute_justification = @t OR hand_back_note = @t)`,
      )
      .pluck()
      .get({ t: `Stroom ${m}` }) as number;
  const inAudit = (m: string) =>
    sqlite
      .prepare('SELECT count(*) FROM audit_events WHERE details LIKE ?')
      .pluck()
      .get(`%Stroom ${m}"%`) as number;
  for (const w of writes) {
    const rows = inRows(w.marker);
    const events = inAudit(w.marker);
    if (w.acked && rows !== 1)
      problems.push(`acknowledged ${w.step} ${w.marker} on case ${w.caseId}: ${rows} rows`);
    if (rows !== events)
      problems.push(
        `${w.step} ${w.marker}: ${rows} rows but ${events} audit events (half applied)`,
      );
  }
  // Each case's version counts its steps, and its state follows from its events.
  for (const caseId of new Set(writes.map((w) => w.caseId))) {
    const kase = sqlite
      .prepare('SELECT version, state FROM takeover_cases WHERE id = ?')
      .get(caseId) as { version: number; state: string };
    const count = (action: string) =>
      sqlite
        .prepare('SELECT count(*) FROM audit_events WHERE case_id = ? AND action = ?')
        .pluck()
        .get(caseId, action) as number;
    const [attempts, authorised, actions, back] = [
      'case.contact_attempt',
      'case.authorised',
      'case.action_logged',
      'case.handed_back',
    ].map(count) as [number, number, number, number];
    const notices = sqlite
      .prepare(
        "SELECT count(*) FROM notifications WHERE case_id = ? AND event = 'takeover_authorised'",
      )
      .pluck()
      .get(caseId) as number;
    const owners = sqlite
      .prepare(
        'SELECT count(*) FROM channel_owners o JOIN takeover_cases c ON c.channel_id = o.channel_id WHERE c.id = ?',
      )
      .pluck()
      .get(caseId) as number;
    const expected = back ? 'handed_back' : authorised ? 'active' : 'contacting';
    if (kase.version !== 1 + attempts + authorised + actions + back)
      problems.push(
        `case ${caseId}: version ${kase.version} after ${attempts + authorised + actions + back} steps`,
      );
    if (kase.state !== expected)
      problems.push(`case ${caseId}: state ${kase.state}, its events say ${expected}`);
    if (authorised && owners && !notices)
      problems.push(`case ${caseId}: authorised without its owner notices`);
  }
  sqlite.close();
  return problems;
}
