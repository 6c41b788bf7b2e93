// The owner's side: their channels, takeovers, holds and notifications, acknowledgement and a
// short reply to the crisis cell (issue 5); and the outbox for Communicatie and the crisis cell.
import { Hono } from 'hono';
import { z } from 'zod';
import { Mine, ReplyForm, type ReplyState } from '../../views/pages/owner/Mine';
import { Outbox } from '../../views/pages/owner/Outbox';
import { outboxEntries } from '../domain/notify/notice-status';
import {
  acknowledgeNotification,
  acknowledgeNotifications,
  ownerInbox,
  replyToCase,
} from '../domain/notify/owner-inbox';
import { rotationsForOwner } from '../domain/vault/rotation';
import type { AppEnv } from '../env';
import { isHtmx, partial, redirectTo, setFlash, type Ctx } from '../http';
import { allow } from '../middleware/access';
import { cachedPage, changeSignature } from './page-cache';
import { f, parseForm } from '../validation';

export const mineRoutes = new Hono<AppEnv>();
export const outboxRoutes = new Hono<AppEnv>();

const replyForm = z.object({ note: f.longText(1000) });

function minePage(c: Ctx, reply?: ReplyState) {
  const { db, user, config, t } = c.var;
  c.status(reply ? 422 : 200);
  // The owner's own page: kept per user, like every kept page until the trail moves on.
  return cachedPage(c, {
    key: `mine|${user!.id}|${changeSignature(db, config.now())}`,
    render: (csrfToken) => ({
      title: t('mine.title'),
      body: (
        <Mine
          inbox={ownerInbox(db, user!.id)}
          rotate={rotationsForOwner(db, user!.id)}
          csrfToken={csrfToken}
          reply={reply}
        />
      ),
    }),
    keep: !reply,
  });
}

mineRoutes.get('/', allow('owner'), (c) => minePage(c));

mineRoutes.post('/notifications/:id{[0-9]+}/acknowledge', allow('owner'), (c) => {
  const { db, actor, config } = c.var;
  const result = acknowledgeNotification(db, actor, Number(c.req.param('id')), config.now());
  if (!result.ok) return c.notFound();
  setFlash(c, 'mine.acknowledged');
  return redirectTo(c, `/mine#notification-${result.value.id}`);
});

const acknowledgeAllForm = z.object({
  ids: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(f.id())),
});

mineRoutes.post('/notifications/acknowledge', allow('owner'), async (c) => {
  const parsed = await parseForm(c, acknowledgeAllForm);
  const { db, actor, config } = c.var;
  const n = parsed.ok ? acknowledgeNotifications(db, actor, parsed.data.ids, config.now()) : 0;
  setFlash(c, 'mine.acknowledgedAll', { n });
  return redirectTo(c, '/mine');
});

mineRoutes.post('/cases/:id{[0-9]+}/reply', allow('owner'), async (c) => {
  const caseId = Number(c.req.param('id'));
  const { values, ...parsed } = await parseForm(c, replyForm);
  const invalid = (errors: Record<string, string>) => {
    const state: ReplyState = { caseId, values, errors };
    return isHtmx(c)
      ? partial(c, <ReplyForm caseId={caseId} csrfToken={c.var.csrfToken} state={state} />, 422)
      : minePage(c, state);
  };
  if (!parsed.ok) return invalid(parsed.errors);
  const { db, actor, config } = c.var;
  const result = replyToCase(db, actor, caseId, parsed.data.note, config.now());
  if (!result.ok) return c.notFound();
  setFlash(c, 'mine.replied');
  return redirectTo(c, `/mine#case-${caseId}`);
});

outboxRoutes.get('/', allow('communicatie', 'crisis_operator'), (c) => {
  const { db, config, t } = c.var;
  const entries = outboxEntries(db, config.baseUrl);
  return c.render(<Outbox entries={entries} smtpConfigured={!!config.smtpUrl} />, {
    title: t('outbox.title'),
  });
});
