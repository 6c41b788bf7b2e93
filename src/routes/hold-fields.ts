// The fields that describe a hold on a conflicting post: one list, with its limits, for the case
// page's form and the JSON API, which differ only in how a text and a time are read.
import type { z } from 'zod';
import { HOLD_ACTIONS, POST_STATES } from '../domain/crisis/holds';
import { f } from '../validation';

type Reader<S extends z.ZodType> = (max: number, description: string) => S;

export const holdFields = <
  V extends z.ZodType,
  L extends z.ZodType,
  M extends z.ZodType,
  T extends z.ZodType,
>(read: {
  version: V;
  line: Reader<L>;
  lines: Reader<M>;
  time: (description: string) => T;
}) => ({
  version: read.version,
  postState: f.choice(POST_STATES),
  postRef: read.line(
    500,
    'A link to the conflicting post, or a reference to find it (scheduler, post id).',
  ),
  scheduledFor: read.time('Required when postState is scheduled.'),
  conflict: read.lines(2000, 'What in the post conflicts with the crisis communication.'),
  action: f.choice(HOLD_ACTIONS),
});
