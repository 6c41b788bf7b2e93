import type { Role } from '../../db/schema';
import { label } from '../../src/i18n';
import { useLocale } from '../i18n';

export function Home({ name, roles }: { name: string; roles: Role[] }) {
  const { t } = useLocale();
  return (
    <section>
      <h1>{t('home.welcome', { name })}</h1>
      <p>{t('home.roles', { roles: roles.map((r) => label(t, 'role', r)).join(', ') })}</p>
      {roles.map((r) => (
        <p class="role-intro">{t(`home.${r}`)}</p>
      ))}
    </section>
  );
}
