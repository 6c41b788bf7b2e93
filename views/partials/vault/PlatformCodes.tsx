// A revealed account's two-step verification codes: the code of now and the next one, each with
// the moment it stops being valid (to the second), so the page is right without JavaScript;
// public/app.js counts the seconds down and marks a code expired.
import type { PlatformCode, PlatformCodes } from '../../../src/domain/vault/platform-codes';
import { formatTime } from '../../../src/i18n/format';
import { useLocale } from '../../i18n';

/** 123 456: two groups of three are easier to read out and type. */
const grouped = (code: string) => `${code.slice(0, 3)} ${code.slice(3)}`;

function Code({ code }: { code: PlatformCode }) {
  const { t, lang } = useLocale();
  const seconds = String(new Date(code.validUntil).getUTCSeconds()).padStart(2, '0');
  const until = formatTime(code.validUntil, lang).replace(/^(\d\d:\d\d)/, `$1:${seconds}`);
  return (
    <dd
      class="totp"
      data-valid-until={code.validUntil}
      data-left={t('codes.secondsLeft')}
      data-expired={t('codes.expired')}
    >
      <code>{grouped(code.code)}</code> <span>{t('codes.validUntil', { at: until })}</span>{' '}
      <span class="totp-left" aria-hidden="true"></span>
    </dd>
  );
}

export function PlatformCodesCard({ codes }: { codes: PlatformCodes }) {
  const { t } = useLocale();
  return (
    <section class="card" aria-labelledby="codes-title">
      <h2 id="codes-title">{t('codes.title')}</h2>
      <dl class="facts">
        <dt>{t('codes.current')}</dt>
        <Code code={codes.current} />
        <dt>{t('codes.next')}</dt>
        <Code code={codes.next} />
      </dl>
      <p class="hint">{t('codes.hint')}</p>
    </section>
  );
}
