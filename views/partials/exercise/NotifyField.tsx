// Declaring an exercise: whether owners are notified (marked as an exercise) or only participants.
import { EXERCISE_NOTIFY } from '../../../db/schema';
import { useLocale } from '../../i18n';

export function ExerciseNotifyField({ value }: { value: string }) {
  const { t } = useLocale();
  return (
    <fieldset class="field">
      <legend>{t('exercise.notify.field')}</legend>
      <p class="hint">{t('exercise.notify.participantsHint')}</p>
      {EXERCISE_NOTIFY.map((v) => (
        <label class="check">
          <input type="radio" name="exerciseNotify" value={v} checked={value === v} />{' '}
          {t(`exercise.notify.${v}`)}
        </label>
      ))}
    </fieldset>
  );
}
