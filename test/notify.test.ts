import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { channelOwners, notifications, owners } from '../db/schema';
import { transaction } from '../src/domain/lib/db';
import { queueOwnerNotifications } from '../src/domain/notify/notices';
import { claimDue } from '../src/domain/notify/outbox';
import { ownerScene } from './fixtures/owner-scene';
import { createOwner } from './fixtures/registry';
import { setup } from './helpers';

const rows = (t: Awaited<ReturnType<typeof setup>>) => t.db.select().from(notifications).all();

describe('queueing owner notifications', () => {
  it("queues one message per active owner of the channel, each in the owner's language", async () => {
    const t = await setup();
    const s = await ownerScene(t);
    const gone = await createOwner(t, s.channel.departmentId, { name: 'Former Owner' });
    t.db
      .insert(channelOwners)
      .values({ channelId: s.channel.id, ownerId: gone.owner.id, position: 3 })
      .run();
    t.db.update(owners).set({ active: false }).where(eq(owners.id, gone.owner.id)).run();

    expect(s.notify()).toBe(2);
    const [nl, en] = rows(t);
    expect(nl).toMatchObject({
      ownerId: s.sofie.owner.id,
      toEmail: 'sofie.janssens@owners.test.invalid',
      status: 'queued',
      caseId: s.takeover.id,
    });
    expect(nl!.subject).toBe('Overname van uw kanaal Jeugddienst Turnhout');
    expect(en).toMatchObject({
      ownerId: s.tom.owner.id,
      subject: 'Takeover of your channel Jeugddienst Turnhout',
    });
  });

  it('writes nothing when the transaction of the causing event rolls back', async () => {
    const t = await setup();
    const s = await ownerScene(t);
    expect(() =>
      transaction(t.db, (tx) => {
        queueOwnerNotifications(
          tx,
          { event: 'hold_placed', channelId: s.channel.id, caseId: s.takeover.id },
          t.clock.now,
        );
        throw new Error('the hold could not be saved');
      }),
    ).toThrow();
    expect(rows(t)).toHaveLength(0);
  });

  it('explains an acute takeover: the exception of Article 2, the justification, the deadline and whom to call', async () => {
    const t = await setup();
    const s = await ownerScene(t);
    s.notify();
    const [nl, en] = rows(t);
    expect(nl!.body).toContain('De dienst Communicatie heeft uw kanaal overgenomen');
    expect(nl!.body).toContain('Kanaal: Jeugddienst Turnhout (@jeugdturnhout)');
    expect(nl!.body).toContain('Crisis: Storm over de Grote Markt');
    expect(nl!.body).toContain('artikel 2, uitzondering 1 (acuut)');
    expect(nl!.body).toContain('Motivering: Evacuatie van de Grote Markt moet nu bekend zijn');
    expect(nl!.body).toContain('Te communiceren vóór: 25/11/2026, 14:45'); // 13:45 UTC is 14:45 in Brussels
    expect(nl!.body).toContain('Neem contact op met Lotte Van den Broeck, 014 44 33 22.');
    expect(en!.body).toContain('Article 2, exception 1 (acute)');
    expect(en!.body).toContain('Questions? Contact Lotte Van den Broeck, 014 44 33 22.');
  });

  it('describes a takeover for conflicting information: the post, what conflicts, the action and when the owner will be called', async () => {
    const t = await setup();
    const s = await ownerScene(t);
    const due = new Date(t.clock.now.getTime() + 30 * 60_000).toISOString();
    s.notify({
      facts: {
        basis: 'conflicting_information',
        post: 'https://instagram.com/p/xyz',
        conflict: 'Oude evacuatieroute',
        action: 'put_on_hold',
        ownerContactDueAt: due,
      },
    });
    const body = rows(t)[0]!.body;
    expect(body).toContain('artikel 2, uitzondering 2');
    expect(body).toContain('Bericht: https://instagram.com/p/xyz');
    expect(body).toContain('Strijdig omdat: Oude evacuatieroute');
    expect(body).toContain('Actie: geblokkeerd');
    expect(body).toContain('Communicatie neemt uiterlijk 25/11/2026, 14:30 contact met u op.');
    expect(body).toContain('Neem contact op met de dienst Communicatie.');
  });

  it('names the owner who agreed to a takeover after being contacted', async () => {
    const t = await setup();
    const s = await ownerScene(t);
    s.notify({ facts: { basis: 'owner_contacted', owner: 'Sofie Janssens' } });
    const [nl, en] = rows(t);
    expect(nl!.body).toContain('werd gecontacteerd en ging akkoord');
    expect(nl!.body).toContain('Akkoord gegeven door: Sofie Janssens');
    expect(en!.body).toContain('Agreed by: Sofie Janssens');
  });

  it('renders only the facts it knows, so a secret passed by mistake never reaches a message', async () => {
    const t = await setup();
    const s = await ownerScene(t);
    s.notify({
      event: 'credentials_revealed',
      facts: {
        who: 'Lotte Van den Broeck',
        reason: 'Instagram-post nodig',
        password: 'hunter2-geheim',
        secret: 'TOTP-SEED-XYZ',
        action: 'hunter2',
      },
    });
    for (const r of rows(t)) {
      expect(`${r.subject}\n${r.body}`).not.toMatch(/hunter2|TOTP-SEED/);
      expect(r.body).toMatch(/Lotte Van den Broeck/);
    }
    expect(rows(t)[0]!.body).toContain('Door: Lotte Van den Broeck');
    expect(rows(t)[0]!.body).toContain('Reden: Instagram-post nodig');
  });

  it('marks a message of an exercise in its subject and first line', async () => {
    const t = await setup();
    const s = await ownerScene(t);
    s.notify({ isExercise: true, event: 'handed_back', facts: { note: 'Alles terug normaal' } });
    const [nl, en] = rows(t);
    expect(nl!.subject).toBe('[OEFENING] Jeugddienst Turnhout is aan u teruggegeven');
    expect(nl!.body.split('\n')[0]).toBe('OEFENING: dit is geen echte crisis.');
    expect(nl!.body).toContain('Notitie: Alles terug normaal');
    expect(en!.subject).toBe('[EXERCISE] Jeugddienst Turnhout has been handed back to you');
    expect(nl!.isExercise).toBe(true);
  });

  it("keeps the message for an owner without e-mail address, but out of the sender's queue", async () => {
    const t = await setup();
    const s = await ownerScene(t);
    t.db.update(owners).set({ email: null }).where(eq(owners.id, s.tom.owner.id)).run();
    s.notify();
    const tom = rows(t).find((r) => r.ownerId === s.tom.owner.id)!;
    expect(tom.status).toBe('not_sendable');
    expect(claimDue(t.db, t.clock.now).map((r) => r.ownerId)).toEqual([s.sofie.owner.id]);
  });
});
