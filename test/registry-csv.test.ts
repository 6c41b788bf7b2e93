import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { adminAccess, auditEvents, channelOwners, channels, owners } from '../db/schema';
import { decodeCsvBytes, parseCsv, serialiseCsv } from '../src/domain/lib/csv';
import { exportRows } from '../src/domain/registry/csv';
import { seedDemo } from '../src/seed/demo';
import { setup, TEST_SCRYPT_N, type TestContext } from './helpers';
import { department } from './registry-fixtures';

const HEADER =
  'platform;name;handle;department;purpose;status;last_published;exemption_reason;exemption_until;admin_account;owner_1_name;owner_1_phone;owner_1_email;owner_2_name;owner_2_phone;owner_2_email';
const auditCount = (t: TestContext) => t.db.select({ n: count() }).from(auditEvents).get()!.n;

describe('CSV reading and writing', () => {
  it('reads a byte order mark, quoted fields with quotes, delimiters and line ends, CRLF and a semicolon', () => {
    const parsed = parseCsv('\uFEFFa;b;c\r\n1;"x;""y""\r\nz";\r\n"";2;3\r\n');
    expect(parsed).toEqual({
      ok: true,
      delimiter: ';',
      records: [
        { line: 1, cells: ['a', 'b', 'c'] },
        { line: 2, cells: ['1', 'x;"y"\r\nz', ''] },
        { line: 4, cells: ['', '2', '3'] },
      ],
    });
  });

  it('detects a comma, a semicolon or a tab from the header line, ignoring quoted ones', () => {
    expect(parseCsv('"a;b",c,d\n1,2,3').ok && parseCsv('"a;b",c,d\n1,2,3')).toMatchObject({
      delimiter: ',',
    });
    expect(parseCsv('a\tb\n1\t2')).toMatchObject({
      delimiter: '\t',
      records: [{ cells: ['a', 'b'] }, { cells: ['1', '2'] }],
    });
    expect(parseCsv('a;b,c;d')).toMatchObject({ delimiter: ';' });
  });

  it('reports a quote that never closes and text after a closing quote, with the line', () => {
    expect(parseCsv('a,b\n1,"open\n2,3')).toEqual({
      ok: false,
      error: 'csv.unterminatedQuote',
      line: 2,
    });
    expect(parseCsv('a,b\n"x"y,2')).toEqual({ ok: false, error: 'csv.textAfterQuote', line: 2 });
  });

  it('writes a byte order mark, CRLF, quotes where needed, and defuses spreadsheet formulas', () => {
    const text = serialiseCsv([
      ['a', 'b;c'],
      ['=SUM(A1)', 'x"y'],
      ['+32 470 12 34 56', ' z'],
    ]);
    expect(text.startsWith('\uFEFFa;"b;c"\r\n')).toBe(true);
    expect(text).toContain("'=SUM(A1)");
    const back = parseCsv(text);
    expect(back.ok && back.records.map((r) => r.cells)).toEqual([
      ['a', 'b;c'],
      ["'=SUM(A1)", 'x"y'],
      ["'+32 470 12 34 56", ' z'],
    ]);
  });
});

