// Exercise participants: in an exercise that notifies "only the participants", the crisis cell
// chooses registry owners (with or without a console account) who take part. The after-exercise
// report is with the other reports (audit.tsx).
import { Hono } from 'hono';
import { z } from 'zod';
import type { FormErrors } from '../../views/components/form';
import { ParticipantsPage } from '../../views/pages/exercise/Participants';
import { participantChoices, setExerciseParticipants } from '../domain/exercise/participants';
import type { AppEnv } from '../env';
import { redirectTo, setFlash, type Ctx } from '../http';
import { allow } from '../middleware/access';
import { f, parseForm } from '../validation';
import { failureErrors, failureStatus } from './registry/shared';

export const exerciseRoutes = new Hono<AppEnv>();
exerciseRoutes.use('*', allow('crisis_operator', 'communicatie'));

const PARTICIPANTS = '/:id{[0-9]+}/participants';
const crisisId = (c: Ctx) => Number(c.req.param('id'));

const schema = z.object({
  version: f.id(),
  ownerIds: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(f.id()),
  ),
  add: f.choice(['channelOwners']).optional(),
});

function page(c: Ctx, errors: FormErrors = {}, status: 200 | 409 | 422 = 200) {
  const choices = participantChoices(c.var.db, crisisId(c));
  if (!choices) return c.notFound();
  c.status(status);
  return c.render(
    <ParticipantsPage choices={choices} csrfToken={c.var.csrfToken} errors={errors} />,
    { title: `${c.var.t('exercise.participants.title')} · ${choices.crisis.title}` },
  );
}

exerciseRoutes.get(PARTICIPANTS, (c) => page(c));

exerciseRoutes.post(PARTICIPANTS, async (c) => {
  const parsed = await parseForm(c, schema);
  if (!parsed.ok)
    return page(c, { _form: Object.values(parsed.errors)[0] ?? c.var.t('error.form') }, 422);
  const { db, actor, config } = c.var;
  const { version, ownerIds, add } = parsed.data;
  const result = setExerciseParticipants(
    db,
    actor,
    {
      crisisId: crisisId(c),
      version,
      ownerIds,
      withChannelOwners: add === 'channelOwners',
    },
    config.now(),
  );
  if (!result.ok)
    return result.status === 404
      ? c.notFound()
      : page(c, { _form: Object.values(failureErrors(c, result))[0]! }, failureStatus(result));
  setFlash(c, 'exercise.participants.saved', result.value);
  return redirectTo(c, `/exercises/${crisisId(c)}/participants`);
});
