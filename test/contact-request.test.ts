// Issue 23: the crisis cell asks an owner itself, by SMS and e-mail, and the owner answers with
// one tap on a personal link; the answer, the receipts and the silence are the evidence.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, contactMessages, crises } from '../db/schema';
import { verifyChain } from '../src/domain/audit/trail';
import { authoriseAcute } from '../src/domain/crisis/takeover';
import { MIN, contactScene, linkIn } from './contact-fixtures';
import { caseWith } from './crisis-fixtures';

const events = (s: { t: { db: Parameters<typeof verifyChain>[0] } }, action: string) =>
  s.t.db.select().from(auditEvents).where(eq(auditEvents.action, action)).all();

/** The owner's browser: no account, no session; GET the link, tap one answer. */
async function tap(
  s: Awaited<ReturnType<typeof contactScene>>,
  token: string,
  form: Record<string, string>,
) {
  const owner = s.t.browser();
  const page = await owner.get(`/a/${token}`);
  const formToken = /name="_form" value="([^"]+)"/.exec(page.text_)?.[1] ?? '';
  const res = await owner.request(`/a/${token}`, {
    method: 'POST',
    body: new URLSearchParams({ _form: formToken, ...form }),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  return { page, res };
}

async function sentByMail(s: Awaited<ReturnType<typeof contactScene>>) {
  expect((await s.request()).status).toBe(303);
  await s.deliver();
  const mail = s.smtp.received.at(-1)!;
  return { mail, token: linkIn(mail.text)! };
}

describe('Stuur contactverzoek', () => {
  it('sends an SMS and an e-mail, each a contact attempt awaiting an answer, in one transaction with its audit', async () => {
    const s = await contactScene({ sms: true });
    const page = await s.operator.get(s.caseUrl);
    expect(page.text_).toContain('Stuur contactverzoek');
    expect(page.text_).toContain('Per sms + e-mail');
    expect((await s.request()).status).toBe(303);
    const attempts = s.attempts();
    expect(attempts.map((a) => [a.means, a.outcome])).toEqual([
      ['sms', 'awaiting_answer'],
      ['email', 'awaiting_answer'],
    ]);
    const audited = events(s, 'case.contact_attempt');
    expect(audited.map((e) => JSON.parse(e.details).attemptId)).toEqual(attempts.map((a) => a.id));
    expect(s.t.db.select().from(contactMessages).all()).toHaveLength(2);

    await s.deliver();
    const sms = s.gateway!.accepted[0]!;
    const mail = s.smtp.received[0]!;
    expect(sms.to).toBe('+32 470 00 00 00');
    expect(sms.text).toContain('Stormschade centrum');
    expect(mail.subject).toContain(s.channel.name);
    // Each message its own link; only the hashes are kept.
    const tokens = [linkIn(sms.text), linkIn(mail.text)];
    expect(tokens[0]).toMatch(/^[\w-]{43}$/);
    expect(tokens[0]).not.toBe(tokens[1]);
    const dump = JSON.stringify(s.t.sqlite.prepare('SELECT * FROM contact_messages').all());
    for (const token of tokens) expect(dump).not.toContain(token);
    expect(verifyChain(s.t.db).ok).toBe(true);
    expect((await s.operator.get(s.caseUrl)).text_).toContain('Verstuurd, wacht op antwoord');
  });

  it('offers e-mail only without an SMS gateway, and says why', async () => {
    const s = await contactScene();
    const page = await s.operator.get(s.caseUrl);
    expect(page.text_).toContain('Per e-mail');
    expect(page.text_).toContain('er is geen sms-gateway ingesteld');
    await s.request();
    expect(s.attempts().map((a) => a.means)).toEqual(['email']);
  });
});

describe('contact requests in an exercise', () => {
  it('never sends to an owner who does not take part in an exercise for participants only', async () => {
    const s = await contactScene();
    s.t.db
      .update(crises)
      .set({ isExercise: true, exerciseNotify: 'participants' })
      .where(eq(crises.id, s.crisis.id))
      .run();
    const res = await s.request();
    expect(res.status).toBe(422);
    expect(res.text_).toContain('Deze oefening bereikt alleen haar deelnemers');
    expect(s.attempts()).toEqual([]);
    expect(s.t.db.select().from(contactMessages).all()).toEqual([]);
  });
});

describe('the one-tap answer by link', () => {
  it('records "Ik handel het zelf af" as reached_owner_handles, closing the case, with the owner as actor by link', async () => {
    const s = await contactScene();
    const { token, mail } = await sentByMail(s);
    expect(mail.text).toContain(`${s.baseUrl}/a/${token}`);
    const { page, res } = await tap(s, token, { answer: 'handles' });
    expect(page.status).toBe(200);
    expect(page.text_).toContain('Ik handel het zelf af');
    expect(page.text_).not.toMatch(/<script>|hx-post/);
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/a/thanks/handles');
    expect(s.attempts().map((a) => a.outcome)).toEqual(['reached_owner_handles']);
    expect(s.caseRow().state).toBe('owner_handles');
    const answer = events(s, 'case.contact_attempt').at(-1)!;
    expect(answer.actorRole).toBe('owner_by_link');
    expect(answer.actorUserId).toBeNull();
    const board = await s.operator.get(`/crises/${s.crisis.id}`);
    expect(board.text_).toContain('Beheerder handelt zelf</span>');
  });

  it('records "Neem maar over" as reached_owner_agrees, which authorises the takeover (owner_contacted)', async () => {
    const s = await contactScene();
    const { token } = await sentByMail(s);
    expect((await tap(s, token, { answer: 'agrees' })).res.status).toBe(303);
    expect(s.caseRow()).toMatchObject({ state: 'active', basis: 'owner_contacted' });
    const authorised = events(s, 'case.authorised').at(-1)!;
    expect(JSON.parse(authorised.details)).toMatchObject({ basis: 'owner_contacted' });
    expect(authorised.actorRole).toBe('owner_by_link');
    const board = await s.operator.get(`/crises/${s.crisis.id}`);
    expect(board.text_).toContain('Bereikt: akkoord met overname');
  });

  it('records "Bel me terug op ..." as a callback request with the number, and refuses a number that is none', async () => {
    const s = await contactScene();
    const { token } = await sentByMail(s);
    const bad = await tap(s, token, { answer: 'callback', phone: 'morgen' });
    expect(bad.res.status).toBe(422);
    expect(bad.res.text_).toContain('Geef een telefoonnummer');
    expect(s.attempts().map((a) => a.outcome)).toEqual(['awaiting_answer']);
    expect(
      (await tap(s, token, { answer: 'callback', phone: '+32 470 99 88 77' })).res.status,
    ).toBe(303);
    expect(s.attempts()[0]).toMatchObject({
      outcome: 'callback_requested',
      note: '+32 470 99 88 77',
    });
    expect(s.caseRow().state).toBe('contacting');
    expect((await s.operator.get(s.caseUrl)).text_).toContain('bel terug op +32 470 99 88 77');
    expect((await s.operator.get(`/crises/${s.crisis.id}`)).text_).toContain('Vraagt terugbellen');
  });
});

describe('a link that no longer works', () => {
  const GONE = 'Deze link werkt niet (meer)';

  it('works once: a second tap is refused and writes nothing', async () => {
    const s = await contactScene();
    const { token } = await sentByMail(s);
    await tap(s, token, { answer: 'handles' });
    const before = s.t.db.select().from(auditEvents).all().length;
    const again = await tap(s, token, { answer: 'agrees' });
    expect(again.page.status).toBe(404);
    expect(again.page.text_).toContain(GONE);
    expect(again.res.status).toBe(404);
    expect(s.t.db.select().from(auditEvents).all()).toHaveLength(before);
  });

  it('expires after the configured time, and then says exactly what an unknown link says, naming nothing', async () => {
    const s = await contactScene({ overrides: {} });
    const { token } = await sentByMail(s);
    s.t.clock.advance(120 * MIN);
    const expired = await s.t.browser().get(`/a/${token}`);
    const unknown = await s.t.browser().get(`/a/${'x'.repeat(43)}`);
    expect(expired.status).toBe(404);
    expect(expired.text_).toContain(GONE);
    expect(expired.text_).not.toContain(s.crisis.title);
    expect(expired.text_).not.toContain(s.channel.name);
    const main = (html: string) => /<main[\s\S]*<\/main>/.exec(html)?.[0];
    expect(main(unknown.text_)).toBe(main(expired.text_));
  });

  it('dies when the case leaves contacting (an acute takeover)', async () => {
    const s = await contactScene();
    const { token } = await sentByMail(s);
    const acute = authoriseAcute(
      s.t.db,
      s.actor,
      {
        caseId: s.kase.id,
        version: s.caseRow().version,
        justification: 'Evacuatie nu melden aan de buurt',
        deadline: new Date(s.t.clock.now.getTime() + 30 * MIN),
      },
      s.t.clock.now,
      s.t.config.rules,
    );
    expect(acute.ok).toBe(true);
    expect((await tap(s, token, { answer: 'agrees' })).res.status).toBe(404);
    expect(s.caseRow().basis).toBe('acute');
  });

  it("answers only its own case: another case's link or form token changes nothing here", async () => {
    const s = await contactScene();
    const { token } = await sentByMail(s);
    const other = await caseWith(s.t, [{ name: 'Bert Ander' }]);
    // The form token of this link does not open another link's form, nor the reverse.
    const owner = s.t.browser();
    const page = await owner.get(`/a/${token}`);
    const formToken = /name="_form" value="([^"]+)"/.exec(page.text_)![1]!;
    const forged = await owner.request(`/a/${'y'.repeat(43)}`, {
      method: 'POST',
      body: new URLSearchParams({ _form: formToken, answer: 'agrees' }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(forged.status).toBe(404);
    const noForm = await owner.request(`/a/${token}`, {
      method: 'POST',
      body: new URLSearchParams({ answer: 'agrees' }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(noForm.status).toBe(403);
    await tap(s, token, { answer: 'agrees' });
    expect(s.caseRow().state).toBe('active');
    expect(
      s.t.db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.caseId, other.kase.id))
        .all()
        .map((e) => e.action),
    ).toEqual(['case.added']);
  });
});
