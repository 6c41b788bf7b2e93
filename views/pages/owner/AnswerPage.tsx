// The owner's one-tap answer to a contact request, reached by the personal link alone: no
// sign-in, no script. Three answers, one tap each; a dead link says only that it is dead.
import type { OpenLink } from '../../../src/domain/crisis/contact-answer';
import { ErrorSummary, Input, type FormErrors, type FormValues } from '../../components/form';
import { useLocale } from '../../i18n';

export function AnswerPage(p: {
  link: OpenLink;
  action: string;
  formToken: string;
  errors: FormErrors;
  values: FormValues;
}) {
  const { t } = useLocale();
  return (
    <section class="narrow answer">
      <h1>{t('contact.link.title')}</h1>
      <p>
        {t('contact.answer.intro', {
          crisis: p.link.crisisTitle,
          channel: p.link.channelName,
          owner: p.link.ownerName,
        })}
      </p>
      <form method="post" action={p.action} novalidate>
        {/* Bound to the link, not to a session: the owner may have no account here. */}
        <input type="hidden" name="_form" value={p.formToken} />
        <ErrorSummary errors={p.errors} />
        <p>
          <button type="submit" name="answer" value="handles" class="primary">
            {t('contact.answer.handles')}
          </button>
        </p>
        <p>
          <button type="submit" name="answer" value="agrees">
            {t('contact.answer.agrees')}
          </button>
        </p>
        <fieldset>
          <Input
            name="phone"
            type="tel"
            autocomplete="tel"
            maxlength={40}
            label={t('contact.answer.phone')}
            values={p.values}
            errors={p.errors}
          />
          <button type="submit" name="answer" value="callback">
            {t('contact.answer.callback')}
          </button>
        </fieldset>
      </form>
    </section>
  );
}

export function AnswerDone({ message }: { message: string }) {
  const { t } = useLocale();
  return (
    <section class="narrow answer">
      <h1>{t('contact.answer.doneTitle')}</h1>
      <p role="status">{message}</p>
    </section>
  );
}
