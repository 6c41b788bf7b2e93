// YouTube through the Data API v3, with an OAuth access token of scope youtube.force-ssl.
// A scheduled video is a private one with `status.publishAt`; holding it clears publishAt (it
// stays private), holding a published one makes it private; restoring writes the stored status
// part back. Reference pages, for the requests and answers used here:
// - channels.list (mine=true, contentDetails.relatedPlaylists.uploads):
//   https://developers.google.com/youtube/v3/docs/channels/list
// - playlistItems.list: https://developers.google.com/youtube/v3/docs/playlistItems/list
// - videos.list / videos.update (part=status, publishAt only while private):
//   https://developers.google.com/youtube/v3/docs/videos/update
// - errors: https://developers.google.com/youtube/v3/docs/errors
// Google's access tokens last an hour: the token comes from a TokenSource, and a 401 asks it for
// a fresh one (refreshed with the connection's refresh token) before the request is tried again.
import { fail, ok, type Result } from '../lib/result';
import type { Connector, PlatformPost, PlatformProblem, PostCopy } from './connector';
import type { TokenSource } from './google-oauth';
import { exchange, type Answer, type HttpSettings } from './http';

export type YoutubeTarget = { base: string; tokens: TokenSource; channelId: string };

type Status = { privacyStatus: string; publishAt?: string } & Record<string, unknown>;
type Video = { id: string; snippet?: { title?: string; description?: string }; status: Status };
type ApiError = { error?: { errors?: { reason?: string }[] } };

const RATE_REASONS = ['quotaExceeded', 'rateLimitExceeded', 'userRateLimitExceeded'];

export function youtubeProblem(a: Answer): PlatformProblem {
  if (a.status === 0 || a.status >= 500) return 'platform.down';
  const reason = (a.body as ApiError | null)?.error?.errors?.[0]?.reason ?? '';
  if (a.status === 401) return 'platform.tokenExpired';
  if (a.status === 429 || RATE_REASONS.includes(reason)) return 'platform.rateLimited';
  if (a.status === 403) return 'platform.permissionMissing';
  if (a.status === 404) return 'platform.notFound';
  return 'platform.refused';
}

function toPost(v: Video): PlatformPost {
  const scheduled = v.status.privacyStatus === 'private' && !!v.status.publishAt;
  return {
    id: v.id,
    text: [v.snippet?.title, v.snippet?.description].filter(Boolean).join('\n\n'),
    state: scheduled ? 'scheduled' : 'published',
    scheduledFor: scheduled ? new Date(v.status.publishAt!).toISOString() : null,
    mediaIds: [v.id],
  };
}

export function youtubeConnector(
  target: YoutubeTarget,
  http: HttpSettings,
  now: () => Date,
): Connector {
  async function call<T>(
    method: 'GET' | 'PUT',
    path: string,
    params: Record<string, string>,
    body?: unknown,
  ): Promise<Result<T>> {
    const send = (token: string) =>
      exchange(
        `${target.base}${path}?${new URLSearchParams(params).toString()}`,
        {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body ? { 'content-type': 'application/json' } : {}),
          },
          ...(body ? { body: JSON.stringify(body) } : {}),
        },
        http,
      );
    const token = await target.tokens.current();
    if (!token.ok) return token;
    let answer = await send(token.value);
    if (answer.status === 401) {
      const renewed = await target.tokens.renew();
      if (!renewed.ok) return renewed;
      answer = await send(renewed.value);
    }
    if (answer.status >= 200 && answer.status < 300) return ok(answer.body as T);
    return fail(youtubeProblem(answer), { status: 422 });
  }

  type Channels = {
    items?: { id: string; contentDetails?: { relatedPlaylists?: { uploads?: string } } }[];
  };
  const mine = () =>
    call<Channels>('GET', '/channels', { part: 'id,contentDetails', mine: 'true' });

  type Items = {
    items: { contentDetails: { videoId: string; videoPublishedAt?: string }; status?: Status }[];
  };
  async function uploads(): Promise<Result<Items['items']>> {
    const channels = await mine();
    if (!channels.ok) return channels;
    const playlistId = channels.value.items?.find((c) => c.id === target.channelId)?.contentDetails
      ?.relatedPlaylists?.uploads;
    if (!playlistId) return fail('platform.roleMissing', { status: 422 });
    const items = await call<Items>('GET', '/playlistItems', {
      part: 'contentDetails,status',
      playlistId,
      maxResults: '50',
    });
    return items.ok ? ok(items.value.items) : items;
  }

  const videos = (ids: string[]) =>
    call<{ items: Video[] }>('GET', '/videos', { part: 'snippet,status', id: ids.join(',') });

  const writeStatus = (id: string, status: Status) =>
    call('PUT', '/videos', { part: 'status' }, { id, status });

  return {
    platform: 'youtube',

    async checkAccess() {
      const channels = await mine();
      if (!channels.ok) return channels;
      const ids = (channels.value.items ?? []).map((c) => c.id);
      const actingAs = ids[0] ?? '';
      return ok({
        actingAs,
        expiresAt: null,
        problem: ids.includes(target.channelId) ? null : ('platform.roleMissing' as const),
      });
    },

    async lastPublishedAt() {
      const items = await uploads();
      if (!items.ok) return items;
      const times = items.value
        .filter((i) => i.status?.privacyStatus === 'public' && i.contentDetails.videoPublishedAt)
        .map((i) => new Date(i.contentDetails.videoPublishedAt!).toISOString())
        .sort();
      return ok(times.at(-1) ?? null);
    },

    async listScheduled() {
      const items = await uploads();
      if (!items.ok) return items;
      if (!items.value.length) return ok([]);
      const found = await videos(items.value.map((i) => i.contentDetails.videoId));
      if (!found.ok) return found;
      return ok(found.value.items.map(toPost).filter((p) => p.state === 'scheduled'));
    },

    async holdPost(postId) {
      const found = await videos([postId]);
      if (!found.ok) return found;
      const video = found.value.items[0];
      if (!video) return fail('platform.notFound', { status: 422 });
      const copy: PostCopy = { ...toPost(video), platformFields: { status: video.status } };
      const { publishAt: _cleared, ...rest } = video.status;
      const changed = await writeStatus(postId, { ...rest, privacyStatus: 'private' });
      if (!changed.ok) return changed;
      return ok({ copy, action: 'made_private' as const });
    },

    async restorePost(copy) {
      const status = copy.platformFields.status as Status;
      if (status.publishAt && Date.parse(status.publishAt) <= now().getTime())
        return fail('platform.restoreTimePassed', { status: 422 });
      const done = await writeStatus(copy.id, status);
      return done.ok ? ok({ postId: copy.id }) : done;
    },
  };
}
