// The core Article 2 scenario on Workers, over real HTTP: declare a crisis with the crisis cell,
// add a channel, log failed contact attempts, take over as owner_unreachable (a stale second try
// is refused), place and release a hold, hand back; the owners' notifications leave through the
// scheduled handler to a stub of the e-mail API; the audit chain verifies, in workerd and on Node.
import { describe, expect, it } from 'vitest';
import { recheckChain, verifyOnWorkers } from './chain';
import { formFor, formsOf } from './forms';
import { MAIL_API_TOKEN } from './global-setup';
import { declareMajorCrisis, demoSignIn, sentMail, until, workersUrl } from './http';

describe('Article 2 on Workers', () => {
  it("walks a takeover of an unreachable owner's channel from declaration to hand-back, mails the owners and keeps a verifying chain", async () => {
    const started = performance.now();
    const b = await demoSignIn('crisiscel@demo.invalid');

    const crisisUrl = await declareMajorCrisis(b, {
      title: 'Stormschade centrum',
      description: 'Bomen omgewaaid op de Grote Markt',
      decisionRef: 'CC-1',
    });
    expect(crisisUrl).toMatch(/^\/crises\/\d+$/);

    // A demo channel with one owner who has a phone and an e-mail address.
    const search = await b.get(`${crisisUrl}/channels?q=Kantenhuis`);
    const channelId = /name="channelIds" value="(\d+)"/.exec(search.text_)?.[1];
    expect(channelId).toBeDefined();
    expect((await b.post(`${crisisUrl}/channels`, { channelIds: channelId! })).status).toBe(303);
    const caseUrl = new RegExp(`${crisisUrl}/cases/\\d+`).exec((await b.get(crisisUrl)).text_)?.[0];
    expect(caseUrl).toBeDefined();

    // Every owner tried twice, by phone and by e-mail, without an answer.
    let page = (await b.get(caseUrl!)).text_;
    const ownerIds = formsOf(page)
      .filter((f) => f.action.endsWith('/attempts'))
      .map((f) => f.hidden.ownerId!);
    expect(ownerIds.length).toBeGreaterThan(0);
    for (const ownerId of ownerIds) {
      for (const means of ['phone', 'email']) {
        const form = formFor(page, '/attempts', (f) => f.hidden.ownerId === ownerId);
        const res = await b.post(form.action, { ...form.hidden, means, outcome: 'no_answer' });
        expect(res.status, `attempt ${means}`).toBe(303);
        page = (await b.get(caseUrl!)).text_;
      }
    }

    const takeover = formFor(page, '/unreachable');
    const taken = await b.post(takeover.action, takeover.hidden);
    expect(taken.status).toBe(303);
    // The same form again (a double click, a second operator): its version is stale.
    expect((await b.post(takeover.action, takeover.hidden)).status).toBe(409);
    page = (await b.get(caseUrl!)).text_;
    expect(page).toContain('Overname toegestaan');

    const holdForm = formFor(page, '/holds');
    const held = await b.post(holdForm.action, {
      ...holdForm.hidden,
      postState: 'online',
      postRef: 'https://www.instagram.com/p/demo1',
      conflict: 'Oude openingsuren, museum is dicht',
      action: 'taken_offline',
    });
    expect(held.status).toBe(303);
    page = (await b.get(caseUrl!)).text_;

    const release = formFor(page, '/release');
    expect(
      (
        await b.post(release.action, {
          ...release.hidden,
          outcome: 'corrected',
          note: 'Openingsuren aangepast',
        })
      ).status,
    ).toBe(303);
    page = (await b.get(caseUrl!)).text_;

    const handBack = formFor(page, '/hand-back');
    expect(
      (
        await b.post(handBack.action, {
          ...handBack.hidden,
          note: 'Storm voorbij, kanaal terug naar de dienst',
        })
      ).status,
    ).toBe(303);
    expect((await b.get(caseUrl!)).text_).toContain('teruggegeven');

    // The cron, triggered by hand: the notices about this channel reach the e-mail API with the
    // token (the demo's own queued notices may go out in the same run).
    expect((await fetch(`${workersUrl()}/__scheduled?cron=*+*+*+*+*`)).status).toBe(200);
    const mails = await until('mail to the owner at the stub', async () => {
      const all = await sentMail();
      return all.some((m) => m.body.to[0] === 'emma.maes@demo.invalid') ? all : undefined;
    });
    expect(mails.every((m) => m.authorization === `Bearer ${MAIL_API_TOKEN}`)).toBe(true);
    const toOwner = mails.find((m) => m.body.to[0] === 'emma.maes@demo.invalid')!;
    expect(toOwner.body.subject).toContain('Kantenhuis');
    expect(toOwner.body.text).toContain('Oude openingsuren');

    const { verified, events } = await verifyOnWorkers();
    expect(verified).toMatch(/^Keten geverifieerd/);
    recheckChain(events);
    // This crisis's events, in order (the demo's own seeded events come before them).
    const crisisId = Number(crisisUrl.split('/').pop());
    const caseId = Number(caseUrl!.split('/').pop());
    const ours = events.filter((e) => e.crisisId === crisisId);
    const steps = [...new Set(ours.map((e) => e.action))];
    const walked = [
      'crisis.declared',
      'crisis.cell_recorded',
      'case.added',
      'case.contact_attempt',
      'case.authorised',
      'hold.placed',
      'hold.released',
      'case.handed_back',
      'notification.sent',
    ] as const;
    expect(steps.filter((a) => (walked as readonly string[]).includes(a))).toEqual(walked);
    const [authorised, ...twice] = ours.filter((e) => e.action === 'case.authorised');
    expect(twice).toHaveLength(0);
    expect(authorised!.caseId).toBe(caseId);
    expect(JSON.parse(authorised!.details)).toMatchObject({ basis: 'owner_unreachable' });
    console.log(
      `Article 2 scenario on Workers: ${Math.round(performance.now() - started)} ms, ${events.length} audit events, ${mails.length} e-mails`,
    );
  });
});