describe('CSV import', () => {
  it('imports channels with their owners in order and the admin role, audited once for the import', async () => {
    const t = await setup();
    department(t, 'Sport');
    const b = await t.as(['communicatie']);
    const csv = [
      HEADER,
      'Facebookpagina;Sportdienst;https://www.facebook.com/sport.demo;sport;Sportaanbod;;20/11/2026;;;Meta Business;Jonas Wouters;+32 475 14 25 36;jonas@test.invalid;Lien Peeters;+32 476 47 58 69;lien@test.invalid',
      'instagram;Sport in Turnhout;@sport.demo;Sport;;active;2026-11-01;;;;Lien Peeters;+32 476 47 58 69;lien@test.invalid;;;',
    ].join('\r\n');
    const res = await b.post('/registry/import', { csv });
    expect(res.status).toBe(303);
    expect(
      t.db
        .select()
        .from(channels)
        .all()
        .map((c) => [c.platform, c.lastPublishedAt]),
    ).toEqual([
      ['facebook_page', '2026-11-20'],
      ['instagram', '2026-11-01'],
    ]);
    expect(t.db.select().from(owners).all()).toHaveLength(2);
    const fb = t.db.select().from(channels).where(eq(channels.platform, 'facebook_page')).get()!;
    const order = t.db
      .select()
      .from(channelOwners)
      .where(eq(channelOwners.channelId, fb.id))
      .orderBy(channelOwners.position)
      .all();
    expect(
      order.map((o) => t.db.select().from(owners).where(eq(owners.id, o.ownerId)).get()!.name),
    ).toEqual(['Jonas Wouters', 'Lien Peeters']);
    // Naming the account in a file is not a verification: no last-verified date.
    expect(t.db.select().from(adminAccess).get()).toMatchObject({
      account: 'Meta Business',
      verifiedAt: null,
      verifiedBy: null,
    });
    const event = t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'registry.imported'))
      .get()!;
    expect(JSON.parse(event.details)).toMatchObject({ rows: 2, created: 2, ownersCreated: 2 });
    expect((await b.get('/channels')).text_).toContain('2 rijen, 2 kanalen nieuw');
  });

  it('writes nothing when one row is wrong, and lists every wrong row with its column', async () => {
    const t = await setup();
    department(t, 'Sport');
    const b = await t.as(['communicatie']);
    const before = auditCount(t);
    const csv = [
      HEADER,
      'instagram;Goed kanaal;@goed;Sport;;;2026-11-01;;;;An;+32 470 11 22 33;an@test.invalid;;;',
      'myspace;Fout platform;@fout;Sport;;;2026-11-01;;;;;;;;;',
      'instagram;Onbekende dienst;@dienst;Atlantis;;;;;;;;;;;;',
      'tiktok;Slechte telefoon;@tel;Sport;;;01/13/2026;;;;Bo;bel me;;;;',
      'instagram;Dubbel;@GOED;Sport;;;;;;;;;;;;',
    ].join('\n');
    const res = await b.post('/registry/import', { csv });
    expect(res.status).toBe(422);
    expect(res.text_).toContain('Er is niets geïmporteerd');
    expect(res.text_).toContain('Hetzelfde kanaal staat al op rij 2.');
    expect(t.db.select().from(channels).all()).toHaveLength(0);
    // Without the duplicate, every other row error shows at once.
    const res2 = await b.post('/registry/import', { csv: csv.split('\n').slice(0, 5).join('\n') });
    expect(res2.status).toBe(422);
    const rows = [
      ...res2.text_.matchAll(
        /<tr><td data-label="Rij">(\d+)<\/td><td data-label="Kolom">([^<]+)<\/td>/g,
      ),
    ].map((m) => `${m[1]}:${m[2]}`);
    expect(rows).toEqual(['3:platform', '4:department', '5:last_published', '5:owner_1_phone']);
    expect(res2.text_).toContain('Onbekende dienst “Atlantis”');
    expect(res2.text_).toContain('Geef een geldig telefoonnummer');
    expect(t.db.select().from(channels).all()).toHaveLength(0);
    expect(t.db.select().from(owners).all()).toHaveLength(0);
    expect(auditCount(t)).toBe(before);
  });

  it('refuses a file whose header lacks a required column or has an unknown one', async () => {
    const t = await setup();
    const b = await t.as(['communicatie']);
    const res = await b.post('/registry/import', { csv: 'platform,name,platfrom\ninstagram,x,y' });
    expect(res.status).toBe(422);
    expect(res.text_).toContain('Onbekende kolom.');
    expect(res.text_).toContain('Deze verplichte kolom ontbreekt.');
  });

  it('reads an uploaded file saved by an older spreadsheet in Windows-1252', async () => {
    const t = await setup();
    department(t, 'Cultuur');
    const b = await t.as(['communicatie']);
    const text =
      'platform,name,handle,department\r\ninstagram,Caf\xe9 De Schakel,@cafe,Cultuur\r\n';
    const form = new FormData();
    form.append('_csrf', b.csrf);
    form.append(
      'file',
      new Blob([Buffer.from(text, 'latin1')], { type: 'text/csv' }),
      'register.csv',
    );
    const res = await b.request('/registry/import', { method: 'POST', body: form });
    expect(res.status).toBe(303);
    expect(t.db.select().from(channels).get()!.name).toBe('Café De Schakel');
  });

  it('keeps ’ – € … of a Windows-1252 upload: "Jeugd’s Fuif – €5" is stored as typed', async () => {
    const t = await setup();
    department(t, 'Jeugd');
    const b = await t.as(['communicatie']);
    const head = Buffer.from('platform,name,handle,department\r\ninstagram,', 'latin1');
    // Jeugd’s Fuif – €5 … in code page 1252: ’ 0x92, – 0x96, € 0x80, … 0x85.
    const name = Buffer.from([
      ...Buffer.from('Jeugd', 'latin1'),
      0x92,
      ...Buffer.from('s Fuif ', 'latin1'),
      0x96,
      0x20,
      0x80,
      0x35,
      0x20,
      0x85,
    ]);
    const tail = Buffer.from(',@fuif,Jeugd\r\n', 'latin1');
    const form = new FormData();
    form.append('_csrf', b.csrf);
    form.append(
      'file',
      new Blob([Buffer.concat([head, name, tail])], { type: 'text/csv' }),
      'r.csv',
    );
    const res = await b.request('/registry/import', { method: 'POST', body: form });
    expect(res.status).toBe(303);
    expect(t.db.select().from(channels).get()!.name).toBe('Jeugd’s Fuif – €5 …');
  });

  it('decodes every printable character of code page 1252 as the WHATWG table does', () => {
    const bytes = Uint8Array.from({ length: 256 - 0x20 }, (_, i) => i + 0x20).filter(
      (b) => b !== 0x7f && ![0x81, 0x8d, 0x8f, 0x90, 0x9d].includes(b),
    );
    const expected =
      ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~' +
      '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ' +
      '\u00a0¡¢£¤¥¦§¨©ª«¬\u00ad®¯°±²³´µ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ';
    expect(decodeCsvBytes(bytes)).toBe(expected);
  });
});

