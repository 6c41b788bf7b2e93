// The first thing an owner reads (on the home page and "Mijn kanalen"): which of their channels
// Communicatie holds now, per open crisis, newest first, and whom to call about it.
import type { TakenOver as Item } from '../../../src/domain/notify/owner-summary';
import { useLocale } from '../../i18n';

const tel = (phone: string) => `tel:${phone.replace(/[^+\d]/g, '')}`;

export function TakenOver({ items, link }: { items: Item[]; link?: boolean }) {
  const { t } = useLocale();
  if (!items.length) return null;
  return (
    <div class="alert alert-warn taken-over" role="status">
      {items.map((i) => (
        <p>
          <strong>{t('mine.takenOver', { n: i.channels, crisis: i.crisisTitle })}</strong>{' '}
          {i.contact ? (
            <>
              {t('mine.takenOver.call', { name: i.contact.name })}{' '}
              <a href={tel(i.contact.phone)}>{i.contact.phone}</a>
            </>
          ) : (
            t('mine.takenOver.callDefault')
          )}
        </p>
      ))}
      {link && (
        <p>
          <a href="/mine">{t('mine.takenOver.open')}</a>
        </p>
      )}
    </div>
  );
}
