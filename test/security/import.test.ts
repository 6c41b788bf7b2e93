// The registry's CSV import with malformed files: each fails with a clear Dutch message and
// writes nothing (the import is all rows or none). A byte order mark is not malformed: Excel
// writes one, and the file is read as if it were not there.
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { loadCatalogue, unclear } from './messages';
import { cloneWorld, expectNothingWritten, type Clone } from './world';

const HEADER = 'platform,name,handle,department';
const row = (i: number) => `instagram,Importkanaal ${i},@import${i},Cultuur`;
const csv = (lines: string[]) => `${lines.join('\r\n')}\r\n`;

/** Uploads `content` as the file of the import form. */
async function upload(w: Clone, content: Buffer | string) {
  const b = w.as.communicatie;
  const form = new FormData();
  form.append('_csrf', b.csrf);
  form.append('file', new Blob([content]), 'register.csv');
  return b.request('/registry/import', { method: 'POST', body: form });
}

const MALFORMED: Record<string, Buffer | string> = {
  'a semicolon file with a pipe as delimiter': csv([
    HEADER.replace(/,/g, '|'),
    row(1).replace(/,/g, '|'),
  ]),
  'a quote that never closes': csv([HEADER, 'instagram,"Kanaal zonder einde,@x,Cultuur', row(2)]),
  'text after a closing quote': csv([HEADER, 'instagram,"Kanaal"x,@x,Cultuur']),
  'a missing required column': csv(['platform,name,department', 'instagram,Kanaal,Cultuur']),
  'an unknown column': csv([`${HEADER},wachtwoord`, `${row(3)},geheim`]),
  'the same column twice': csv([`${HEADER},name`, `${row(4)},Nog eens`]),
  'one good row and one bad row': csv([HEADER, row(5), 'fax,Kanaal,@fax,Cultuur']),
  '100,000 rows': csv([HEADER, ...Array.from({ length: 100_000 }, (_, i) => `x,${i},y,z`)]),
  'more than 2 MB': csv([HEADER, ...Array.from({ length: 60_000 }, (_, i) => row(i))]),
  'random bytes': randomBytes(4096),
  'a gzip file': gzipSync(csv([HEADER, row(6)])),
  'a PNG image': Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    randomBytes(512),
  ]),
  'an empty file with only a BOM': '\uFEFF',
  'null bytes in a cell': csv([HEADER, 'instagram,Kanaal\u0000,@nul,Cultuur']),
  'a formula in a cell': csv([
    HEADER,
    'instagram,=HYPERLINK("http://evil"),@formule,Onbestaande dienst',
  ]),
};

describe('CSV import of malformed files', () => {
  let catalogue: Awaited<ReturnType<typeof loadCatalogue>>;
  beforeAll(async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    catalogue = await loadCatalogue();
  });

  it('refuses each malformed file with a clear Dutch message and writes nothing', async () => {
    const w = await cloneWorld();
    const problems: string[] = [];
    for (const [what, content] of Object.entries(MALFORMED)) {
      await expectNothingWritten(w.sqlite, what, async () => {
        const res = await upload(w, content);
        if (res.status !== 422) problems.push(`${what}: ${res.status}`);
        const why = unclear(catalogue, res.text_, res.headers.get('Content-Type') ?? '');
        if (why) problems.push(`${what}: ${why}`);
      });
    }
    expect(problems).toEqual([]);
  }, 60_000);

  it('reads a file saved with a byte order mark as if the mark were not there', async () => {
    const w = await cloneWorld();
    const res = await upload(
      w,
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv([HEADER, row(7)]))]),
    );
    expect(res.status).toBe(303);
    expect((await w.as.communicatie.get('/channels?q=Importkanaal')).text_).toContain(
      'Importkanaal 7',
    );
  });
});
