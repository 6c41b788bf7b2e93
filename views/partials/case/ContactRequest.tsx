// "Stuur contactverzoek" on an owner card: the console sends the owner an SMS and/or e-mail with
// a one-tap answer link (src/domain/crisis/contact-request.ts). Shows the last request's state,
// which means it will use and why a means is missing; the receipts beside each attempt.
import type { ContactMessage, Owner } from '../../../db/schema';
import { meansOf, type ContactPanel } from '../../../src/domain/crisis/contact-request';
import { label } from '../../../src/i18n';
import { formatTime } from '../../../src/i18n/format';
import { useLocale } from '../../i18n';
import { CaseForm, caseAction, type CaseCtx } from './CaseForm';

const WHY = {
  no_gateway: 'contact.request.noGateway',
  no_phone: 'contact.request.noPhone',
  no_email: 'contact.request.noEmail',
} as const;

export function ContactRequest({
  ctx,
  owner,
  panel,
}: {
  ctx: CaseCtx;
  owner: Owner;
  panel: ContactPanel | undefined;
}) {
  const { t, lang } = useLocale();
  const options = panel?.options.get(owner.id);
  if (!panel || !options) return null;
  const last = panel.requests.get(owner.id);
  const means = meansOf(options);
  const missing = [options.sms, options.email].filter((o) => o !== 'ok');
  const at = (iso: string) => formatTime(iso, lang);
  return (
    <div class="contact-request" id={`request-${owner.id}`}>
      {last &&
        (last.answer ? (
          <p class="status-ok">
            {t(`contact.request.answered.${last.answer}`, {
              at: at(last.answeredAt!),
              phone: last.callbackPhone ?? '',
            })}
          </p>
        ) : (
          <p class="hint">
            {t('contact.request.pending', { at: at(last.createdAt), until: at(last.expiresAt) })}
          </p>
        ))}
      {ctx.state === 'contacting' &&
        (means.length ? (
          <CaseForm
            ctx={ctx}
            name={`request-${owner.id}`}
            action={caseAction(ctx, 'contact-request')}
            class="case-form request-form"
          >
            <input type="hidden" name="ownerId" value={String(owner.id)} />
            <button type="submit">{t('contact.request.button')}</button>{' '}
            <span class="hint">
              {t('contact.request.by', {
                means: means.map((m) => label(t, 'attempt.means', m)).join(' + '),
              })}
            </span>
          </CaseForm>
        ) : (
          <p class="muted">{t('contact.request.noMeans')}</p>
        ))}
      {ctx.state === 'contacting' &&
        missing.map((why) => <p class="hint">{t(WHY[why as keyof typeof WHY])}</p>)}
    </div>
  );
}

/** The receipt of a request's message, beside its attempt in the log. */
export function Receipt({ message }: { message: ContactMessage | undefined }) {
  const { t, lang } = useLocale();
  if (!message) return null;
  const state = message.delivery ?? (message.status === 'queued' ? 'queued' : 'sent');
  return (
    <small class="receipt">
      {' · '}
      {t(`contact.receipt.${state}`)}
      {message.deliveryAt && ` ${formatTime(message.deliveryAt, lang)}`}
    </small>
  );
}
