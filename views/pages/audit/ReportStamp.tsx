// The foot of a printed report: the audit event it was made up to and the signed checkpoint it
// can be checked against, with the note's signature line. The same stamp goes at the bottom of
// every printed page through /reports/stamp.css (CSS paged media margin boxes hold only CSS text,
// and the CSP allows no inline style, so the stamp's words come as a stylesheet of their own).
import { stampHash, type TrailStamp } from '../../../src/domain/audit/stamp';
import { useLocale } from '../../i18n';
import { When } from './parts';

export const stampHref = (s: TrailStamp) =>
  `/reports/stamp.css?seq=${s.seq}&hash=${stampHash(s.hash)}`;

export function ReportStamp({ stamp }: { stamp: TrailStamp | null }) {
  const { t } = useLocale();
  if (!stamp) return null;
  const cp = stamp.checkpoint;
  return (
    <footer class="report-stamp">
      <link rel="stylesheet" media="print" href={stampHref(stamp)} />
      <h2>{t('report.stamp.title')}</h2>
      <p>
        {t('report.stamp.head', { seq: stamp.seq, hash: stampHash(stamp.hash) })}{' '}
        <When at={stamp.at} />
      </p>
      {cp ? (
        <>
          <p>
            {t('report.stamp.checkpoint', { number: cp.number, size: cp.size })}{' '}
            <When at={cp.madeAt} />
            {cp.size < stamp.seq && ` ${t('report.stamp.unsigned', { from: cp.size + 1 })}`}
          </p>
          <pre class="checkpoint-note">{cp.note}</pre>
        </>
      ) : (
        <p>{t('report.stamp.noCheckpoint')}</p>
      )}
    </footer>
  );
}
