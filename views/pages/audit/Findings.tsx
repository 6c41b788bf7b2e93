// Compliance findings: what was found, the article it measures against, and links to the audit
// events that show it.
import type { Finding } from '../../../src/domain/report/compliance';
import type { MessageKey } from '../../../src/i18n';
import { formatDateTime } from '../../../src/i18n/format';
import { useLocale } from '../../i18n';
import { eventHref, isIso } from './parts';

export function FindingItem({ f, channel }: { f: Finding; channel?: string }) {
  const { t, lang } = useLocale();
  const params = Object.fromEntries(
    Object.entries(f.params).map(([k, v]) => [k, isIso(v) ? formatDateTime(v, lang) : v]),
  );
  return (
    <li class="finding">
      <p>
        <strong>{t(`finding.${f.code}` as MessageKey, params)}</strong>
        {channel && (
          <>
            {' '}
            <span class="muted">({t('report.findings.channel', { name: channel })})</span>
          </>
        )}
      </p>
      <p class="muted">{t(`finding.${f.code}.article` as MessageKey)}</p>
      {f.seqs.length > 0 && (
        <p class="seqs">
          {t('report.findings.events')}:{' '}
          {f.seqs.map((s, i) => (
            <>
              {i > 0 && ', '}
              <a href={eventHref(s)}>#{s}</a>
            </>
          ))}
        </p>
      )}
    </li>
  );
}

export function Findings({
  findings,
  channels,
}: {
  findings: Finding[];
  channels: Map<number, string>;
}) {
  const { t } = useLocale();
  return (
    <section class="findings" aria-labelledby="findings-title">
      <h2 id="findings-title">
        {t('report.findings')} ({findings.length})
      </h2>
      {findings.length === 0 ? (
        <p class="alert alert-ok">{t('report.findings.none')}</p>
      ) : (
        <ul class="finding-list">
          {findings.map((f) => (
            <FindingItem f={f} channel={f.channelId ? channels.get(f.channelId) : undefined} />
          ))}
        </ul>
      )}
    </section>
  );
}
