// "Copy password" on the reveal form: the form's crisis and reason go to /copy, which records
// `credentials.copied` and answers the password as text, straight onto the clipboard
// (public/app.js). Hidden until that script runs: without it there is no clipboard to reach.
import { useLocale } from '../../i18n';

export function CopyPassword({ channelId }: { channelId: number }) {
  const { t } = useLocale();
  return (
    <div
      class="copy-password"
      data-copy-password={`/channels/${channelId}/reveal/copy`}
      data-copied={t('copy.done')}
      data-failed={t('copy.failed')}
      hidden
    >
      <button type="button">{t('copy.button')}</button>
      <p class="hint">{t('copy.hint')}</p>
      <p class="copy-status" role="status"></p>
    </div>
  );
}
