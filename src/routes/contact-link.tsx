// The owner's answer page at /a/<token> (public: the link is the only key) and the SMS
// gateway's delivery reports at /sms/reports (public: a shared secret is the key). Neither uses
// the session's CSRF token (src/middleware/csrf.tsx leaves them alone): the answer form carries
// a token bound to its link, and a cross-site post is refused as everywhere.
import { Hono } from 'hono';
import { AnswerDone, AnswerPage } from '../../views/pages/owner/AnswerPage';
import { ErrorPage } from '../../views/pages/ErrorPage';
import type { FormErrors, FormValues } from '../../views/components/form';
import {
  ANSWERS,
  answerLink,
  formTokenMatches,
  formTokenOf,
  openLink,
  type Answer,
  type OpenLink,
} from '../domain/crisis/contact-answer';
import { recordSmsReport } from '../domain/crisis/contact-receipts';
import { parseDeliveryReport, reportAuthorised } from '../domain/notify/sms';
import type { AppEnv } from '../env';
import { formFields, type Ctx } from '../http';
import { translator } from '../i18n';
import { publicRoute } from '../middleware/access';
import { refused } from '../middleware/refused';

export const answerRoutes = new Hono<AppEnv>();
answerRoutes.use('*', publicRoute());

// Used, expired, moved on, another's or unknown: one answer, naming nothing.
function gone(c: Ctx) {
  const t = c.var.t;
  c.status(404);
  return c.render(<ErrorPage title={t('contact.link.title')} body={t('contact.link.gone')} />, {
    title: t('contact.link.title'),
  });
}

function speak(c: Ctx, link: OpenLink) {
  c.set('lang', link.language);
  c.set('t', translator(link.language));
}

function answerPage(
  c: Ctx,
  token: string,
  link: OpenLink,
  errors: FormErrors = {},
  values: FormValues = {},
) {
  speak(c, link);
  if (Object.keys(errors).length) c.status(422);
  return c.render(
    <AnswerPage
      link={link}
      action={`/a/${token}`}
      formToken={formTokenOf(token)}
      errors={errors}
      values={values}
    />,
    { title: c.var.t('contact.link.title') },
  );
}

answerRoutes.get('/thanks/:answer{handles|agrees|callback}', (c) => {
  const t = c.var.t;
  const answer = c.req.param('answer') as Answer;
  return c.render(<AnswerDone message={t(`contact.answer.done.${answer}`)} />, {
    title: t('contact.answer.doneTitle'),
  });
});

answerRoutes.get('/:token', (c) => {
  const token = c.req.param('token');
  const link = openLink(c.var.db, token, c.var.config.now());
  return link ? answerPage(c, token, link) : gone(c);
});

answerRoutes.post('/:token', async (c) => {
  const { db, config } = c.var;
  const token = c.req.param('token');
  const link = openLink(db, token, config.now());
  if (!link) return gone(c);
  const fields = await formFields(c);
  const field = (k: string) => (typeof fields[k] === 'string' ? (fields[k] as string) : '');
  const site = c.req.header('Sec-Fetch-Site');
  const crossSite = site !== undefined && site !== 'same-origin' && site !== 'none';
  if (crossSite || !formTokenMatches(token, field('_form'))) {
    refused(c, crossSite ? 'cross_site' : 'csrf');
    c.status(403);
    return c.render(
      <ErrorPage title={c.var.t('error.forbidden.title')} body={c.var.t('error.csrf')} />,
      {
        title: c.var.t('error.forbidden.title'),
      },
    );
  }
  const answer = field('answer') as Answer;
  const values = { phone: field('phone') };
  if (!ANSWERS.includes(answer))
    return answerPage(c, token, link, { _form: translator(link.language)('error.form') }, values);
  const result = answerLink(db, token, { answer, phone: values.phone }, config.now());
  if (result.ok) return c.redirect(`/a/thanks/${answer}`, 303);
  if (result.field === 'phone') {
    const message = translator(link.language)(result.error);
    return answerPage(c, token, link, { _form: message, phone: message }, values);
  }
  return gone(c);
});

/** The gateway's delivery reports (src/domain/notify/sms.ts documents the shape). */
export const smsReportRoutes = new Hono<AppEnv>();
smsReportRoutes.post('/', publicRoute(), async (c) => {
  const { db, config } = c.var;
  if (!reportAuthorised(config.contact.sms, c.req.header('Authorization'))) {
    refused(c, 'csrf');
    return c.json({ error: 'forbidden' }, 403);
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return c.json({ error: 'a JSON delivery report was expected' }, 400);
  }
  const report = parseDeliveryReport(body);
  if (!report) return c.json({ recorded: false, reason: 'not a final status' }, 202);
  const found = recordSmsReport(db, report, config.now());
  return c.json({ recorded: found }, found ? 200 : 404);
});
