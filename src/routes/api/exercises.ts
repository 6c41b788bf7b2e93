// /api/v1/crises/:id/participants: who takes part in an exercise that notifies only its
// participants, and the crisis cell's choice of them. The same domain functions as the page
// (src/routes/exercises.tsx), so the same rules, messages and audit event.
import { z } from 'zod';
import { EXERCISE_NOTIFY } from '../../../db/schema';
import { getCrisis } from '../../domain/crisis/crises';
import {
  participantsOf,
  setExerciseParticipants,
  type ParticipantChoice,
} from '../../domain/exercise/participants';
import { fail, ok } from '../../domain/lib/result';
import type { Ctx } from '../../http';
import { CRISIS, OPERATORS } from './crises';
import type { DefineEndpoint } from './endpoint';
import { j, named } from './fields';

const ParticipantOut = named(
  'ExerciseParticipant',
  z.object({
    ownerId: z.int(),
    name: z.string(),
    department: z.string(),
    chosen: z.boolean().meta({ description: 'Chosen by the crisis cell for this exercise.' }),
    joinedByAccount: z
      .boolean()
      .meta({ description: 'Takes part anyway: their console account joined the exercise.' }),
    channels: z
      .array(z.string())
      .meta({ description: "The exercise's channels this owner is registered for." }),
  }),
);

const ParticipantsOut = named(
  'ExerciseParticipants',
  z.object({
    crisisId: z.int(),
    version: z.int(),
    exerciseNotify: z.enum(EXERCISE_NOTIFY),
    participants: z.array(ParticipantOut),
  }),
  'Empty unless the exercise notifies only its participants.',
);

const ParticipantsIn = named(
  'SetExerciseParticipants',
  z.strictObject({
    version: j.version(),
    ownerIds: z
      .array(j.id())
      .meta({ description: 'Every owner chosen to take part: the set replaces the one before.' }),
    withChannelOwners: j
      .flag()
      .meta({ description: "Also every owner of the exercise's channels." }),
  }),
);

const participant = (p: ParticipantChoice) => ({
  ownerId: p.owner.id,
  name: p.owner.name,
  department: p.departmentName,
  chosen: p.chosen,
  joinedByAccount: p.joinedByAccount,
  channels: p.channels,
});

export function exerciseEndpoints(endpoint: DefineEndpoint) {
  const participantsOfExercise = (c: Ctx, id: number) => {
    const crisis = getCrisis(c.var.db, id);
    if (!crisis?.isExercise || !crisis.exerciseNotify) return null;
    return {
      crisisId: crisis.id,
      version: crisis.version,
      exerciseNotify: crisis.exerciseNotify,
      participants: participantsOf(c.var.db, crisis.id).map(participant),
    };
  };

  endpoint({
    operationId: 'getExerciseParticipants',
    method: 'get',
    path: `${CRISIS}/participants`,
    tag: 'crises',
    access: OPERATORS,
    errors: [404],
    summary:
      'The owners taking part in an exercise (chosen, or joined with their account); 404 for a real crisis',
    response: ParticipantsOut,
    handle: (c, { param }) => {
      const found = participantsOfExercise(c, param('id'));
      return found ? ok(found) : fail('exercise.notFound', { status: 404 });
    },
  });

  endpoint({
    operationId: 'setExerciseParticipants',
    method: 'post',
    path: `${CRISIS}/participants`,
    tag: 'crises',
    access: OPERATORS,
    errors: [404, 409],
    summary:
      'Choose the owners who take part in an exercise that notifies only its participants (the whole set)',
    body: ParticipantsIn,
    response: named(
      'SetExerciseParticipantsResult',
      z.object({ added: z.int(), removed: z.int() }),
    ),
    handle: (c, { body, param }) =>
      setExerciseParticipants(
        c.var.db,
        c.var.actor,
        {
          crisisId: param('id'),
          version: body.version,
          ownerIds: body.ownerIds,
          withChannelOwners: body.withChannelOwners,
        },
        c.var.config.now(),
      ),
    current: (c, { param }) => participantsOfExercise(c, param('id')),
  });
}
