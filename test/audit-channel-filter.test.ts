// The audit list's channel filter: a text field (number, handle or name) instead of a list of
// every channel, resolved on the server, with suggestions that follow what you type.
import { describe, expect, it } from 'vitest';
import { crisisWorld } from './fixtures/crisis';
import { setup } from './helpers';

async function world() {
  const t = await setup();
  const b = await t.as(['communicatie']);
  const w = await crisisWorld(t);
  const jeugd = w.kase('Jeugddienst', { state: 'active' });
  const sport = w.kase('Sportdienst', { state: 'active' });
  w.kase('Sporthal Noord', { state: 'active' });
  return { t, b, w, jeugd, sport };
}
const channelsListed = (html: string) => [
  ...new Set([...html.matchAll(/href="\/channels\/(\d+)"/g)].map((m) => Number(m[1]))),
];

describe("the audit list's channel filter", () => {
  it('offers a text field with suggestions instead of a list of every channel', async () => {
    const { b } = await world();
    const res = await b.get('/audit');
    expect(res.text_).toContain('list="audit-channel-options"');
    expect(res.text_).not.toContain('<select id="f-channel"');
    expect(res.text_).toMatch(/<datalist id="audit-channel-options"><\/datalist>/);
  });

  it("keeps filtering by the channel's number, as links carry it", async () => {
    const { b, jeugd } = await world();
    const res = await b.get(`/audit?channel=${jeugd.channelId}`);
    expect(res.status).toBe(200);
    expect(channelsListed(res.text_)).toEqual([jeugd.channelId]);
    expect(res.text_).toContain(`Kanaal ${jeugd.channelId}: Jeugddienst (@Jeugddienst-`);
  });

  it('finds the channel by part of its name, accents and case aside, and carries its number on', async () => {
    const { b, jeugd } = await world();
    const res = await b.get('/audit?channel=JEÜGD');
    expect(res.status).toBe(200);
    expect(channelsListed(res.text_)).toEqual([jeugd.channelId]);
    expect(res.text_).toContain(`name="channel" value="${jeugd.channelId}"`);
  });

  it('takes the channel whose name is exactly the text, even when others contain it', async () => {
    const { b, w, sport } = await world();
    w.kase('Sportdienst Zomer', { state: 'active' });
    const res = await b.get('/audit?channel=sportdienst');
    expect(channelsListed(res.text_)).toEqual([sport.channelId]);
  });

  it('says so in Dutch when no channel matches, and lists nothing', async () => {
    const { b } = await world();
    const res = await b.get('/audit?channel=Zwembad');
    expect(res.status).toBe(422);
    expect(res.text_).toContain('Geen kanaal gevonden voor &quot;Zwembad&quot;.');
    expect(res.text_).not.toContain('<tr id="e');
  });

  it('says so in English too, and for a number no channel has', async () => {
    const { b } = await world();
    await b.post('/language', { lang: 'en', back: '/audit' });
    const res = await b.get('/audit?channel=99999');
    expect(res.status).toBe(422);
    expect(res.text_).toContain('No channel found for &quot;99999&quot;.');
  });

  it('offers the candidates when the text matches more than one channel', async () => {
    const { b, sport } = await world();
    const res = await b.get('/audit?channel=sport');
    expect(res.status).toBe(422);
    expect(res.text_).toContain('Meer dan één kanaal past bij &quot;sport&quot;');
    expect(res.text_).toContain(`<option value="${sport.channelId}">Sportdienst (@Sportdienst-`);
    expect(res.text_).toContain('Sporthal Noord (@Sporthal Noord-');
    expect(res.text_).not.toContain('<tr id="e');
  });

  it('answers htmx with suggestions for what was typed, at most 20', async () => {
    const { b, w } = await world();
    for (let i = 0; i < 25; i++) w.channel(`Sportveld ${i}`);
    const res = await b.get('/audit?channel=sportv', {
      'HX-Request': 'true',
      'HX-Target': 'audit-channel-options',
    });
    expect(res.text_.startsWith('<datalist id="audit-channel-options">')).toBe(true);
    expect(res.text_.match(/<option /g)).toHaveLength(20);
    expect(res.text_).not.toContain('Sportdienst');
  });

  it('exports the events of the channel named in the filter', async () => {
    const { b, jeugd } = await world();
    const res = await b.post('/audit/export.csv', { channel: 'jeugddienst' });
    expect(res.status).toBe(200);
    const [head, ...rows] = res.text_.trim().split('\r\n');
    const column = head!.split(';').indexOf('channel_id');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.split(';')[column] === String(jeugd.channelId))).toBe(true);
  });
});
