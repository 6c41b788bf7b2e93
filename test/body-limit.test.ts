// Form posts have a size cap, checked while the body streams in.
import { describe, expect, it } from 'vitest';
import { auditEvents, departments } from '../db/schema';
import { FORM_MAX_BYTES, IMPORT_MAX_BYTES } from '../src/middleware/body-limit';
import { setup } from './helpers';

describe('the size of what a form may send', () => {
  it('refuses a form post larger than 256 KB with a clear page and writes nothing', async () => {
    const t = await setup();
    const admin = await t.as(['communicatie']);
    const before = t.db.select().from(auditEvents).all().length;
    const res = await admin.post('/departments', {
      name: 'Brandweer',
      padding: 'x'.repeat(FORM_MAX_BYTES),
    });
    expect(res.status).toBe(413);
    expect(res.text_).toContain('hoogstens 256 KB');
    expect(res.text_).toContain('Er is niets gewijzigd');
    expect(t.db.select().from(departments).all()).toHaveLength(0);
    expect(t.db.select().from(auditEvents).all()).toHaveLength(before);
  });

  it('refuses a form whose declared length is over the cap before reading it, and takes one within it', async () => {
    const t = await setup();
    const admin = await t.as(['communicatie']);
    const form = (name: string) => new URLSearchParams({ _csrf: admin.csrf, name }).toString();
    const post = (body: string, length: number) =>
      admin.request('/departments', {
        method: 'POST',
        body,
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'Content-Length': String(length),
        },
      });
    const refused = await post(form('Brandweer'), FORM_MAX_BYTES + 1);
    expect(refused.status).toBe(413);
    expect(refused.text_).toContain('hoogstens 256 KB');
    expect(t.db.select().from(departments).all()).toHaveLength(0);
    const body = form('Brandweer & Zwembad = één');
    expect((await post(body, new TextEncoder().encode(body).length)).status).toBe(303);
    expect(
      t.db
        .select()
        .from(departments)
        .all()
        .map((d) => d.name),
    ).toEqual(['Brandweer & Zwembad = één']);
  });

  it('counts the bytes as they arrive when the client sends no length, and answers in English to an English user', async () => {
    const t = await setup();
    const admin = await t.as(['communicatie']);
    await admin.post('/language', { lang: 'en' });
    const chunk = new TextEncoder().encode(`_csrf=${admin.csrf}&name=${'x'.repeat(64 * 1024)}`);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > FORM_MAX_BYTES * 2) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const res = await admin.request('/departments', {
      method: 'POST',
      body,
      duplex: 'half',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(res.text_).toContain('Nothing was changed');
    expect(t.db.select().from(departments).all()).toHaveLength(0);
  });

  it('refuses a registry import larger than 4 MB with the limit in the message, and writes nothing', async () => {
    const t = await setup();
    const admin = await t.as(['communicatie']);
    const file = new FormData();
    file.append('_csrf', admin.csrf);
    file.append(
      'file',
      new Blob(['x'.repeat(IMPORT_MAX_BYTES)], { type: 'text/csv' }),
      'register.csv',
    );
    const res = await admin.request('/registry/import', { method: 'POST', body: file });
    expect(res.status).toBe(413);
    expect(res.text_).toContain('hoogstens 4 MB');
  });
});
