// The channel list at city scale: the search runs in SQL with the meaning it had in JavaScript
// (accents and case aside, over name, handle, department and owners), and the list comes in
// pages of 50 with plain links that keep the filter.
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { channelPage } from '../src/domain/registry/channel-list';
import { fold, matchesText, textQuery } from '../src/domain/lib/fold';
import { setup, type TestContext } from './helpers';
import { channel, department, owner } from './registry-fixtures';
import { authoriseAcute, handBack } from '../src/domain/crisis/takeover';
import { caseWith } from './crisis-fixtures';

/** What SQLite answers for `text` against `query` through matchesText. */
const inSql = (t: TestContext, text: string, query: string, whole = false) => {
  const q = textQuery(query, whole);
  return q
    ? t.db.get<{ m: number }>(sql`SELECT ${matchesText(sql`${text}`, q)} AS m`).m === 1
    : true;
};
/** The meaning the list always had, in JavaScript. */
const inJs = (text: string, query: string) => fold(text).includes(fold(query.trim()));

const names = (t: TestContext, q: string) => channelPage(t.db, { q }, 1).rows.map((r) => r.name);

describe('searching the channel list', () => {
  it('finds a channel by name, handle, department or owner, whatever the accents and case', async () => {
    const t = await setup();
    const helene = owner(t, 'Hélène Goossens');
    channel(t, 'Zwémbad De Lijn', { departmentName: 'Sport' });
    channel(t, 'Bibliotheek', { departmentName: 'Cultuur', owners: [helene.id] });
    channel(t, 'Jeugdhuis', { departmentName: 'Jeugd & Preventie' });
    expect(names(t, 'ZWEMBAD')).toEqual(['Zwémbad De Lijn']);
    expect(names(t, 'zwém')).toEqual(['Zwémbad De Lijn']);
    expect(names(t, 'helene')).toEqual(['Bibliotheek']);
    expect(names(t, 'GOOSSENS')).toEqual(['Bibliotheek']);
    expect(names(t, '@bibliothe')).toEqual(['Bibliotheek']);
    expect(names(t, 'preventie')).toEqual(['Jeugdhuis']);
    expect(names(t, '  ')).toHaveLength(3);
  });

  it('finds every channel of every owner and department that matches', async () => {
    const t = await setup();
    const an = owner(t, 'An Peeters');
    const jan = owner(t, 'Jan Peeters');
    channel(t, 'Museum', { owners: [an.id] });
    channel(t, 'Archief', { owners: [jan.id] });
    channel(t, 'Sporthal', { owners: [an.id, jan.id], departmentName: 'Sport' });
    channel(t, 'Zwembad', { departmentName: 'Sport' });
    channel(t, 'Speelplein', { departmentName: 'Jeugd en Sport' });
    channel(t, 'Stadsarchief', { departmentName: 'Cultuur' });
    expect(names(t, 'peeters')).toEqual(['Archief', 'Museum', 'Sporthal']);
    expect(names(t, 'sport')).toEqual(['Speelplein', 'Sporthal', 'Zwembad']);
  });

  it("treats %, _ and GLOB's own characters as the characters they are", async () => {
    const t = await setup();
    for (const name of [
      'Actie 50% korting',
      'Actie 50 kortingen',
      'Vraag? Antwoord',
      'Stad [oud]',
      'Stad*Ster',
    ])
      channel(t, name);
    expect(names(t, '50%')).toEqual(['Actie 50% korting']);
    expect(names(t, 'e_5')).toEqual([]);
    expect(names(t, 'g?')).toEqual(['Vraag? Antwoord']);
    expect(names(t, '[oud]')).toEqual(['Stad [oud]']);
    expect(names(t, 'd*s')).toEqual(['Stad*Ster']);
  });

  it('folds every letter the way JavaScript folds it, in both the text and the query', async () => {
    const t = await setup();
    const ranges: [number, number][] = [
      [0x20, 0x24f],
      [0x370, 0x52f],
      [0x1e00, 0x1fff],
      [0x2100, 0x214f],
    ];
    for (const [from, to] of ranges) {
      for (let cp = from; cp <= to; cp++) {
        const ch = String.fromCodePoint(cp);
        const folded = fold(ch);
        if (!folded.trim() || folded.length !== 1) continue;
        expect(inSql(t, `x${ch}y`, folded), `U+${cp.toString(16)} ${ch} for ${folded}`).toBe(true);
        expect(inSql(t, `x${folded}y`, ch), `${folded} for U+${cp.toString(16)} ${ch}`).toBe(
          inJs(`x${folded}y`, ch),
        );
      }
    }
  });

  it('agrees with JavaScript on any mix of letters, accents and pattern characters', async () => {
    const t = await setup();
    const chars = fc.constantFrom(...'aAeEéÉèëiIïİoOöøuUüçÇßẞnñ%_\\*?[]^- .@'.split(''));
    fc.assert(
      fc.property(
        fc.string({ unit: chars, maxLength: 12 }),
        fc.string({ unit: chars, minLength: 1, maxLength: 4 }),
        (text, query) => inSql(t, text, query) === inJs(text, query),
      ),
      { numRuns: 500 },
    );
  });

  it('matches a whole name only when asked to, accents and case aside', async () => {
    const t = await setup();
    expect(inSql(t, 'Zwémbad', 'ZWEMBAD', true)).toBe(true);
    expect(inSql(t, 'Zwémbad Noord', 'zwembad', true)).toBe(false);
    expect(inSql(t, 'Zwembad', 'zwemba_', true)).toBe(false);
  });
});

