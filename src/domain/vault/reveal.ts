// Break-glass reveal of a channel's login details. Every reveal has a reason, is audited (who,
// which channel, which crisis, why; never the secret), marks the details for rotation and tells
// the channel's owners, all in one transaction. The password may instead be copied without being
// shown (`credentials.copied`, gated the same way); a shown reveal carries the account's current
// two-step verification codes when its TOTP secret is in the vault.
import { and, desc, eq, exists, or, sql } from 'drizzle-orm';
import {
  credentials,
  crises,
  crisisOperators,
  takeoverCases,
  type Crisis,
  type Role,
} from '../../../db/schema';
import { article2Applies } from '../crisis/article2';
import { recordEvent, type Actor } from '../audit/trail';
import { openRow, type LoginDetails } from './credentials';
import { getChannel } from '../registry/channels';
import { transaction, type Db } from '../lib/db';
import { queueOwnerNotifications } from '../notify/notices';
import { fail, ok, type Result } from '../lib/result';
import { platformCodes, type PlatformCodes } from './platform-codes';
import type { VaultKeys } from './vault';

export const MIN_REASON_LENGTH = 10;

/** Whether Communicatie holds login details for the channel (a case page links to the reveal). */
export const holdsLoginDetails = (db: Db, channelId: number): boolean =>
  !!db
    .select({ id: credentials.channelId })
    .from(credentials)
    .where(eq(credentials.channelId, channelId))
    .get();

export type RevealRequest = { channelId: number; crisisId: number | null; reason: string };
export type Revealer = { actor: Actor; roles: Role[]; name: string };
/** An exercise never shows plaintext: only that the details exist and decrypt. */
export type Revealed =
  | { kind: 'plain'; details: LoginDetails; crisis: Crisis | null; codes: PlatformCodes | null }
  | { kind: 'masked'; hasTwoFactor: boolean; crisis: Crisis };

/** Crises in which a reveal may be asked for: open, and Article 2 applies to them. */
/**
 * The crises a reveal on this channel can name: open ones Article 2 applies to, that this user
 * joined or that affect the channel (it has a takeover case in them), newest first.
 */
export const revealCrises = (db: Db, who: { userId: number; channelId: number }): Crisis[] =>
  db
    .select()
    .from(crises)
    .where(
      and(
        eq(crises.status, 'open'),
        or(
          exists(
            db
              .select({ one: sql`1` })
              .from(crisisOperators)
              .where(
                and(
                  eq(crisisOperators.crisisId, crises.id),
                  eq(crisisOperators.userId, who.userId),
                ),
              ),
          ),
          exists(
            db
              .select({ one: sql`1` })
              .from(takeoverCases)
              .where(
                and(
                  eq(takeoverCases.crisisId, crises.id),
                  eq(takeoverCases.channelId, who.channelId),
                ),
              ),
          ),
        ),
      ),
    )
    .orderBy(desc(crises.startedAt), desc(crises.id))
    .all()
    .filter((c) => article2Applies(c).open);

/**
 * Article 2: Communicatie holds login details so it can use the channel in a crisis. A reveal is
 * allowed to a crisis operator or Communicatie during a crisis to which Article 2 applies;
 * outside such a crisis only to Communicatie, to verify the details.
 */
export function mayReveal(roles: Role[], crisis: Crisis | null): Result<'crisis' | 'verification'> {
  if (!roles.includes('communicatie') && !roles.includes('crisis_operator')) {
    return fail('reveal.forbidden', { status: 403 });
  }
  if (crisis) {
    const gate = article2Applies(crisis);
    return gate.open ? ok('crisis') : fail(gate.reason, { field: 'crisisId' });
  }
  return roles.includes('communicatie')
    ? ok('verification')
    : fail('reveal.crisisRequired', { field: 'crisisId' });
}

export function revealCredentials(
  db: Db,
  who: Revealer,
  req: RevealRequest,
  vault: VaultKeys | null,
  now: Date,
  how: 'shown' | 'copied' = 'shown',
): Result<Revealed> {
  const reason = req.reason.trim();
  return transaction(db, (tx) => {
    const crisis = req.crisisId
      ? tx.select().from(crises).where(eq(crises.id, req.crisisId)).get()
      : null;
    if (req.crisisId && !crisis) return fail('reveal.crisisUnknown', { field: 'crisisId' });
    const allowed = mayReveal(who.roles, crisis ?? null);
    if (!allowed.ok) return allowed;
    if (reason.length < MIN_REASON_LENGTH)
      return fail('reveal.reasonRequired', { field: 'reason', params: { min: MIN_REASON_LENGTH } });
    const channel = getChannel(tx, req.channelId);
    const row = tx.select().from(credentials).where(eq(credentials.channelId, req.channelId)).get();
    if (!channel || !row) return fail('credentials.noneStored', { status: 404 });
    const opened = openRow(vault, row);
    if (!opened.ok) return opened;
    const exercise = !!crisis?.isExercise;
    if (exercise && how === 'copied') return fail('copy.exercise');
    const totpSecret = how === 'shown' && !exercise ? opened.value.totpSecret : undefined;
    // A masked reveal showed nothing, so there is nothing to rotate.
    if (!exercise) {
      tx.update(credentials)
        .set({ lastRevealedAt: now.toISOString(), mustRotate: true, version: row.version + 1 })
        .where(eq(credentials.channelId, row.channelId))
        .run();
    }
    const actor: Actor =
      allowed.value === 'verification' ? { ...who.actor, role: 'communicatie' } : who.actor;
    recordEvent(tx, {
      at: now,
      actor,
      action: how === 'copied' ? 'credentials.copied' : 'credentials.revealed',
      channelId: channel.id,
      crisisId: crisis?.id ?? null,
      departmentId: channel.departmentId,
      details: {
        purpose: allowed.value,
        reason,
        who: who.name,
        masked: exercise,
        ...(totpSecret ? { codes: true } : {}),
      },
    });
    queueOwnerNotifications(
      tx,
      {
        event: 'credentials_revealed',
        channelId: channel.id,
        crisisId: crisis?.id ?? null,
        facts: { who: who.name, reason },
        isExercise: exercise,
      },
      now,
    );
    return ok(
      exercise && crisis
        ? { kind: 'masked', hasTwoFactor: !!opened.value.twoFactor, crisis }
        : {
            kind: 'plain',
            details: opened.value,
            crisis: crisis ?? null,
            codes: totpSecret ? platformCodes(totpSecret, now) : null,
          },
    );
  });
}
