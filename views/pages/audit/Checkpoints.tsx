// The signed checkpoints of the audit chain: the public key auditors check them with (and the
// rotated ones, with their validity), how to run the standalone verifier, the witness e-mails
// sent to the auditors, and every checkpoint with its signed note, newest first.
import type { Checkpoint, WitnessMail } from '../../../db/schema';
import { useLocale } from '../../i18n';
import { When } from './parts';
import { NoCheckpointKey } from './VerifyPanel';

export type KeyRow = { key: string; from: string | null; until: string | null };

export function CheckpointsPage({
  publicKey,
  keys,
  list,
  mails,
}: {
  publicKey: string | null;
  keys: KeyRow[];
  list: Checkpoint[];
  mails: WitnessMail[];
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
        <NoCheckpointKey />
      )}
      {keys.length > 1 && (
        <>
          <h2>{t('checkpoints.keys')}</h2>
          <ul id="checkpoint-keys">
            {keys.map((k) => (
              <li>
                <code>{k.key}</code> · {t('checkpoints.keys.from')}{' '}
                {k.from ? <When at={k.from} /> : t('checkpoints.keys.always')}{' '}
                {k.until ? (
                  <>
                    {t('checkpoints.keys.until')} <When at={k.until} />
                  </>
                ) : (
                  <>({t('checkpoints.keys.current')})</>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      <p class="hint">{t('checkpoints.howto')}</p>
      <pre class="note">
        node scripts/verify-export.mjs --key checkpoint-key.pub audit-export.json checkpoint.txt
      </pre>
      <h2>{t('checkpoints.witnesses')}</h2>
      {mails.length === 0 ? (
        <p>{t('checkpoints.witnesses.none')}</p>
      ) : (
        <ul id="witness-mails">
          {mails.map((m) => (
            <li>
              {t('checkpoints.witnesses.item', {
                first: m.firstCheckpoint,
                last: m.lastCheckpoint,
                to: m.toEmail,
              })}{' '}
              ·{' '}
              {m.status === 'queued'
                ? t('checkpoints.witnesses.queued', { attempts: m.attempts })
                : t(`checkpoints.witnesses.${m.status}`)}{' '}
              <When at={m.sentAt ?? m.createdAt} />
              {m.lastError && <span class="muted"> · {m.lastError}</span>}
            </li>
          ))}
        </ul>
      )}
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
