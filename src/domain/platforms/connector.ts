// The one interface every platform connector implements. A connector speaks to one page or
// channel with one token; each call either answers or fails with a message key the operator
// reads in their language (src/i18n/messages/platforms.ts), never a platform's raw error.
import type { MessageKey } from '../../i18n';
import type { Result } from '../lib/result';

export const PLATFORM_PROBLEMS = [
  'platform.tokenExpired',
  'platform.permissionMissing',
  'platform.notFound',
  'platform.rateLimited',
  'platform.down',
  'platform.restoreTimePassed',
  'platform.roleMissing',
  'platform.refused',
  'platform.refreshRefused',
] as const satisfies readonly MessageKey[];
export type PlatformProblem = (typeof PLATFORM_PROBLEMS)[number];

/** A post or video as the platform holds it. `scheduledFor` is an ISO instant when scheduled. */
export type PlatformPost = {
  id: string;
  text: string;
  state: 'scheduled' | 'published';
  scheduledFor: string | null;
  /** Attached media as the platform names them (YouTube: the video id itself). */
  mediaIds: string[];
};

/**
 * Everything needed to put a held post back as it was: the post, and the platform's own fields
 * the hold changed (Facebook: is_hidden; YouTube: the whole status part).
 */
export type PostCopy = PlatformPost & { platformFields: Record<string, unknown> };

export type HeldPost = {
  copy: PostCopy;
  /** What the connector did on the platform. */
  action: 'rescheduled' | 'hidden' | 'made_private';
};

export type AccessReport = {
  /** The account the token acts as (Facebook system user id, YouTube channel id). */
  actingAs: string;
  /** When the token stops working, or null when it does not expire. */
  expiresAt: string | null;
  /** The problem found (a missing permission or role), or null when the access works. */
  problem: PlatformProblem | null;
};

export interface Connector {
  readonly platform: 'facebook_page' | 'youtube';
  checkAccess(): Promise<Result<AccessReport>>;
  /** The newest publication's time (ISO), or null when the channel never published. */
  lastPublishedAt(): Promise<Result<string | null>>;
  listScheduled(): Promise<Result<PlatformPost[]>>;
  /** Stores the post as it was, then holds it back (scheduled) or takes it offline (published). */
  holdPost(postId: string): Promise<Result<HeldPost>>;
  /** Puts the post back as the copy shows it. */
  restorePost(copy: PostCopy): Promise<Result<{ postId: string }>>;
}
