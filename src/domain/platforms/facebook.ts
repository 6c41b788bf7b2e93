// Facebook Pages through the Graph API, with a Page access token (a system user's, from the
// city's Business Manager). Reference pages, for the requests and answers used here:
// - GET /{page-id}/scheduled_posts, /{page-id}/published_posts:
//   https://developers.facebook.com/docs/graph-api/reference/page/scheduled_posts/
// - POST /{post-id} (scheduled_publish_time, is_hidden): https://developers.facebook.com/docs/pages-api/posts
//   "The publish date must be between 10 minutes and 30 days from the time of the API request."
// - GET /debug_token: https://developers.facebook.com/docs/graph-api/reference/debug_token
// - GET /{page-id}/assigned_users?business=: https://developers.facebook.com/docs/graph-api/reference/page/assigned_users/
// - error codes: https://developers.facebook.com/docs/graph-api/guides/error-handling
import { fail, ok, type Result } from '../lib/result';
import type { Connector, PlatformPost, PlatformProblem, PostCopy } from './connector';
import { exchange, type Answer, type HttpSettings } from './http';

export type FacebookTarget = {
  base: string;
  token: string;
  pageId: string;
  businessId: string | null;
};

export const FACEBOOK_SCOPES = ['pages_manage_posts', 'pages_read_engagement', 'pages_show_list'];
export const FACEBOOK_TASKS = ['MANAGE', 'CREATE_CONTENT'];
const DAY_MS = 86_400_000;
/** A hold moves the post as far ahead as the Graph API allows (30 days), less a day's margin. */
const HOLD_AHEAD_MS = 29 * DAY_MS;
const MIN_AHEAD_MS = 10 * 60_000;

type GraphError = { error?: { code?: number; error_subcode?: number } };
const RATE_LIMIT_CODES = [4, 17, 32, 613, 80001];

export function facebookProblem(a: Answer): PlatformProblem {
  if (a.status === 0 || a.status >= 500) return 'platform.down';
  const e = (a.body as GraphError | null)?.error;
  const code = e?.code ?? -1;
  if (code === 190 || a.status === 401) return 'platform.tokenExpired';
  if (RATE_LIMIT_CODES.includes(code) || a.status === 429) return 'platform.rateLimited';
  if (code === 10 || (code >= 200 && code < 300) || a.status === 403)
    return 'platform.permissionMissing';
  if ((code === 100 && e?.error_subcode === 33) || a.status === 404) return 'platform.notFound';
  if (code === 1 || code === 2) return 'platform.down';
  return 'platform.refused';
}

type GraphPost = {
  id: string;
  message?: string;
  scheduled_publish_time?: number;
  is_published?: boolean;
  is_hidden?: boolean;
};

