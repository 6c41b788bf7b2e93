// Choosing the participants of an exercise by owner: the owners of the exercise's channels
// first, every other active owner of the registry folded away below. Only the ticked owners (and
// owners whose account joined the exercise) receive its notifications; nobody else gets anything.
import type {
  ParticipantChoice,
  ParticipantChoices,
} from '../../../src/domain/exercise/participants';
import { Csrf, ErrorSummary, type FormErrors } from '../../components/form';
import { useLocale } from '../../i18n';
import { ExerciseBanner } from '../../partials/crisis/words';

function Row({ c, editable }: { c: ParticipantChoice; editable: boolean }) {
  const { t } = useLocale();
  const id = `p-${c.owner.id}`;
  const takes = c.chosen || c.joinedByAccount;
  return (
    <tr>
      <td data-label={t('exercise.participants.col.owner')}>
        {editable ? (
          <label class="check" for={id}>
            <input
              type="checkbox"
              id={id}
              name="ownerIds"
              value={String(c.owner.id)}
              checked={c.chosen}
            />{' '}
            {c.owner.name}
          </label>
        ) : (
          <>
            {c.owner.name}{' '}
            {takes && <span class="badge badge-ok">{t('exercise.participants.takesPart')}</span>}
          </>
        )}
        {c.joinedByAccount && <p class="hint">{t('exercise.participants.viaAccount')}</p>}
      </td>
      <td data-label={t('exercise.participants.col.department')}>{c.departmentName}</td>
      <td data-label={t('exercise.participants.col.channels')}>{c.channels.join(', ') || '—'}</td>
      <td data-label={t('exercise.participants.col.reach')}>
        {c.owner.email ?? <span class="status-warn">{t('exercise.participants.noEmail')}</span>}
      </td>
    </tr>
  );
}

function Table({ rows, editable }: { rows: ParticipantChoice[]; editable: boolean }) {
  const { t } = useLocale();
  return (
    <table class="table">
      <thead>
        <tr>
          <th>{t('exercise.participants.col.owner')}</th>
          <th>{t('exercise.participants.col.department')}</th>
          <th>{t('exercise.participants.col.channels')}</th>
          <th>{t('exercise.participants.col.reach')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <Row c={c} editable={editable} />
        ))}
      </tbody>
    </table>
  );
}

type Props = { choices: ParticipantChoices; csrfToken: string; errors: FormErrors };

export function ParticipantsPage({
  choices: { crisis, ofChannels, others },
  csrfToken,
  errors,
}: Props) {
  const { t } = useLocale();
  const head = (
    <>
      <ExerciseBanner crisis={crisis} />
      <div class="page-head">
        <h1>{t('exercise.participants.title')}</h1>
      </div>
      <p class="muted">
        {crisis.title} · <a href={`/crises/${crisis.id}`}>{t('action.back')}</a>
      </p>
    </>
  );
  if (crisis.exerciseNotify !== 'participants') {
    return (
      <section>
        {head}
        <p class="alert" role="status">
          {t('exercise.participants.marked')}
        </p>
      </section>
    );
  }
  const editable = crisis.status === 'open';
  const count = [...ofChannels, ...others].filter((c) => c.chosen || c.joinedByAccount).length;
  const body = (
    <>
      <h2>{t('exercise.participants.ofChannels')}</h2>
      {ofChannels.length ? (
        <Table rows={ofChannels} editable={editable} />
      ) : (
        <p class="muted">{t('exercise.participants.noChannels')}</p>
      )}
      <details class="card" open={others.some((c) => c.chosen)}>
        <summary>{t('exercise.participants.others', { n: others.length })}</summary>
        <Table rows={others} editable={editable} />
      </details>
    </>
  );
  return (
    <section class="participants">
      {head}
      <p>{t('exercise.participants.intro')}</p>
      <p>
        <strong>{t('exercise.participants.count', { n: count })}</strong>
      </p>
      <ErrorSummary errors={errors} />
      {!editable && (
        <p class="alert" role="status">
          {t('exercise.participants.closed')}
        </p>
      )}
      {editable ? (
        <form method="post" action={`/exercises/${crisis.id}/participants`}>
          <Csrf token={csrfToken} />
          <input type="hidden" name="version" value={String(crisis.version)} />
          {body}
          <div class="actions">
            <button type="submit" class="primary">
              {t('exercise.participants.save')}
            </button>
            {ofChannels.length > 0 && (
              <button type="submit" name="add" value="channelOwners">
                {t('exercise.participants.withChannelOwners')}
              </button>
            )}
          </div>
        </form>
      ) : (
        body
      )}
    </section>
  );
}
