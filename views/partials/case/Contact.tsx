// Article 2, default: contact the owner first. Each owner's contact details in registry order,
// with the attempt buttons beside them (choose the means, then one tap on the outcome), the
// attempt log, and the unreachable finding derived from it.
import type { Child } from 'hono/jsx';
import { CONTACT_OUTCOMES, type ContactMeans, type Owner } from '../../../db/schema';
import {
  meansOffered,
  owesOwnerContactAfterCrisis,
  type Pacing as PacingFacts,
} from '../../../src/domain/crisis/article2';
import type { CaseView } from '../../../src/domain/crisis/case-view';
import { label } from '../../../src/i18n';
import { formatTime } from '../../../src/i18n/format';
import { useLocale } from '../../i18n';
import { Time } from '../crisis/words';
import { AttemptCorrection } from './AttemptCorrection';
import { CaseForm, caseAction, stateOf, type CaseCtx } from './CaseForm';
import { ContactRequest, Receipt } from './ContactRequest';

const tel = (phone: string) => `tel:${phone.replace(/[^+\d]/g, '')}`;

function Details({ owner }: { owner: Owner }) {
  const { t } = useLocale();
  if (!owner.phone && !owner.email && !owner.altContact)
    return <p class="status-warn">{t('case.owner.noDetails')}</p>;
  return (
    <dl class="facts">
      {owner.phone && (
        <>
          <dt>{t('case.owner.phone')}</dt>
          <dd>
            <a href={tel(owner.phone)}>{owner.phone}</a>
          </dd>
        </>
      )}
      {owner.email && (
        <>
          <dt>{t('case.owner.email')}</dt>
          <dd>
            <a href={`mailto:${owner.email}`}>{owner.email}</a>
          </dd>
        </>
      )}
      {owner.altContact && (
        <>
          <dt>{t('case.owner.alt')}</dt>
          <dd>{owner.altContact}</dd>
        </>
      )}
    </dl>
  );
}

// Several owners share the page, so the fields keep plain names but get ids of their own.
function AttemptForm({
  ctx,
  owner,
  proposed,
}: {
  ctx: CaseCtx;
  owner: Owner;
  /** The means the escalation proposes for this owner now: chosen already. */
  proposed?: ContactMeans;
}) {
  const { t } = useLocale();
  const name = `attempt-${owner.id}`;
  const { errors, values } = stateOf(ctx, name);
  const offered = meansOffered(owner);
  // "Reached, agrees" authorises the takeover: the first tap only asks for a second one.
  const confirming =
    ctx.state === 'contacting' && values.outcome === 'reached_owner_agrees' && !!errors.outcome;
  // The time stays empty unless typed: the attempt is then logged at the moment of the tap, not
  // at the moment the page was loaded.
  const means = proposed && offered.includes(proposed) ? proposed : offered[0];
  const v = { means, attemptedAt: '', note: '', ...values };
  const id = (field: string) => `f-${field}-${owner.id}`;
  const field = (key: string, text: string, input: Child, hint?: string) => (
    <div class={errors[key] ? 'field field-error' : 'field'}>
      <label for={id(key)}>{text}</label>
      {hint && (
        <p class="hint" id={`h-${key}-${owner.id}`}>
          {hint}
        </p>
      )}
      {errors[key] && (
        <p class="error" id={`e-${key}-${owner.id}`}>
          {errors[key]}
        </p>
      )}
      {input}
    </div>
  );
  return (
    <CaseForm
      ctx={ctx}
      name={name}
      action={caseAction(ctx, 'attempts')}
      class="case-form attempt-form"
    >
      <input type="hidden" name="ownerId" value={String(owner.id)} />
      <div class="attempt-fields">
        {field(
          'means',
          t('case.attempt.means'),
          <select id={id('means')} name="means">
            {offered.map((m) => (
              <option value={m} selected={m === v.means}>
                {label(t, 'attempt.means', m)}
              </option>
            ))}
          </select>,
        )}
        {field(
          'attemptedAt',
          t('case.attempt.at'),
          <input
            id={id('attemptedAt')}
            name="attemptedAt"
            type="datetime-local"
            max={ctx.nowLocal}
            value={String(v.attemptedAt)}
            aria-describedby={`h-attemptedAt-${owner.id}`}
          />,
          t('case.attempt.atHint'),
        )}
        {field(
          'note',
          t('case.attempt.note'),
          <input id={id('note')} name="note" type="text" maxlength={500} value={String(v.note)} />,
        )}
      </div>
      <fieldset class="outcomes">
        <legend>{t('case.attempt.outcome')}</legend>
        {CONTACT_OUTCOMES.map((o) =>
          o === 'reached_owner_agrees' && confirming ? (
            // The second tap, on the same spot: this one authorises the takeover.
            <button type="submit" name="outcome" value={o} class="danger">
              {t('case.attempt.confirmAgreesButton')}
            </button>
          ) : (
            <button type="submit" name="outcome" value={o}>
              {label(t, 'attempt.outcome', o)}
            </button>
          ),
        )}
      </fieldset>
      {confirming && <input type="hidden" name="confirm" value="1" />}
    </CaseForm>
  );
}

