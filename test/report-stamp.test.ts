// A printed report can be tied to the trail: it names the audit event it was made up to (seq and
// hash prefix) and the signed checkpoint with its signature line, and every printed page carries
// the stamp and its page number (CSS paged media, through the report's stamp stylesheet).
import { describe, expect, it } from 'vitest';
import { auditEvents, checkpoints } from '../db/schema';
import { signerOf } from '../src/node/checkpoint-key';
import { testKey } from './fixtures/checkpoints';
import { crisisWorld } from './fixtures/crisis';
import { setup } from './helpers';

async function reported() {
  const t = await setup({ checkpoint: signerOf(testKey()) });
  const b = await t.as(['communicatie']);
  const w = await crisisWorld(t, { isExercise: true });
  await b.post('/audit/verify'); // signs a checkpoint
  w.event('department.updated', w.at(30), {}); // one event after it, not yet signed
  const head = () => t.db.select().from(auditEvents).all().at(-1)!;
  const checkpoint = t.db.select().from(checkpoints).all().at(-1)!;
  return { t, b, w, head, checkpoint };
}

describe('the report stamp', () => {
  it('names the audit event the report was made up to and the checkpoint with its signature line', async () => {
    const { b, w, head, checkpoint } = await reported();
    const html = (await b.get(`/reports/crises/${w.crisis.id}`)).text_;
    const { seq, hash } = head();
    expect(html).toContain(
      `Opgemaakt tot en met auditgebeurtenis ${seq} (hash ${hash.slice(0, 12)}…) van`,
    );
    expect(html).toContain(
      `Ondertekend checkpoint ${checkpoint.number}, tot gebeurtenis ${checkpoint.size}, van`,
    );
    expect(html).toContain(`(gebeurtenis ${checkpoint.size + 1} en later nog niet ondertekend)`);
    const signature = checkpoint.note.trimEnd().split('\n').at(-1)!;
    expect(signature).toMatch(/^\u2014 \S+ \S+$/);
    expect(html).toContain(signature);
    expect(html).toContain(
      `<link rel="stylesheet" media="print" href="/reports/stamp.css?seq=${seq}&amp;hash=${hash.slice(0, 12)}"`,
    );
  });

  it('puts the stamp and "page n of m" at the bottom of every printed page', async () => {
    const { b, head } = await reported();
    const { seq, hash } = head();
    const res = await b.get(`/reports/stamp.css?seq=${seq}&hash=${hash.slice(0, 12)}`);
    expect(res.headers.get('Content-Type')).toBe('text/css; charset=utf-8');
    expect(res.text_).toContain(
      `@bottom-left { content: "Audit tot en met gebeurtenis ${seq} · ${hash.slice(0, 12)}";`,
    );
    expect(res.text_).toContain(
      '@bottom-right { content: "Pagina " counter(page) " van " counter(pages);',
    );
    await b.post('/language', { lang: 'en' });
    const en = await b.get(`/reports/stamp.css?seq=${seq}&hash=${hash.slice(0, 12)}`);
    expect(en.text_).toContain('content: "Page " counter(page) " of " counter(pages);');
  });

  it('lets nothing but a number and a hash prefix into the stylesheet', async () => {
    const { b } = await reported();
    const res = await b.get('/reports/stamp.css?seq=1&hash=%22%7D%20body%7Bdisplay:none');
    expect(res.status).toBe(422);
    expect(res.text_).toBe('');
  });

  it('stamps the after-exercise report too', async () => {
    const { b, w, head } = await reported();
    const html = (await b.get(`/reports/exercises/${w.crisis.id}`)).text_;
    expect(html).toContain(`Opgemaakt tot en met auditgebeurtenis ${head().seq} (hash`);
  });
});
