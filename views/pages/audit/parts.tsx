// Small pieces the audit and report pages share.
import type { MessageKey } from '../../../src/i18n';
import { formatDateTime } from '../../../src/i18n/format';
import { useLocale } from '../../i18n';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;
export const isIso = (v: unknown): v is string => typeof v === 'string' && ISO.test(v);

/** A time in Brussels, with the exact UTC instant in the markup for auditors. */
export function When({ at }: { at: string | null | undefined }) {
  const { lang } = useLocale();
  if (!at) return <span class="muted">—</span>;
  return (
    <time datetime={at} title={at}>
      {formatDateTime(at, lang)}
    </time>
  );
}

/** A label from a closed list: `<Label group="case.basis" value="acute" />`. */
export function Label({ group, value }: { group: string; value: string | null | undefined }) {
  const { t } = useLocale();
  return <>{value ? t(`${group}.${value}` as MessageKey) : '—'}</>;
}

export function ExerciseBadge() {
  const { t } = useLocale();
  return <span class="badge badge-warn">{t('audit.exercise')}</span>;
}

/** The query string of a filter, with the page cursor when given. */
export function queryString(
  values: Record<string, string | undefined>,
  extra: Record<string, string> = {},
): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...values, ...extra })) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Link to one audit event: the page whose newest event it is. */
export const eventHref = (seq: number) => `/audit?before=${seq + 1}#e${seq}`;
