// An active takeover: log what was done on the channel, hold another post, hand back; and the
// case's holds with their release forms.
import { ACTION_KINDS } from '../../../db/schema';
import type { CaseView } from '../../../src/domain/crisis/case-view';
import { RELEASE_OUTCOMES } from '../../../src/domain/crisis/holds';
import { label } from '../../../src/i18n';
import { formatTime } from '../../../src/i18n/format';
import { Select, TextArea } from '../../components/form';
import { useLocale } from '../../i18n';
import { PostRef, Time } from '../crisis/words';
import { CaseForm, caseAction, stateOf, type CaseCtx } from './CaseForm';
import { HoldFields } from './Exceptions';

export function ActiveTakeover({ view, ctx }: { view: CaseView; ctx: CaseCtx }) {
  const { t } = useLocale();
  const action = stateOf(ctx, 'action');
  const hold = stateOf(ctx, 'hold');
  const back = stateOf(ctx, 'handBack');
  const acuteOpen = view.acute.state === 'running' || view.acute.state === 'missed';
  return (
    <section id="actions" aria-labelledby="actions-h">
      <h2 id="actions-h">{t('case.active.title')}</h2>
      <div class="card">
        <h3>{t('case.action.title')}</h3>
        {acuteOpen && <p class="hint">{t('case.acute.publishHint')}</p>}
        <CaseForm ctx={ctx} name="action" action={caseAction(ctx, 'actions')}>
          <Select
            name="kind"
            label={t('case.action.kind')}
            values={{ kind: acuteOpen ? 'published' : undefined, ...action.values }}
            errors={action.errors}
            options={ACTION_KINDS.map((k) => ({
              value: k,
              label: label(t, 'channelAction.kind', k),
            }))}
          />
          <TextArea
            name="note"
            label={t('case.action.note')}
            values={action.values}
            errors={action.errors}
            maxlength={2000}
          />
          <div class="actions">
            <button type="submit" class="primary">
              {t('case.action.submit')}
            </button>
          </div>
        </CaseForm>
      </div>
      <details class="card" open={ctx.failed?.form === 'hold'}>
        <summary>
          <strong>{t('case.hold.title')}</strong>
        </summary>
        <CaseForm ctx={ctx} name="hold" action={caseAction(ctx, 'holds')}>
          <HoldFields values={hold.values} errors={hold.errors} />
          <div class="actions">
            <button type="submit">{t('case.hold.submit')}</button>
          </div>
        </CaseForm>
      </details>
      <div class="card" id="hand-back">
        <h3>{t('case.handBack.title')}</h3>
        <CaseForm ctx={ctx} name="handBack" action={caseAction(ctx, 'hand-back')}>
          <TextArea
            name="note"
            id="f-handBackNote"
            label={t('case.handBack.note')}
            values={back.values}
            errors={back.errors}
            required
            maxlength={2000}
          />
          <div class="actions">
            <button type="submit">{t('case.handBack.submit')}</button>
          </div>
        </CaseForm>
      </div>
    </section>
  );
}

export function ActionLog({ view }: { view: CaseView }) {
  const { t } = useLocale();
  if (!view.actions.length) return null;
  return (
    <section aria-labelledby="action-log-h">
      <h2 id="action-log-h">{t('case.actions.title')}</h2>
      <ul class="plain">
        {view.actions.map((a) => (
          <li>
            <Time at={a.actedAt} /> <strong>{label(t, 'channelAction.kind', a.kind)}</strong> (
            {a.actedByName}){a.note && <>: {a.note}</>}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ReleaseForm({ ctx, holdId, version }: { ctx: CaseCtx; holdId: number; version: number }) {
  const { t } = useLocale();
  const name = `release-${holdId}`;
  const { errors, values } = stateOf(ctx, name);
  const id = (field: string) => `f-${field}-h${holdId}`;
  return (
    <CaseForm
      ctx={ctx}
      name={name}
      version={version}
      action={`/crises/${ctx.crisisId}/holds/${holdId}/release`}
    >
      <div class={errors.outcome ? 'field field-error' : 'field'}>
        <label for={id('outcome')}>{t('hold.release.outcome')}</label>
        {errors.outcome && <p class="error">{errors.outcome}</p>}
        <select id={id('outcome')} name="outcome">
          {RELEASE_OUTCOMES.map((o) => (
            <option value={o} selected={values.outcome === o}>
              {label(t, 'hold.outcome', o)}
            </option>
          ))}
        </select>
      </div>
      <div class={errors.note ? 'field field-error' : 'field'}>
        <label for={id('note')}>{t('hold.release.note')}</label>
        {errors.note && <p class="error">{errors.note}</p>}
        <textarea id={id('note')} name="note" rows={2} maxlength={2000}>
          {typeof values.note === 'string' ? values.note : ''}
        </textarea>
      </div>
      <button type="submit">{t('hold.release.submit')}</button>
    </CaseForm>
  );
}

export function CaseHolds({ view, ctx }: { view: CaseView; ctx: CaseCtx }) {
  const { t, lang } = useLocale();
  if (!view.holds.length) return null;
  return (
    <section id="holds" aria-labelledby="holds-h">
      <h2 id="holds-h">{t('case.holds.title')}</h2>
      <ul class="plain">
        {view.holds.map((h) => (
          <li class="card" id={`hold-${h.id}`}>
            <p>
              <strong>{label(t, 'hold.action', h.action)}</strong> (
              {label(t, 'hold.postState', h.postState)}
              {h.scheduledFor && (
                <>
                  , <Time at={h.scheduledFor} full />
                </>
              )}
              ): <PostRef value={h.postRef} />
            </p>
            <p>{h.conflict}</p>
            <p class="muted">
              {t('hold.placedBy', { by: h.placedByName, at: formatTime(h.placedAt, lang) })}
            </p>
            {h.releasedAt ? (
              <p class="status-ok">
                {t('hold.releasedAt', {
                  at: formatTime(h.releasedAt, lang),
                  outcome: label(t, 'hold.outcome', h.releaseOutcome ?? ''),
                  note: h.releaseNote ?? '',
                })}
              </p>
            ) : (
              <>
                <p>
                  <span class="badge badge-warn">{t('hold.open')}</span>
                </p>
                <ReleaseForm ctx={ctx} holdId={h.id} version={h.version} />
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
