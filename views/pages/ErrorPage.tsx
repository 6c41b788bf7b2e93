import { useLocale } from '../i18n';

export function ErrorPage({ title, body }: { title: string; body: string }) {
  const { t } = useLocale();
  return (
    <section class="narrow">
      <h1>{title}</h1>
      <p>{body}</p>
      <p>
        <a href="/">{t('nav.home')}</a>
      </p>
    </section>
  );
}