describe('pages of the channel list', () => {
  async function registry(n: number) {
    const t = await setup();
    department(t, 'Sport');
    for (let i = 1; i <= n; i++)
      channel(t, `Kanaal ${String(i).padStart(3, '0')}`, { departmentName: 'Sport' });
    return { t, b: await t.as(['communicatie']) };
  }
  const listed = (html: string) => [...html.matchAll(/>(Kanaal \d{3})<\/a>/g)].map((m) => m[1]);

  it('shows 50 channels a page, counts them all, and links to the next page with the filter kept', async () => {
    const { b } = await registry(120);
    const first = await b.get('/channels?q=kanaal&status=active');
    expect(listed(first.text_)).toHaveLength(50);
    expect(listed(first.text_)[0]).toBe('Kanaal 001');
    expect(first.text_).toContain('Kanalen 1 tot 50 van 120');
    expect(first.text_).toContain('href="/channels?q=kanaal&amp;status=active&amp;page=2"');
    expect(first.text_).not.toContain('page=0');
    const last = await b.get('/channels?q=kanaal&status=active&page=3');
    expect(listed(last.text_)).toEqual(Array.from({ length: 20 }, (_, i) => `Kanaal ${101 + i}`));
    expect(last.text_).toContain('Kanalen 101 tot 120 van 120');
    expect(last.text_).toContain('href="/channels?q=kanaal&amp;status=active&amp;page=2"');
    expect(last.text_).not.toContain('page=4');
  });

  it('answers a page past the end with the last page, and a bad page number with the first', async () => {
    const { b } = await registry(60);
    expect(listed((await b.get('/channels?page=9')).text_)[0]).toBe('Kanaal 051');
    expect(listed((await b.get('/channels?page=nul')).text_)[0]).toBe('Kanaal 001');
  });

  it('swaps the results only when htmx follows a page link', async () => {
    const { b } = await registry(55);
    const res = await b.get('/channels?page=2', {
      'HX-Request': 'true',
      'HX-Target': 'channel-results',
    });
    expect(res.text_).not.toContain('<html');
    expect(listed(res.text_)).toEqual([
      'Kanaal 051',
      'Kanaal 052',
      'Kanaal 053',
      'Kanaal 054',
      'Kanaal 055',
    ]);
    expect(res.text_).toContain('hx-get="/channels?page=1"');
  });

  it('shows no page links when everything fits on one page', async () => {
    const { b } = await registry(3);
    const res = await b.get('/channels');
    expect(res.text_).toContain('3 kanalen');
    expect(res.text_).not.toContain('page=');
  });

  it('pages the channels with a readiness problem too', async () => {
    const { t, b } = await registry(0);
    for (let i = 1; i <= 55; i++)
      channel(t, `Kanaal ${String(i).padStart(3, '0')}`, { silentDays: i % 2 ? 200 : 1 });
    const res = await b.get('/channels?problem=dormant&page=1');
    expect(listed(res.text_)).toHaveLength(28);
    expect(listed(res.text_).every((n) => Number(n!.slice(-3)) % 2 === 1)).toBe(true);
  });

  it('keeps the owners of each channel on its row, first owner first', async () => {
    const { t, b } = await registry(0);
    const first = owner(t, 'Fien Mertens');
    const backup = owner(t, 'Arne Jacobs');
    channel(t, 'Kanaal 001', { owners: [first.id, backup.id] });
    expect((await b.get('/channels')).text_).toContain('Fien Mertens, Arne Jacobs');
  });
});

describe('the channel list in a crisis', () => {
  it('says a channel is taken over in an open crisis, beside its problems, until it is handed back', async () => {
    const t = await setup();
    const {
      crisis,
      kase,
      actor,
      channel: ch,
    } = await caseWith(t, [{}], { title: 'Brand Warande' });
    const b = await t.as(['communicatie']);
    const row = async () => {
      const html = (await b.get(`/channels?q=${encodeURIComponent(ch.name)}`)).text_;
      return html.slice(html.indexOf('<tbody'));
    };
    expect(await row()).not.toContain('Overgenomen in crisis');
    authoriseAcute(
      t.db,
      actor,
      {
        caseId: kase.id,
        version: 1,
        justification: 'Evacuatie melden aan de bewoners',
        deadline: new Date(t.clock.now.getTime() + 30 * 60_000),
      },
      t.clock.now,
      t.config.rules,
    );
    const taken = await row();
    expect(taken).toContain('Overgenomen in crisis Brand Warande');
    expect(taken).toContain(`href="/crises/${crisis.id}"`);
    handBack(
      t.db,
      actor,
      { caseId: kase.id, version: 2, note: 'Terug naar de dienst' },
      t.clock.now,
    );
    expect(await row()).not.toContain('Overgenomen in crisis');
  });
});