export function OwnerContacts({ view, ctx }: { view: CaseView; ctx: CaseCtx }) {
  const { t } = useLocale();
  const canAttempt =
    (view.gate.open && (view.kase.state === 'contacting' || view.kase.state === 'active')) ||
    owesOwnerContactAfterCrisis(view);
  // "Probeer nu X via sms": X's card comes with sms chosen and is marked as the one to try.
  const next =
    view.kase.state === 'contacting' && view.escalation.state === 'next' ? view.escalation : null;
  return (
    <section id="owners" aria-labelledby="owners-h">
      <h2 id="owners-h">
        {t(view.kase.state === 'contacting' ? 'case.owners.title' : 'case.owners.titleLater')}
      </h2>
      {view.owners.length === 0 && <p class="alert alert-warn">{t('case.owners.none')}</p>}
      <ol class="plain owners">
        {view.owners.map((owner, i) => (
          <li
            class={next?.owner.id === owner.id ? 'card owner owner-next' : 'card owner'}
            id={`owner-${owner.id}`}
          >
            <h3>
              {owner.id === view.headId
                ? t('escalation.head')
                : t('case.owner.position', { n: i + 1 })}
              : {owner.name}
            </h3>
            <Details owner={owner} />
            <ContactRequest ctx={ctx} owner={owner} panel={view.contact} />
            {next?.owner.id === owner.id && (
              <p class="badge badge-warn">{t('case.owner.tryNow')}</p>
            )}
            {canAttempt && (
              <AttemptForm
                ctx={ctx}
                owner={owner}
                proposed={next?.owner.id === owner.id ? next.means : undefined}
              />
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function Unreachable({
  view,
  ctx,
  minAttempts,
}: {
  view: CaseView;
  ctx: CaseCtx;
  minAttempts: number;
}) {
  const { t } = useLocale();
  const f = view.unreachable;
  const names = new Map(view.owners.map((o) => [o.id, o.name]));
  return (
    <section id="unreachable" class="card" aria-labelledby="unreachable-h">
      <h3 id="unreachable-h">{t('case.unreachable.title')}</h3>
      <p class="hint">{t('case.unreachable.rule', { attempts: minAttempts })}</p>
      {f.reason === 'no_owner' && <p>{t('case.unreachable.noOwner')}</p>}
      {f.reason === 'reached' && <p>{t('case.unreachable.reached')}</p>}
      {f.owners.length > 0 && (
        <ul class="plain">
          {f.owners.map((o) => (
            <li>
              {t('case.unreachable.trial', {
                owner: names.get(o.ownerId) ?? '',
                failed: o.failedAttempts,
                attempts: o.attemptsNeeded,
                means: o.meansTried.length,
                meansNeeded: o.meansNeeded,
              })}
              {': '}
              <span class={o.enough ? 'badge badge-ok' : 'badge'}>
                {t(o.enough ? 'case.unreachable.trialDone' : 'case.unreachable.trialOpen')}
              </span>
            </li>
          ))}
        </ul>
      )}
      {(f.reason === 'all_tried' || f.reason === 'too_soon') && f.pacing && (
        <Pacing pacing={f.pacing} now={ctx.now} />
      )}
      {f.unreachable ? (
        <CaseForm ctx={ctx} name="unreachable" action={caseAction(ctx, 'unreachable')}>
          {f.reason === 'all_tried' && <p>{t('case.unreachable.allTried')}</p>}
          <button type="submit" class="primary">
            {t('case.unreachable.submit')}
          </button>
        </CaseForm>
      ) : (
        f.reason === 'not_all_tried' && <p class="muted">{t('case.unreachable.notShown')}</p>
      )}
    </section>
  );
}

/** The escalation step time as the rule counts it, with the wait left (the page refreshes it). */
function Pacing({ pacing, now }: { pacing: PacingFacts; now: string }) {
  const { t, lang } = useLocale();
  const wait = Math.ceil((Date.parse(pacing.readyAt) - Date.parse(now)) / 60_000);
  const short = pacing.spanMinutes < pacing.neededMinutes;
  const facts = { needed: pacing.neededMinutes, span: pacing.spanMinutes };
  return (
    <p class={short ? 'status-warn' : 'hint'} id="unreachable-pacing">
      {t('case.unreachable.pacing', facts)}{' '}
      {short &&
        (wait > 0 ? (
          <strong>
            {t('case.unreachable.wait', {
              minutes: wait,
              at: formatTime(pacing.readyAt, lang),
            })}
          </strong>
        ) : (
          t('case.unreachable.needsLaterAttempt', facts)
        ))}
    </p>
  );
}

export function AttemptLog({ view, ctx }: { view: CaseView; ctx: CaseCtx }) {
  const { t } = useLocale();
  return (
    <section id="attempts" aria-labelledby="attempts-h">
      <h2 id="attempts-h">{t('case.attempts.title')}</h2>
      {view.attempts.length === 0 ? (
        <p class="muted">{t('case.attempts.none')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th>{t('case.col.when')}</th>
              <th>{t('case.col.owner')}</th>
              <th>{t('case.col.means')}</th>
              <th>{t('case.col.outcome')}</th>
              <th>{t('case.col.note')}</th>
              <th>{t('case.col.by')}</th>
              <th>{t('case.col.correction')}</th>
            </tr>
          </thead>
          <tbody>
            {view.attempts.map((a) => (
              <tr class={a.correctedAt ? 'corrected' : undefined}>
                <td data-label={t('case.col.when')}>
                  <Time at={a.attemptedAt} />
                </td>
                <td data-label={t('case.col.owner')}>{a.ownerName}</td>
                <td data-label={t('case.col.means')}>{label(t, 'attempt.means', a.means)}</td>
                <td data-label={t('case.col.outcome')}>
                  {label(t, 'attempt.outcome', a.outcome)}
                  <Receipt message={view.contact?.receipts.get(a.id)} />
                </td>
                <td data-label={t('case.col.note')}>{a.note}</td>
                <td data-label={t('case.col.by')}>{a.recordedByName}</td>
                <td data-label={t('case.col.correction')}>
                  <AttemptCorrection attempt={a} ctx={ctx} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
