// Issue 23: the crisis cell's logbook, paste-ready for ICMS: one Dutch line per decision, in
// Brussels time, each naming the audit seq it comes from; filterable from a time or a seq.
import { asc, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, holds, takeoverCases } from '../db/schema';
import { addChannelsToCrisis, closeCrisis, getCrisis } from '../src/domain/crisis/crises';
import { releaseHold } from '../src/domain/crisis/holds';
import { LOGBOOK_ACTIONS } from '../src/domain/crisis/logbook';
import {
  authoriseAcute,
  authoriseConflicting,
  handBack,
  recordContactAttempt,
} from '../src/domain/crisis/takeover';
import type { Result } from '../src/domain/lib/result';
import { actorOf, channel, openCrisis } from './crisis-fixtures';
import { setup } from './helpers';

const MIN = 60_000;
const must = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

async function walkedCrisis() {
  const t = await setup();
  const user = await t.user(['crisis_operator']);
  const actor = actorOf(user);
  const crisis = openCrisis(t, actor, { title: 'Brand in de Warande' });
  const chans = [
    channel(t, [{}], 'Cultuurhuis'),
    channel(t, [{}], 'Sportdienst'),
    channel(t, [{ name: 'Els Zelf' }], 'Bib'),
  ];
  const cases = must(
    addChannelsToCrisis(
      t.db,
      actor,
      { crisisId: crisis.id, channelIds: chans.map((c) => c.channel.id) },
      t.clock.now,
    ),
  ).added;
  const version = (id: number) =>
    t.db
      .select()
      .from(takeoverCases)
      .all()
      .find((k) => k.id === id)!.version;
  t.clock.advance(5 * MIN);
  must(
    authoriseAcute(
      t.db,
      actor,
      {
        caseId: cases[0]!.id,
        version: version(cases[0]!.id),
        justification: 'Evacuatieroute nu melden',
        deadline: new Date(t.clock.now.getTime() + 30 * MIN),
      },
      t.clock.now,
      t.config.rules,
    ),
  );
  const held = must(
    authoriseConflicting(
      t.db,
      actor,
      {
        caseId: cases[1]!.id,
        version: version(cases[1]!.id),
        postState: 'online',
        postRef: 'post 42',
        conflict: 'Oproep om naar het park te komen',
        action: 'taken_offline',
      },
      t.clock.now,
      t.config.rules,
    ),
  );
  must(
    recordContactAttempt(
      t.db,
      actor,
      {
        caseId: cases[2]!.id,
        version: version(cases[2]!.id),
        ownerId: chans[2]!.owners[0]!.id,
        means: 'phone',
        outcome: 'reached_owner_handles',
      },
      t.clock.now,
    ),
  );
  t.clock.advance(30 * MIN);
  const half = t.clock.now;
  const hold = t.db
    .select()
    .from(holds)
    .all()
    .find((h) => h.id === held.hold.id)!;
  must(
    releaseHold(
      t.db,
      actor,
      { holdId: hold.id, version: hold.version, outcome: 'corrected', note: 'Tekst aangepast' },
      t.clock.now,
    ),
  );
  for (const k of cases.slice(0, 2))
    must(
      handBack(
        t.db,
        actor,
        { caseId: k.id, version: version(k.id), note: 'Crisis onder controle' },
        t.clock.now,
      ),
    );
  must(
    closeCrisis(
      t.db,
      actor,
      { crisisId: crisis.id, version: getCrisis(t.db, crisis.id)!.version },
      t.clock.now,
    ),
  );
  const operator = t.browser();
  await operator.signIn(user.email);
  return { t, crisis, operator, half };
}

