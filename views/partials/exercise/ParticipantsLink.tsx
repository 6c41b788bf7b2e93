// On the crisis page of an exercise that notifies only its participants: where to choose them.
import type { Crisis } from '../../../db/schema';
import { inParticipantsMode } from '../../../src/domain/exercise/participants';
import { useLocale } from '../../i18n';

export function ParticipantsLink({
  crisis,
}: {
  crisis: Pick<Crisis, 'id' | 'isExercise' | 'exerciseNotify'>;
}) {
  const { t } = useLocale();
  if (!inParticipantsMode(crisis)) return null;
  return (
    <p class="alert" role="note">
      {t('exercise.participants.only')}{' '}
      <a href={`/exercises/${crisis.id}/participants`}>{t('exercise.participants.choose')}</a>
    </p>
  );
}
