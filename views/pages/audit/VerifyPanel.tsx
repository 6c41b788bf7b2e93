// The chain check: a button that runs the verifier, and its outcome — verified through which
// event, or the first broken link.
import type { CheckpointReport } from '../../../src/domain/audit/checkpoints';
import type { ChainReport } from '../../../src/domain/audit/trail';
import type { TrailReport } from '../../../src/domain/audit/verify';
import { formatDateTime } from '../../../src/i18n/format';
import { Csrf } from '../../components/form';
import { useLocale } from '../../i18n';
import { eventHref } from './parts';

function Outcome({ report }: { report: ChainReport }) {
  const { t, lang } = useLocale();
  if (!report.ok) {
    return (
      <div class="alert alert-error" role="alert">
        <p>
          {t('audit.verify.broken', {
            seq: report.brokenAt,
            count: report.count,
            reason: t(`audit.verify.reason.${report.reason}`),
          })}
        </p>
        <p>
          <a href={eventHref(report.brokenAt)}>
            {t('audit.verify.show', { seq: report.brokenAt })}
          </a>
        </p>
      </div>
    );
  }
  if (report.count === 0)
    return (
      <div class="alert" role="status">
        <p>{t('audit.verify.empty')}</p>
      </div>
    );
  return (
    <div class="alert alert-ok" role="status">
      <p>
        {t('audit.verify.ok', {
          seq: report.lastSeq,
          at: formatDateTime(report.lastAt, lang),
          count: report.count,
        })}
      </p>
    </div>
  );
}

/** The signed checkpoints against the trail: the first that fails, by number and date. */
function CheckpointOutcome({ report }: { report: CheckpointReport }) {
  const { t, lang } = useLocale();
  if (!report.ok)
    return (
      <div class="alert alert-error" role="alert">
        <p>
          {t('audit.checkpoint.failed', {
            number: report.number,
            at: report.madeAt ? formatDateTime(report.madeAt, lang) : '?',
            size: report.size,
            reason: t(`audit.checkpoint.reason.${report.reason}`),
          })}
        </p>
      </div>
    );
  if (!report.last)
    return (
      <div class="alert" role="status">
        <p>{t('audit.checkpoint.none')}</p>
      </div>
    );
  return (
    <div class="alert alert-ok" role="status">
      <p>
        {t('audit.checkpoint.ok', {
          checked: report.checked,
          number: report.last.number,
          at: formatDateTime(report.last.madeAt, lang),
          size: report.last.size,
        })}
      </p>
    </div>
  );
}

/** A console without a checkpoint key (a Worker without the CHECKPOINT_KEY secret) says so loudly. */
export function NoCheckpointKey() {
  const { t } = useLocale();
  return (
    <div class="alert alert-error" role="alert" id="no-checkpoint-key">
      <p>{t('checkpoints.noKey')}</p>
    </div>
  );
}

export function VerifyPanel({
  report,
  csrfToken,
  signing,
}: {
  report: TrailReport | null;
  csrfToken: string;
  /** Whether the console has a checkpoint key. */
  signing: boolean;
}) {
  const { t } = useLocale();
  return (
    <section id="verify-panel" class="card verify" aria-labelledby="verify-title">
      <h2 id="verify-title">{t('audit.verify.title')}</h2>
      {!signing && <NoCheckpointKey />}
      <p class="hint">{t('audit.verify.intro')}</p>
      {report && <Outcome report={report.chain} />}
      {report && <CheckpointOutcome report={report.checkpoints} />}
      {/* A long chain takes seconds: one click, one walk. */}
      <form
        method="post"
        action="/audit/verify"
        hx-post="/audit/verify"
        hx-target="#verify-panel"
        hx-swap="outerHTML"
        hx-disabled-elt="find button"
      >
        <Csrf token={csrfToken} />
        <button type="submit">{t('audit.verify.run')}</button>
      </form>
    </section>
  );
}
