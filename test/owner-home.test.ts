// What an owner reads first: which of their channels are taken over now (per open crisis, newest
// first, with whom to call), "alles bevestigen" for the notices on screen, and old notices of
// closed crises folded away.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, crises, notifications } from '../db/schema';
import { closeCrisis } from '../src/domain/crisis/crises';
import { createCase, createCrisis } from './fixtures/cases';
import { ownerScene } from './fixtures/owner-scene';
import { createChannel, signedIn } from './fixtures/registry';
import { setup } from './helpers';

describe("the owner's home", () => {
  it('says at once which of their channels are taken over in which crisis, newest first, and whom to call', async () => {
    const t = await setup();
    const s = await ownerScene(t);
    t.db
      .update(crises)
      .set({ contactName: 'Lotte Van den Broeck', contactPhone: '014 44 33 22' })
      .where(eq(crises.id, s.crisis.id))
      .run();
    // A second channel of Sofie's in the same crisis, and one in a newer crisis.
    const second = createChannel(t.db, s.channel.departmentId, [s.sofie.owner.id], {
      name: 'Speelpleinwerking',
      handle: '@speelplein',
    });
    const at = { addedBy: s.operator.id, now: t.clock.now };
    createCase(
      t.db,
      { ...at, crisisId: s.crisis.id, channelId: second.id },
      {
        basis: 'owner_unreachable',
      },
    );
    t.clock.advance(60 * 60_000);
    const newer = createCrisis(t.db, s.operator.id, t.clock.now, { title: 'Stroomuitval' });
    createCase(t.db, { ...at, crisisId: newer.id, channelId: s.channel.id }, { basis: 'acute' });
    // A closed crisis says nothing any more.
    const closed = createCrisis(t.db, s.operator.id, t.clock.now, {
      title: 'Oude storm',
      status: 'closed',
    });
    createCase(t.db, { ...at, crisisId: closed.id, channelId: s.channel.id }, { basis: 'acute' });

    const home = (await (await signedIn(t, s.sofie.user)).get('/')).text_;
    const first = home.indexOf('1 van uw kanalen is overgenomen in crisis Stroomuitval.');
    const then = home.indexOf(
      '2 van uw kanalen zijn overgenomen in crisis Storm over de Grote Markt.',
    );
    expect(first).toBeGreaterThan(0);
    expect(then).toBeGreaterThan(first);
    expect(home).toContain('Bel Lotte Van den Broeck (dienst Communicatie in de crisiscel):');
    expect(home).toContain('<a href="tel:014443322">014 44 33 22</a>');
    expect(home).toContain('Vragen? Neem contact op met de dienst Communicatie.'); // Stroomuitval has no contact
    expect(home).not.toContain('Oude storm');
  });

  it('acknowledges every notice shown with "alles bevestigen", each in its own audited transaction', async () => {
    const t = await setup();
    const s = await ownerScene(t);
    s.notify();
    s.notify({ event: 'hold_placed' });
    const sofie = await signedIn(t, s.sofie.user);
    const page = (await sofie.get('/mine')).text_;
    expect(page).toContain('Alles bevestigen');
    const shown = t.db
      .select()
      .from(notifications)
      .where(eq(notifications.ownerId, s.sofie.owner.id))
      .all()
      .map((n) => String(n.id));
    s.notify({ event: 'hold_released' }); // arrives after the page was drawn: not shown, not acknowledged
    const res = await sofie.post('/mine/notifications/acknowledge', { ids: shown });
    expect(res.status).toBe(303);
    const mine = t.db
      .select()
      .from(notifications)
      .where(eq(notifications.ownerId, s.sofie.owner.id))
      .all();
    expect(mine.map((n) => !!n.acknowledgedAt)).toEqual([true, true, false]);
    const events = t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'notification.acknowledged'))
      .all();
    expect(events.map((e) => JSON.parse(e.details).notificationId)).toEqual(shown.map(Number));
    expect((await sofie.get('/mine')).text_).toContain('2 berichten bevestigd.');
    // Another owner's notice is not acknowledged through Sofie's form.
    const toms = t.db
      .select()
      .from(notifications)
      .where(eq(notifications.ownerId, s.tom.owner.id))
      .all();
    await sofie.post('/mine/notifications/acknowledge', { ids: toms.map((n) => String(n.id)) });
    expect(
      t.db
        .select()
        .from(notifications)
        .where(eq(notifications.ownerId, s.tom.owner.id))
        .all()
        .every((n) => !n.acknowledgedAt),
    ).toBe(true);
  });

  it('folds read notices of closed crises away, and keeps unread ones in view', async () => {
    const t = await setup();
    const s = await ownerScene(t);
    s.notify();
    s.notify({ event: 'hold_placed' });
    const sofie = await signedIn(t, s.sofie.user);
    const [read] = t.db
      .select()
      .from(notifications)
      .where(eq(notifications.ownerId, s.sofie.owner.id))
      .all();
    await sofie.post(`/mine/notifications/${read!.id}/acknowledge`);
    const before = (await sofie.get('/mine')).text_;
    expect(before).not.toContain('class="folded-notices"');
    // Closed as the console closes it (an audited event): the owner's kept page changes with it.
    const actor = { userId: s.operator.id, role: 'crisis_operator' as const };
    const reason = 'Storm voorbij, kanalen worden morgen teruggegeven';
    const close = { crisisId: s.crisis.id, version: s.crisis.version, overrideReason: reason };
    expect(closeCrisis(t.db, actor, close, t.clock.now).ok).toBe(true);
    const page = (await sofie.get('/mine')).text_;
    const fold = page.indexOf('<details class="folded-notices">');
    expect(fold).toBeGreaterThan(0);
    expect(page).toContain('1 gelezen bericht van afgesloten crises');
    expect(page.indexOf(`id="notification-${read!.id}"`)).toBeGreaterThan(fold);
    const unread = t.db
      .select()
      .from(notifications)
      .where(eq(notifications.ownerId, s.sofie.owner.id))
      .all()[1]!;
    expect(page.indexOf(`id="notification-${unread.id}"`)).toBeLessThan(fold);
  });
});
