// A crisis at city scale on Workers: a Durable Object's SQLite binds at most 100 parameters per
// statement, so every list of ids goes in as one JSON array (inIds, src/domain/lib/db.ts).
import { describe, expect, it } from 'vitest';
import { declareMajorCrisis, demoSignIn } from './http';

const CHANNELS = 120;

describe('a crisis with more channels than a statement binds parameters', () => {
  it('adds 120 channels at once and shows every one of them on the board', async () => {
    const registry = await demoSignIn('communicatie@demo.invalid');
    const csv = [
      'platform,name,handle,department',
      ...Array.from(
        { length: CHANNELS },
        (_, i) => `instagram,Wijkkanaal ${i},@wijkkanaal${i},Cultuur`,
      ),
    ].join('\r\n');
    expect((await registry.post('/registry/import', { csv })).status).toBe(303);

    const b = await demoSignIn('crisiscel@demo.invalid');
    const crisisUrl = await declareMajorCrisis(b, {
      title: 'Stroomonderbreking',
      description: 'Hele stad zonder stroom',
      decisionRef: 'CC-2',
    });
    const found = (await b.get(`${crisisUrl}/channels?q=Wijkkanaal`)).text_;
    const ids = [...found.matchAll(/name="channelIds" value="(\d+)"/g)].map((m) => m[1]!);
    expect(ids).toHaveLength(CHANNELS);
    expect((await b.post(`${crisisUrl}/channels`, { channelIds: ids })).status).toBe(303);

    const board = await b.get(crisisUrl);
    expect(board.status).toBe(200);
    const cases = new Set(
      [...board.text_.matchAll(new RegExp(`${crisisUrl}/cases/\\d+`, 'g'))].map((m) => m[0]),
    );
    expect(cases.size).toBe(CHANNELS);
    expect(board.text_).toContain('Wijkkanaal 119');
  });
});