const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);
// The Graph API writes "+0000"; Date.parse wants "+00:00" on every runtime.
const instant = (graph: string) =>
  new Date(Date.parse(graph.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'))).toISOString();

function toPost(p: GraphPost): PlatformPost {
  const scheduled = p.is_published === false && p.scheduled_publish_time !== undefined;
  return {
    id: p.id,
    text: p.message ?? '',
    state: scheduled ? 'scheduled' : 'published',
    scheduledFor: scheduled ? new Date(p.scheduled_publish_time! * 1000).toISOString() : null,
    mediaIds: [],
  };
}

export function facebookConnector(
  target: FacebookTarget,
  http: HttpSettings,
  now: () => Date,
): Connector {
  async function call<T>(
    method: 'GET' | 'POST',
    path: string,
    params: Record<string, string> = {},
  ): Promise<Result<T>> {
    const query = new URLSearchParams(params).toString();
    const url = `${target.base}${path}${method === 'GET' && query ? `?${query}` : ''}`;
    const answer = await exchange(
      url,
      {
        method,
        headers: {
          authorization: `Bearer ${target.token}`,
          ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(method === 'POST' ? { body: query } : {}),
      },
      http,
    );
    if (answer.status >= 200 && answer.status < 300 && !(answer.body as GraphError)?.error)
      return ok(answer.body as T);
    return fail(facebookProblem(answer), { status: 422 });
  }

  const page = `/${encodeURIComponent(target.pageId)}`;
  const POST_FIELDS = 'id,message,scheduled_publish_time,is_published,is_hidden';

  return {
    platform: 'facebook_page',

    async checkAccess() {
      type Debug = {
        data: { is_valid: boolean; expires_at?: number; scopes?: string[]; user_id?: string };
      };
      const debug = await call<Debug>('GET', '/debug_token', { input_token: target.token });
      if (!debug.ok) return debug;
      const d = debug.value.data;
      if (!d.is_valid) return fail('platform.tokenExpired', { status: 422 });
      const expiresAt = d.expires_at ? new Date(d.expires_at * 1000).toISOString() : null;
      const actingAs = d.user_id ?? '';
      if (!FACEBOOK_SCOPES.every((s) => d.scopes?.includes(s)))
        return ok({ actingAs, expiresAt, problem: 'platform.permissionMissing' as const });
      if (!target.businessId) return ok({ actingAs, expiresAt, problem: null });
      type Users = { data: { id: string; tasks?: string[] }[] };
      const users = await call<Users>('GET', `${page}/assigned_users`, {
        business: target.businessId,
        fields: 'id,name,tasks',
      });
      if (!users.ok) return users;
      const me = users.value.data.find((u) => u.id === actingAs);
      const hasTasks = FACEBOOK_TASKS.every((task) => me?.tasks?.includes(task));
      return ok({
        actingAs,
        expiresAt,
        problem: hasTasks ? null : ('platform.roleMissing' as const),
      });
    },

    async lastPublishedAt() {
      type Feed = { data: { created_time: string }[] };
      const feed = await call<Feed>('GET', `${page}/published_posts`, {
        fields: 'id,created_time',
        limit: '1',
      });
      if (!feed.ok) return feed;
      const newest = feed.value.data[0]?.created_time;
      return ok(newest ? instant(newest) : null);
    },

    async listScheduled() {
      type Feed = { data: GraphPost[] };
      const feed = await call<Feed>('GET', `${page}/scheduled_posts`, {
        fields: 'id,message,scheduled_publish_time',
      });
      if (!feed.ok) return feed;
      return ok(feed.value.data.map((p) => toPost({ ...p, is_published: false })));
    },

    async holdPost(postId) {
      const found = await call<GraphPost>('GET', `/${encodeURIComponent(postId)}`, {
        fields: POST_FIELDS,
      });
      if (!found.ok) return found;
      const post = toPost(found.value);
      const copy: PostCopy = { ...post, platformFields: { is_hidden: !!found.value.is_hidden } };
      const changed =
        post.state === 'scheduled'
          ? await call('POST', `/${encodeURIComponent(postId)}`, {
              scheduled_publish_time: String(unix(now().toISOString()) + HOLD_AHEAD_MS / 1000),
            })
          : await call('POST', `/${encodeURIComponent(postId)}`, { is_hidden: 'true' });
      if (!changed.ok) return changed;
      return ok({ copy, action: post.state === 'scheduled' ? 'rescheduled' : 'hidden' });
    },

    async restorePost(copy) {
      const path = `/${encodeURIComponent(copy.id)}`;
      if (copy.state === 'scheduled') {
        if (Date.parse(copy.scheduledFor!) < now().getTime() + MIN_AHEAD_MS)
          return fail('platform.restoreTimePassed', { status: 422 });
        const done = await call('POST', path, {
          scheduled_publish_time: String(unix(copy.scheduledFor!)),
        });
        return done.ok ? ok({ postId: copy.id }) : done;
      }
      const done = await call('POST', path, {
        is_hidden: String(copy.platformFields.is_hidden === true),
      });
      return done.ok ? ok({ postId: copy.id }) : done;
    },
  };
}
