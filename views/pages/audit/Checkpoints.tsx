// The signed checkpoints of the audit chain: the public key auditors check them with, how to run
// the standalone verifier, and every checkpoint with its signed note, newest first.
import type { Checkpoint } from '../../../db/schema';
import { useLocale } from '../../i18n';
import { When } from './parts';

export function CheckpointsPage({
  publicKey,
  list,
}: {
  publicKey: string | null;
  list: Checkpoint[];
}) {
  const { t } = useLocale();
  return (
    <section>
      <div class="page-head">
        <h1>{t('checkpoints.title')}</h1>
        <a href="/audit">{t('nav.audit')}</a>
      </div>
      <p class="muted">{t('checkpoints.intro')}</p>
      <h2>{t('checkpoints.key')}</h2>
      {publicKey ? (
        <pre class="note" id="checkpoint-key">
          {publicKey}
        </pre>
      ) : (
        <p class="alert">{t('checkpoints.noKey')}</p>
      )}
      <p class="hint">{t('checkpoints.howto')}</p>
      <pre class="note">
        node scripts/verify-export.mjs --key checkpoint-key.pub audit-export.json checkpoint.txt
      </pre>
      <h2>{t('checkpoints.list')}</h2>
      {list.length === 0 && <p>{t('audit.checkpoint.none')}</p>}
      {list.map((cp) => (
        <article class="card" id={`checkpoint-${cp.number}`}>
          <h3>
            {t('checkpoints.item', { number: cp.number, size: cp.size })} · <When at={cp.madeAt} />{' '}
            · {t(`checkpoints.reason.${cp.reason as 'schedule'}`)}
          </h3>
          <pre class="note">{cp.note}</pre>
        </article>
      ))}
    </section>
  );
}
