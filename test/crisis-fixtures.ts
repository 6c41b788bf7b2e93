// Registry rows and an open crisis for the crisis, takeover and board tests. Channels and owners
// are plain inserts, so these tests depend only on the schema, not on the registry's screens.
import {
  channelOwners,
  channels,
  departments,
  owners,
  type Channel,
  type Owner,
  type User,
} from '../db/schema';
import type { Actor } from '../src/domain/audit/trail';
import { addChannelsToCrisis, declareCrisis } from '../src/domain/crisis/crises';
import type { TestContext } from './helpers';

type OwnerSpec = Partial<Pick<Owner, 'name' | 'phone' | 'email' | 'altContact' | 'active'>>;

let seq = 0;

export function department(t: TestContext, name = `Dienst ${++seq}`) {
  return t.db
    .insert(departments)
    .values({ name, createdAt: t.clock.now.toISOString() })
    .returning()
    .get();
}

/** A channel with the given owners, in that order (position 1 first). */
export function channel(
  t: TestContext,
  ownerSpecs: OwnerSpec[] = [{}],
  name = `Kanaal ${++seq}`,
): { channel: Channel; owners: Owner[] } {
  const dep = department(t);
  const now = t.clock.now.toISOString();
  const ch = t.db
    .insert(channels)
    .values({
      platform: 'facebook_page',
      name,
      handle: `@${name.toLowerCase().replace(/\W+/g, '')}${seq}`,
      departmentId: dep.id,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
  const list = ownerSpecs.map((spec, i) => {
    const owner = t.db
      .insert(owners)
      .values({
        name: spec.name ?? `Beheerder ${++seq}`,
        departmentId: dep.id,
        phone: spec.phone === undefined ? '+32 470 00 00 00' : spec.phone,
        email: spec.email === undefined ? `owner${seq}@test.invalid` : spec.email,
        altContact: spec.altContact ?? null,
        active: spec.active ?? true,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    t.db
      .insert(channelOwners)
      .values({ channelId: ch.id, ownerId: owner.id, position: i + 1 })
      .run();
    return owner;
  });
  return { channel: ch, owners: list };
}

export const actorOf = (user: User): Actor => ({ userId: user.id, role: 'crisis_operator' });

/** A major crisis with the crisis cell involved, so Article 2 applies. */
export function openCrisis(
  t: TestContext,
  actor: Actor,
  extra: { isExercise?: boolean; cell?: boolean; title?: string } = {},
) {
  const result = declareCrisis(
    t.db,
    actor,
    {
      title: extra.title ?? 'Stormschade centrum',
      description: 'Bomen omgewaaid',
      startedAt: t.clock.now,
      impact: 'major',
      isExercise: extra.isExercise,
      crisisCell:
        extra.cell === false
          ? null
          : { lead: 'Burgemeester', convenedAt: t.clock.now, decisionRef: 'CC-2026-14' },
    },
    t.clock.now,
  );
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

/** An open crisis with one case for a new channel with the given owners. */
export async function caseWith(
  t: TestContext,
  ownerSpecs: OwnerSpec[] = [{}],
  crisisExtra: Parameters<typeof openCrisis>[2] = {},
) {
  const user = await t.user(['crisis_operator']);
  const actor = actorOf(user);
  const crisis = openCrisis(t, actor, crisisExtra);
  const { channel: ch, owners: list } = channel(t, ownerSpecs);
  const added = addChannelsToCrisis(
    t.db,
    actor,
    { crisisId: crisis.id, channelIds: [ch.id] },
    t.clock.now,
  );
  if (!added.ok) throw new Error(added.error);
  return { user, actor, crisis, channel: ch, owners: list, kase: added.value.added[0]! };
}
