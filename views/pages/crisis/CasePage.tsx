// One channel in one crisis: where it stands in Article 2 and the steps it allows now. The
// whole panel is what htmx swaps after a form, so a refused step re-renders it with its message.
import type { CaseView } from '../../../src/domain/crisis/case-view';
import { label } from '../../../src/i18n';
import { formatTime } from '../../../src/i18n/format';
import { useLocale } from '../../i18n';
import { NoticeStatus, OwnerReplies } from '../../partials/NoticeStatus';
import type { CaseCtx } from '../../partials/case/CaseForm';
import { ChannelLinks } from '../../partials/case/ChannelLinks';
import { AttemptLog, OwnerContacts, Unreachable } from '../../partials/case/Contact';
import { AcuteForm, ConflictingForm } from '../../partials/case/Exceptions';
import { EscalationProposal } from '../../partials/escalation/Proposal';
import { ActionLog, ActiveTakeover, CaseHolds } from '../../partials/case/Takeover';
import { actionLabel, Timeline } from '../../partials/crisis/Timeline';
import { AcuteText, CaseState, ExerciseBanner, ObligationText } from '../../partials/crisis/words';

export type CasePageProps = {
  view: CaseView;
  ctx: CaseCtx;
  rules: {
    acuteMaxMinutes: number;
    ownerContactDueMinutes: number;
    unreachableMinAttempts: number;
    escalationStepMinutes: number;
  };
  /** datetime-local value of now + the acute maximum, proposed as the deadline. */
  proposedDeadline: string;
  /** Another operator changed the case since this operator's screen was drawn. */
  conflict: boolean;
  /** Communicatie holds login details for the channel: an active takeover links to the reveal. */
  loginDetails: boolean;
};

function ConflictAlert({ view }: { view: CaseView }) {
  const { t, lang } = useLocale();
  const latest = view.history.at(-1);
  return (
    <div class="alert alert-error" role="alert" tabindex={-1}>
      <p>
        <strong>{t('error.conflict')}</strong>
      </p>
      {latest && (
        <p>
          {t('case.conflict.latest', {
            what: actionLabel(t, latest.action),
            who: latest.actorName ?? label(t, 'role', latest.actorRole ?? 'system'),
            at: formatTime(latest.at, lang),
          })}
        </p>
      )}
    </div>
  );
}

function Closed({ view }: { view: CaseView }) {
  const { t, lang } = useLocale();
  const k = view.kase;
  if (k.state === 'owner_handles') return <p class="alert alert-ok">{t('case.ownerHandles')}</p>;
  if (k.state === 'handed_back') {
    return (
      <p class="alert alert-ok">
        {t('case.handedBack.summary', {
          at: formatTime(k.handedBackAt, lang),
          note: k.handBackNote ?? '',
        })}
      </p>
    );
  }
  return null;
}

export function CasePanel({
  view,
  ctx,
  rules,
  proposedDeadline,
  conflict,
  loginDetails,
}: CasePageProps) {
  const { t } = useLocale();
  const { kase, channel, crisis, gate } = view;
  const contacting = kase.state === 'contacting';
  const active = kase.state === 'active';
  const ownerFirst = view.obligation.state === 'open' || view.obligation.state === 'overdue';
  const owners = <OwnerContacts view={view} ctx={ctx} />;
  // Once the log shows the owners unreachable, the button follows the box that says so.
  const unreachableNow = contacting && gate.open && view.unreachable.unreachable;
  const unreachable = (
    <Unreachable view={view} ctx={ctx} minAttempts={rules.unreachableMinAttempts} />
  );
  return (
    <section id="case" class="case">
      <ExerciseBanner crisis={crisis} />
      <p>
        <a href={`/crises/${crisis.id}`}>{t('case.back')}</a> · {crisis.title}
      </p>
      <h1>{channel.name}</h1>
      <p class="muted">
        {label(t, 'platform', channel.platform)} · {channel.handle} · {channel.departmentName}
      </p>
      <p>
        <CaseState kase={kase} />
      </p>
      {active && <ChannelLinks view={view} loginDetails={loginDetails} />}
      {conflict && <ConflictAlert view={view} />}
      {!gate.open && (contacting || active) && (
        <div class="alert alert-warn" role="status">
          <p>
            <strong>{t(gate.reason)}</strong>
          </p>
        </div>
      )}
      {/* The board's "next step" links land here: what is due, then whom to try now. */}
      <div id="next" class="next-step">
        <ObligationText obligation={view.obligation} />
        <AcuteText acute={view.acute} />
        {contacting && (
          <EscalationProposal
            escalation={view.escalation}
            stepMinutes={rules.escalationStepMinutes}
          />
        )}
      </div>
      {unreachableNow && unreachable}
      <Closed view={view} />
      {contacting && (
        <>
          {owners}
          {gate.open && (
            <section aria-labelledby="exceptions-h">
              <h2 id="exceptions-h">{t('case.exceptions.title')}</h2>
              {!unreachableNow && unreachable}
              <AcuteForm
                ctx={ctx}
                proposedDeadline={proposedDeadline}
                maxMinutes={rules.acuteMaxMinutes}
              />
              <ConflictingForm ctx={ctx} dueMinutes={rules.ownerContactDueMinutes} />
            </section>
          )}
        </>
      )}
      {active && ownerFirst && owners}
      {active && <ActiveTakeover view={view} ctx={ctx} />}
      <CaseHolds view={view} ctx={ctx} />
      {active && !ownerFirst && owners}
      {!contacting && !active && owners}
      <AttemptLog view={view} ctx={ctx} />
      <ActionLog view={view} />
      {view.notices.length > 0 && (
        <>
          <h2 id="notices">{t('case.notices.title')}</h2>
          <NoticeStatus notices={view.notices} />
        </>
      )}
      <OwnerReplies replies={view.replies} />
      <h2>{t('case.history.title')}</h2>
      <Timeline entries={view.history} showChannel={false} />
    </section>
  );
}
