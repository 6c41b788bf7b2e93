import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, sessions, users } from '../db/schema';
import { setup } from './helpers';

const valid = {
  name: 'Mira Claes',
  email: 'Mira.Claes@test.invalid',
  password: 'a long enough password',
  roles: ['owner', 'crisis_operator'],
  language: 'nl',
  active: 'on',
};

describe('user management', () => {
  it('lets Communicatie create a user, audited without the password', async () => {
    const t = await setup();
    const b = await t.as(['communicatie']);
    const res = await b.post('/users', valid);
    expect(res.status).toBe(303);
    const created = t.db
      .select()
      .from(users)
      .where(eq(users.email, 'mira.claes@test.invalid'))
      .get()!;
    expect(created.roles).toEqual(['owner', 'crisis_operator']);
    const event = t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'user.created'))
      .all()
      .at(-1)!;
    expect(event.details).toContain('mira.claes@test.invalid');
    expect(event.details).not.toContain('a long enough password');
    expect((await b.get('/users')).text_).toContain('Gebruiker Mira Claes aangemaakt.');
  });

  it('explains bad input field by field, in Dutch, and writes nothing', async () => {
    const t = await setup();
    const b = await t.as(['communicatie']);
    const before = t.db.select().from(auditEvents).all().length;
    const res = await b.post('/users', {
      ...valid,
      name: '',
      email: 'not-an-email',
      roles: [],
      password: 'short',
    });
    expect(res.status).toBe(422);
    expect(res.text_).toContain('Dit veld is verplicht.');
    expect(res.text_).toContain('Geef een geldig e-mailadres.');
    expect(t.db.select().from(users).all()).toHaveLength(1);
    expect(t.db.select().from(auditEvents).all()).toHaveLength(before);
  });

  it('speaks English to a user who chose English', async () => {
    const t = await setup();
    const b = await t.as(['communicatie']);
    await b.post('/language', { lang: 'en', back: '/users' });
    const res = await b.post('/users', { ...valid, email: '' });
    expect(res.text_).toContain('This field is required.');
    expect(res.text_).toContain('<html lang="en">');
  });

  it('refuses a second account with the same e-mail address', async () => {
    const t = await setup();
    const b = await t.as(['communicatie']);
    await b.post('/users', valid);
    const res = await b.post('/users', { ...valid, name: 'Other' });
    expect(res.status).toBe(422);
    expect(res.text_).toContain('Er bestaat al een gebruiker met dit e-mailadres.');
  });

  it('ends the sessions of a user who is deactivated', async () => {
    const t = await setup();
    const admin = await t.as(['communicatie']);
    const victim = await t.as(['owner'], 'Ex Owner');
    const id = t.db.select().from(users).where(eq(users.name, 'Ex Owner')).get()!.id;
    const res = await admin.post(`/users/${id}`, {
      version: String(t.db.select().from(users).where(eq(users.id, id)).get()!.version),
      name: 'Ex Owner',
      email: `user2@test.invalid`,
      roles: 'owner',
      language: 'nl',
    });
    expect(res.status).toBe(303);
    expect(t.db.select().from(sessions).where(eq(sessions.userId, id)).all()).toHaveLength(0);
    expect((await victim.get('/')).status).toBe(303);
  });

  it('answers 409 with the stored user to the second of two edits made at once, and audits only what was stored', async () => {
    const t = await setup();
    const one = await t.as(['communicatie']);
    const two = await t.as(['communicatie']);
    const doel = await t.user(['owner'], 'Doel');
    const edit = (b: typeof one, name: string) =>
      b.post(`/users/${doel.id}`, {
        version: String(doel.version),
        name,
        email: doel.email,
        roles: 'owner',
        language: 'nl',
        active: 'on',
        password: 'een nieuw wachtwoord van lengte',
      });
    const answers = await Promise.all([edit(one, 'Doel A'), edit(two, 'Doel B')]);
    expect(answers.map((r) => r.status).sort()).toEqual([303, 409]);
    const stored = t.db.select().from(users).where(eq(users.id, doel.id)).get()!;
    const loser = answers.find((r) => r.status === 409)!;
    expect(loser.text_).toContain(`value="${stored.name}"`);
    expect(loser.text_).toContain(`name="version" value="${stored.version}"`);
    const named = t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'user.updated'))
      .all()
      .map((e) => JSON.parse(e.details).changed.name?.to);
    expect(named).toEqual([stored.name]);
  });

  it('does not let Communicatie lock themselves out', async () => {
    const t = await setup();
    const admin = await t.as(['communicatie'], 'Admin');
    const me = t.db.select().from(users).where(eq(users.name, 'Admin')).get()!;
    const res = await admin.post(`/users/${me.id}`, {
      version: String(me.version),
      name: 'Admin',
      email: me.email,
      roles: 'owner',
      language: 'nl',
      active: 'on',
    });
    expect(res.status).toBe(422);
    expect(res.text_).toContain('U kunt uw eigen account niet deactiveren');
  });
});