describe("the crisis cell's logbook", () => {
  it('has one line per decision, each with the seq and time of the audit event it comes from', async () => {
    const { t, crisis, operator } = await walkedCrisis();
    const res = await operator.get(`/crises/${crisis.id}/logbook`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/plain/);
    const [title, ...lines] = res.text_.trimEnd().split('\n');
    expect(title).toBe('Logboek van de crisiscel: Brand in de Warande');
    const decisions = t.db
      .select()
      .from(auditEvents)
      .where(inArray(auditEvents.action, [...LOGBOOK_ACTIONS]))
      .orderBy(asc(auditEvents.seq))
      .all()
      .filter((e) => e.crisisId === crisis.id);
    expect(decisions.map((e) => e.action)).toEqual([
      'crisis.declared',
      'crisis.cell_recorded',
      'case.authorised',
      'hold.placed',
      'case.authorised',
      'case.owner_handles',
      'hold.released',
      'case.handed_back',
      'case.handed_back',
      'crisis.closed',
    ]);
    expect(lines.map((l) => Number(/\[seq (\d+)\]/.exec(l)?.[1]))).toEqual(
      decisions.map((e) => e.seq),
    );
    // Brussels time: 13:05 UTC is 14:05 in November.
    expect(lines[2]).toMatch(
      new RegExp(
        `^25/11/2026,? 14:05 \\[seq ${decisions[2]!.seq}\\] Kanaal Cultuurhuis overgenomen\\. Grond: Acuut \\(binnen het uur\\)\\. Motivering: Evacuatieroute nu melden\\. Bericht uit vóór 25/11/2026,? 14:35\\.$`,
      ),
    );
    expect(lines[3]).toContain(
      'Kanaal Sportdienst: bericht post 42 offline gehaald. Tegenstrijdig: Oproep om naar het park te komen.',
    );
    expect(lines[5]).toContain('Kanaal Bib: beheerder Els Zelf handelt zelf, geen overname.');
    expect(lines[6]).toContain('blokkering van post 42 opgeheven (verbeterd)');
    expect(lines[9]).toContain('Crisis afgesloten.');
  });

  it('gives only what is new from a time or after a seq, for the scribe every half hour', async () => {
    const { crisis, operator, half } = await walkedCrisis();
    const all = (await operator.get(`/crises/${crisis.id}/logbook`)).text_.trimEnd().split('\n');
    const local = '2026-11-25T14:35';
    expect(half.toISOString()).toBe('2026-11-25T13:35:00.000Z');
    const fromTime = (await operator.get(`/crises/${crisis.id}/logbook?from=${local}`)).text_;
    expect(fromTime.trimEnd().split('\n').slice(1)).toEqual(all.slice(7));
    const seq = Number(/\[seq (\d+)\]/.exec(all[7]!)![1]);
    const since = (await operator.get(`/crises/${crisis.id}/logbook?since=${seq}`)).text_;
    expect(since.trimEnd().split('\n').slice(1)).toEqual(all.slice(8));
  });

  it('is a CSV for Flemish Excel: byte order mark, semicolons, the same lines', async () => {
    const { t, crisis, operator } = await walkedCrisis();
    const text = (await operator.get(`/crises/${crisis.id}/logbook`)).text_.trimEnd().split('\n');
    const res = await operator.get(`/crises/${crisis.id}/logbook.csv`);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/csv/);
    const cookie = [...operator.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const raw = await t.app.request(`/crises/${crisis.id}/logbook.csv`, {
      headers: { Cookie: cookie },
    });
    const bytes = new Uint8Array(await raw.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = res.text_
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(rows[0]).toBe('seq;tijd;beslissing');
    expect(rows).toHaveLength(text.length);
    expect(rows[1]).toMatch(
      /^\d+;25\/11\/2026,? 14:00;"Crisis afgekondigd: ""Brand in de Warande"" \(/,
    );
  });

  it('is for the crisis cell only', async () => {
    const { t, crisis } = await walkedCrisis();
    const owner = await t.as(['owner']);
    expect((await owner.get(`/crises/${crisis.id}/logbook`)).status).toBe(403);
    expect((await t.browser().get(`/crises/${crisis.id}/logbook.csv`)).status).toBe(303);
  });
});
