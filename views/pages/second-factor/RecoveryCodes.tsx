// Ten recovery codes, shown once (the database keeps only their hashes).
import { useLocale } from '../../i18n';

export function RecoveryCodes({ codes, next }: { codes: string[]; next: string }) {
  const { t } = useLocale();
  return (
    <section class="narrow card">
      <h1>{t('recoveryCodes.title')}</h1>
      <p>{t('recoveryCodes.intro')}</p>
      <ol class="recovery-codes">
        {codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <p>
        <a class="button primary" href={next}>
          {t('recoveryCodes.continue')}
        </a>
      </p>
    </section>
  );
}