describe('CSV export', () => {
  it('downloads the registry as a UTF-8 CSV with a byte order mark', async () => {
    const t = await setup();
    await seedDemo(t.db, t.clock.now, TEST_SCRYPT_N, t.config.vault);
    const b = await t.as(['communicatie']);
    const res = await b.get('/registry/export.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('Content-Disposition')).toContain('kanalenregister-2026-11-25.csv');
    const bytes = new Uint8Array(
      await (
        await t.app.request('/registry/export.csv', {
          headers: { Cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
        })
      ).arrayBuffer(),
    );
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(res.text_).not.toMatch(/Demo-[a-z_]+-\d+-Kanaal!/);
  });

  it('round-trips: importing the export changes nothing, and rebuilds the same registry elsewhere', async () => {
    const t = await setup();
    await seedDemo(t.db, t.clock.now, TEST_SCRYPT_N, t.config.vault);
    const b = await t.as(['communicatie']);
    const exported = (await b.get('/registry/export.csv')).text_;
    const before = exportRows(t.db);
    const res = await b.post('/registry/import', { csv: exported });
    expect(res.status).toBe(303);
    const event = JSON.parse(
      t.db.select().from(auditEvents).where(eq(auditEvents.action, 'registry.imported')).get()!
        .details,
    );
    expect(event).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: before.length - 1,
      ownersCreated: 0,
      ownersUpdated: 0,
    });
    expect(exportRows(t.db)).toEqual(before);

    const fresh = await setup();
    for (const name of new Set(before.slice(1).map((r) => r[3]!))) department(fresh, name);
    const c = await fresh.as(['communicatie']);
    expect((await c.post('/registry/import', { csv: exported })).status).toBe(303);
    const strip = (rows: string[][]) => rows.map((r) => r.slice(0, -2)); // vault and verification dates stay behind
    expect(strip(exportRows(fresh.db))).toEqual(strip(before));
  });
});
