// One screen per crisis: what it is, whether Article 2 applies (and the crisis cell form when it
// does not yet), who is working on it, and the live board of every affected channel.
import { IMPACTS, type Crisis } from '../../../db/schema';
import { raw } from 'hono/html';
import type { GateResult } from '../../../src/domain/crisis/article2';
import { label } from '../../../src/i18n';
import { formatDateTime, toBrusselsLocal } from '../../../src/i18n/format';
import {
  Csrf,
  ErrorSummary,
  Input,
  Select,
  type FormErrors,
  type FormValues,
} from '../../components/form';
import { useLocale } from '../../i18n';
import { ContactFields } from '../../partials/crisis/ContactFields';
import { ExerciseBanner } from '../../partials/crisis/words';
import { ParticipantsLink } from '../../partials/exercise/ParticipantsLink';

export function CrisisHead({
  crisis,
  current,
}: {
  crisis: Crisis;
  current: 'board' | 'timeline' | 'close' | 'channels';
}) {
  const { t, lang } = useLocale();
  const base = `/crises/${crisis.id}`;
  const tabs = [
    ['board', base, t('crisis.nav.board')],
    ['channels', `${base}/channels`, t('crisis.channels.add')],
    ['timeline', `${base}/timeline`, t('crisis.nav.timeline')],
    ['close', `${base}/close`, t('crisis.nav.close')],
  ] as const;
  return (
    <>
      <ExerciseBanner crisis={crisis} />
      <div class="page-head">
        <h1>{crisis.title}</h1>
        <span class={crisis.status === 'open' ? 'badge badge-warn' : 'badge'}>
          {label(t, 'crisis.status', crisis.status)}
        </span>
      </div>
      <p class="muted">
        {label(t, 'crisis.impact', crisis.impact)} ·{' '}
        {t('crisis.list.started', { at: formatDateTime(crisis.startedAt, lang) })}
      </p>
      <nav class="tabs" aria-label={crisis.title}>
        {tabs
          .filter(([key]) => crisis.status === 'open' || (key !== 'channels' && key !== 'close'))
          .map(([key, href, text]) => (
            <a href={href} aria-current={key === current ? 'page' : undefined}>
              {text}
            </a>
          ))}
      </nav>
    </>
  );
}

type CellFormProps = {
  crisis: Crisis;
  csrfToken: string;
  values: FormValues;
  errors: FormErrors;
  now: Date;
};

export function CrisisCellForm({ crisis, csrfToken, values, errors, now }: CellFormProps) {
  const { t } = useLocale();
  const v: FormValues = {
    impact: crisis.impact,
    crisisCellLead: crisis.crisisCellLead ?? '',
    crisisCellConvenedAt: toBrusselsLocal(crisis.crisisCellConvenedAt ?? now),
    crisisCellDecisionRef: crisis.crisisCellDecisionRef ?? '',
    contactName: crisis.contactName ?? '',
    contactPhone: crisis.contactPhone ?? '',
    ...values,
  };
  const action = `/crises/${crisis.id}/cell`;
  return (
    <form method="post" action={action} class="card" id="cell">
      <h2>{t('crisis.cell.title')}</h2>
      <Csrf token={csrfToken} />
      <input type="hidden" name="version" value={String(crisis.version)} />
      <ErrorSummary errors={errors} />
      <Select
        name="impact"
        label={t('crisis.field.impact')}
        values={v}
        errors={errors}
        options={IMPACTS.map((i) => ({ value: i, label: label(t, 'crisis.impact', i) }))}
      />
      <Input
        name="crisisCellLead"
        label={t('crisis.field.crisisCellLead')}
        values={v}
        errors={errors}
        required
        maxlength={200}
      />
      <Input
        name="crisisCellConvenedAt"
        type="datetime-local"
        label={t('crisis.field.crisisCellConvenedAt')}
        values={v}
        errors={errors}
        required
      />
      <Input
        name="crisisCellDecisionRef"
        label={t('crisis.field.crisisCellDecisionRef')}
        values={v}
        errors={errors}
        maxlength={200}
      />
      <ContactFields values={v} errors={errors} />
      <div class="actions">
        <button type="submit" class="primary">
          {t('crisis.cell.submit')}
        </button>
      </div>
    </form>
  );
}

function Gate({
  crisis: c,
  gate,
  cellForm,
}: {
  crisis: Crisis;
  gate: GateResult;
  cellForm: CellFormProps | null;
}) {
  const { t, lang } = useLocale();
  const cell =
    c.crisisCellLead && c.crisisCellConvenedAt ? (
      <p>
        {t('crisis.cell.summary', {
          lead: c.crisisCellLead,
          at: formatDateTime(c.crisisCellConvenedAt, lang),
        })}
        {c.crisisCellDecisionRef && <> {t('crisis.cell.ref', { ref: c.crisisCellDecisionRef })}</>}
        {c.contactName && c.contactPhone && (
          <> {t('crisis.contact.summary', { name: c.contactName, phone: c.contactPhone })}</>
        )}
      </p>
    ) : null;
  // Once Article 2 applies the box is one line (the board comes first on a phone); it opens.
  if (gate.open)
    return (
      <details class="alert alert-ok oneline gate">
        <summary>{t('crisis.gate.open')}</summary>
        {cell}
      </details>
    );
  return (
    <>
      <div class="alert alert-warn" role="status">
        <p>
          <strong>{t(gate.reason)}</strong>
        </p>
        {cell}
      </div>
      {cellForm && <CrisisCellForm {...cellForm} />}
    </>
  );
}

type Props = {
  crisis: Crisis;
  gate: GateResult;
  /** The live board (views/partials/crisis/Board.tsx), rendered once and shared by every operator. */
  boardHtml: string;
  now: Date;
  csrfToken: string;
  joined: boolean;
  cellForm: { values: FormValues; errors: FormErrors } | null;
};

export function CrisisPage({
  crisis: c,
  gate,
  boardHtml,
  now,
  csrfToken,
  joined,
  cellForm,
}: Props) {
  const { t, lang } = useLocale();
  const open = c.status === 'open';
  return (
    <section class="crisis">
      <CrisisHead crisis={c} current="board" />
      {c.description && (
        <details class="oneline description">
          <summary>{c.description}</summary>
        </details>
      )}
      <ParticipantsLink crisis={c} />
      {c.status === 'closed' && (
        <div class="alert" role="status">
          <p>{t('crisis.close.closedAt', { at: formatDateTime(c.closedAt, lang) })}</p>
          {c.closeOverrideReason && (
            <p>{t('crisis.close.override', { reason: c.closeOverrideReason })}</p>
          )}
        </div>
      )}
      {open && (
        <Gate
          crisis={c}
          gate={gate}
          cellForm={cellForm ? { crisis: c, csrfToken, now, ...cellForm } : null}
        />
      )}
      {open && !joined && (
        <form method="post" action={`/crises/${c.id}/join`} class="actions">
          <Csrf token={csrfToken} />
          <button type="submit" class="primary">
            {t('crisis.join')}
          </button>
        </form>
      )}
      <h2>{t('crisis.board.title')}</h2>
      {raw(boardHtml)}
    </section>
  );
}
