// The access matrix: every route the app registers, read from `app.routes` so a new one cannot
// be forgotten, requested for real (ids from the seeded world) as anonymous, owner,
// crisis_operator and communicatie, and compared with the ONE table below. The same walk checks
// CSRF on every state-changing route and the security headers on every response.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../db/schema';
import { pathsFor, type Viewer } from '../fixtures/scenario';
import type { Browser, Res } from '../helpers';
import { cloneWorld, expectNothingWritten, type Clone } from './world';

const C: Role = 'communicatie';
const O: Role = 'crisis_operator';
const W: Role = 'owner';
type Who = 'public' | 'signed-in' | Role[];

// Who may use each route. A route the app registers that is missing here fails the test.
const EXPECTED: Record<string, Who> = {
  'GET /healthz': 'public',
  'GET /static/*': 'public',
  'GET /sign-in': 'public',
  'POST /sign-in': 'public',
  'POST /language': 'public',
  'POST /sign-out': 'signed-in',
  'GET /': 'signed-in',
  // users and API tokens (Communicatie)
  'GET /users': [C],
  'GET /users/new': [C],
  'POST /users': [C],
  'GET /users/:id': [C],
  'POST /users/:id': [C],
  'GET /api-tokens': [C],
  'POST /api-tokens': [C],
  'POST /api-tokens/:id/revoke': [C],
  // registry: reading for the crisis cell too, changing for Communicatie
  'GET /channels': [C, O],
  'GET /channels/:id': [C, O],
  'GET /channels/new': [C],
  'POST /channels': [C],
  'GET /channels/:id/edit': [C],
  'POST /channels/:id': [C],
  'POST /channels/:id/archive': [C],
  'GET /channels/:id/owners': [C],
  'POST /channels/:id/owners': [C],
  'GET /channels/:id/access': [C],
  'POST /channels/:id/access/admin': [C],
  'POST /channels/:id/access/verify': [C],
  'POST /channels/:id/credentials': [C],
  'POST /channels/:id/credentials/verify': [C],
  'GET /channels/:id/reveal': [C, O],
  'POST /channels/:id/reveal': [C, O],
  'GET /owners': [C],
  'GET /owners/new': [C],
  'POST /owners': [C],
  'GET /owners/:id': [C],
  'POST /owners/:id': [C],
  'GET /departments': [C],
  'POST /departments': [C],
  'POST /departments/:id': [C],
  'GET /readiness': [C],
  'GET /registry/export.csv': [C],
  'GET /registry/import': [C],
  'POST /registry/import': [C],
  // crises and takeovers (Article 2)
  'GET /crises': [O, C],
  'GET /crises/new': [O, C],
  'POST /crises': [O, C],
  'GET /crises/:id': [O, C],
  'GET /crises/:id/board': [O, C],
  'POST /crises/:id/cell': [O, C],
  'POST /crises/:id/join': [O, C],
  'GET /crises/:id/channels': [O, C],
  'POST /crises/:id/channels': [O, C],
  'GET /crises/:id/timeline': [O, C],
  'GET /crises/:id/close': [O, C],
  'POST /crises/:id/close': [O, C],
  'GET /crises/:id/cases/:caseId': [O, C],
  'POST /crises/:id/cases/:caseId/attempts': [O, C],
  'POST /crises/:id/cases/:caseId/acute': [O, C],
  'POST /crises/:id/cases/:caseId/conflicting': [O, C],
  'POST /crises/:id/cases/:caseId/unreachable': [O, C],
  'POST /crises/:id/cases/:caseId/actions': [O, C],
  'POST /crises/:id/cases/:caseId/holds': [O, C],
  'POST /crises/:id/cases/:caseId/hand-back': [O, C],
  'POST /crises/:id/holds/:holdId/release': [O, C],
  // issue 10: sweep, escalation head, rotation after reveal, access drills, exercise participants and report
  'GET /crises/:id/sweep': [O, C],
  'POST /crises/:id/sweep/city': [O, C],
  'POST /crises/:id/sweep/:itemId': [O, C],
  // issue 21: the platforms' APIs
  'POST /crises/:id/sweep/api/:itemId/record': [O, C],
  'POST /crises/:id/sweep/api/:itemId/hold': [O, C],
  'POST /crises/:id/sweep/api/holds/:holdId/restore': [O, C],
  'GET /channels/:id/platform': [C],
  'POST /channels/:id/platform': [C],
  'POST /channels/:id/platform/check': [C],
  'POST /channels/:id/platform/last-published': [C],
  'POST /departments/:id/head': [C],
  'POST /mine/channels/:id/rotated': [W],
  'POST /channels/:id/credentials/rotated': [C],
  'GET /drills/departments/:id': [C],
  'POST /drills/departments/:id': [C],
  'GET /drills/channels/:id': [C],
  'POST /drills/channels/:id': [C],
  'GET /exercises/:id/participants': [O, C],
  'POST /exercises/:id/participants': [O, C],
  'GET /reports/exercises/:id': [C],
  // owners, outbox
  'GET /mine': [W],
  'POST /mine/notifications/:id/acknowledge': [W],
  'POST /mine/notifications/acknowledge': [W],
  'POST /mine/cases/:id/reply': [W],
  'GET /outbox': [C, O],
  // audit and reports (Communicatie)
  'GET /audit': [C],
  'POST /audit/verify': [C],
  'POST /audit/export.csv': [C],
  'POST /audit/export.json': [C],
  'GET /audit/checkpoints': [C],
  'GET /checkpoint-key.pub': 'public',
  'GET /reports': [C],
  'GET /reports/crises/:id': [C],
  // the JSON API: bearer tokens, the same rules
  'GET /api/v1/openapi.json': 'public',
  'GET /api/v1/crises': [O, C],
  'POST /api/v1/crises': [O, C],
  'GET /api/v1/crises/:id': [O, C],
  'POST /api/v1/crises/:id/cell': [O, C],
  'GET /api/v1/crises/:id/channels': [O, C],
  'POST /api/v1/crises/:id/channels': [O, C],
  'GET /api/v1/crises/:id/cases/:caseId': [O, C],
  'GET /api/v1/crises/:id/participants': [O, C],
  'POST /api/v1/crises/:id/participants': [O, C],
  'POST /api/v1/crises/:id/cases/:caseId/attempts': [O, C],
  'POST /api/v1/crises/:id/cases/:caseId/acute': [O, C],
  'POST /api/v1/crises/:id/cases/:caseId/conflicting': [O, C],
  'POST /api/v1/crises/:id/cases/:caseId/unreachable': [O, C],
  'POST /api/v1/crises/:id/cases/:caseId/actions': [O, C],
  'POST /api/v1/crises/:id/cases/:caseId/holds': [O, C],
  'POST /api/v1/crises/:id/cases/:caseId/hand-back': [O, C],
  'POST /api/v1/crises/:id/holds/:holdId/release': [O, C],
};

const VIEWERS: Viewer[] = ['anonymous', 'owner', 'crisis_operator', 'communicatie'];
type Outcome = 'allow' | 'sign-in' | '401' | '403';

type Route = { method: string; pattern: string; key: string; api: boolean };

/** The app's endpoints, once each, with Hono's regex constraints dropped from the key. */
export function routesOf(app: Clone['app']): Route[] {
  const seen = new Map<string, Route>();
  for (const r of app.routes) {
    if (r.method === 'ALL') continue;
    const key = `${r.method} ${r.path.replace(/\{[^}]*\}/g, '')}`;
    seen.set(key, { method: r.method, pattern: r.path, key, api: r.path.startsWith('/api/') });
  }
  return [...seen.values()];
}

function expected(route: Route, viewer: Viewer): Outcome {
  const who = EXPECTED[route.key]!;
  if (who === 'public') return 'allow';
  if (viewer === 'anonymous') return route.api ? '401' : 'sign-in';
  if (who === 'signed-in' || who.includes(viewer)) return 'allow';
  return '403';
}

function observed(res: Res): Outcome | 'not found' | `other ${number}` {
  const location = res.headers.get('Location') ?? '';
  if (res.status === 401) return '401';
  if (res.status === 403) return '403';
  // The guard's redirect names the page to come back to; signing out also lands on /sign-in.
  if (res.status >= 300 && res.status < 400 && location.startsWith('/sign-in?next='))
    return 'sign-in';
  // Served: a page, a redirect elsewhere or the form's own answer; never a fault.
  if (res.status < 400 || res.status === 409 || res.status === 422) return 'allow';
  if (res.status === 404) return 'not found';
  return `other ${res.status}`;
}

function checkHeaders(res: Res, what: string) {
  const csp = res.headers.get('Content-Security-Policy') ?? '';
  const scriptSrc = /(?:^|;)\s*script-src ([^;]*)/.exec(csp)?.[1];
  expect(scriptSrc, `${what}: CSP script-src`).toBe("'self'");
  expect(csp, `${what}: CSP`).not.toMatch(/unsafe-inline|unsafe-eval/);
  expect(csp, `${what}: CSP`).toContain("frame-ancestors 'none'");
  expect(res.headers.get('X-Frame-Options'), `${what}: X-Frame-Options`).toBe('DENY');
  expect(res.headers.get('X-Content-Type-Options'), `${what}: nosniff`).toBe('nosniff');
  if ((res.headers.get('Content-Type') ?? '').startsWith('text/html')) {
    expect(res.headers.get('Cache-Control'), `${what}: Cache-Control`).toMatch(/^no-store/);
  }
}

/** One request as `viewer`: pages with the browser's session, the API with the role's token only. */
async function send(
  w: Clone,
  route: Route,
  path: string,
  viewer: Viewer,
  csrf: 'valid' | 'none' | 'forged' | 'cross-site' = 'valid',
): Promise<Res> {
  const b: Browser = w.as[viewer];
  if (route.api) {
    const headers: Record<string, string> =
      viewer === 'anonymous' ? {} : { Authorization: `Bearer ${w.world.tokens[viewer]}` };
    if (route.method === 'GET') return b.request(path, { headers: { ...headers, Cookie: '' } });
    return w.as.anonymous.request(path, {
      method: 'POST',
      body: '{}',
      headers: { ...headers, 'Content-Type': 'application/json' },
    });
  }
  if (route.method === 'GET') return b.get(path);
  const token = csrf === 'forged' ? 'forged-forged-forged-forged-forged-forged-x' : b.csrf;
  const body = new URLSearchParams(csrf === 'none' ? {} : { _csrf: token });
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  if (csrf === 'cross-site') headers['Sec-Fetch-Site'] = 'cross-site';
  return b.request(path, { method: 'POST', body, headers });
}

// Hundreds of requests each: generous on a loaded two-core machine.
const HEAVY = 120_000;

describe('the access matrix', () => {
  let w: Clone;
  let routes: Route[];
  beforeAll(async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {}); // the API's "api call" lines
    vi.spyOn(console, 'error').mockImplementation(() => {}); // a "refused" line per refusal
    w = await cloneWorld();
    routes = routesOf(w.app);
  });

  it('has an expectation for every route the app registers, and no stale ones', () => {
    const keys = routes.map((r) => r.key);
    expect(
      keys.filter((k) => !(k in EXPECTED)),
      'routes missing from the expectation table',
    ).toEqual([]);
    expect(
      Object.keys(EXPECTED).filter((k) => !keys.includes(k)),
      'expectations for routes that no longer exist',
    ).toEqual([]);
  });

  it(
    "refuses a state-changing request without the session's CSRF token, for every route and viewer, writing nothing",
    async () => {
      for (const route of routes.filter((r) => r.method !== 'GET')) {
        const path = pathsFor(w.world, route.pattern, true)[0]!;
        await expectNothingWritten(w.sqlite, route.key, async () => {
          // Every viewer without a token; the one the route is for also with a forged token and
          // from another site (with the right token).
          const entitled = VIEWERS.find((v) => expected(route, v) === 'allow');
          for (const viewer of VIEWERS) {
            const attempts = route.api
              ? (['none'] as const)
              : viewer === entitled
                ? (['none', 'forged', 'cross-site'] as const)
                : (['none'] as const);
            for (const csrf of attempts) {
              // The API ignores cookies altogether: a browser session without a bearer token is anonymous.
              const res = route.api
                ? await w.as[viewer].request(path, {
                    method: 'POST',
                    body: '{}',
                    headers: { 'Content-Type': 'application/json' },
                  })
                : await send(w, route, path, viewer, csrf);
              checkHeaders(res, `${route.key} as ${viewer}`);
              expect(res.status, `${route.key} as ${viewer}, CSRF ${csrf}`).toBe(
                route.api ? 401 : 403,
              );
            }
          }
        });
      }
      // Each signed-in refusal is on the record, once per user, route and minute.
      const recorded = w.sqlite
        .prepare(
          "SELECT actor_user_id AS user, json_extract(details, '$.route') AS route, count(*) AS n FROM audit_events WHERE action = 'access.refused' GROUP BY 1, 2",
        )
        .all() as { user: number; route: string; n: number }[];
      const pageWrites = routes.filter((r) => r.method !== 'GET' && !r.api).length;
      expect(recorded.filter((r) => r.n > 1)).toEqual([]);
      expect(recorded.length).toBeGreaterThanOrEqual(pageWrites * 3);
    },
    HEAVY,
  );

  it(
    'gives every viewer exactly what the table says, with the security headers on every response',
    async () => {
      const mismatches: string[] = [];
      // Each route is tried with every id the world has for it (a contacting and an active case, a
      // channel with login details and one with admin access): where the route is allowed, one of
      // them must be served and the others may only be "not found" (verifying admin access on a
      // channel that has none); where it is refused, every one is refused.
      const check = async (route: Route, viewer: Viewer) => {
        const want = expected(route, viewer);
        const got: string[] = [];
        for (const path of pathsFor(w.world, route.pattern)) {
          const res = await send(w, route, path, viewer);
          checkHeaders(res, `${route.key} as ${viewer}`);
          got.push(observed(res));
        }
        const fine =
          want === 'allow'
            ? got.includes('allow') && got.every((g) => g === 'allow' || g === 'not found')
            : got.every((g) => g === want);
        if (!fine)
          mismatches.push(`${route.key} as ${viewer}: expected ${want}, got ${got.join(', ')}`);
      };
      // Reads first, then writes; signing out last, since it ends the session.
      const order = [...routes].sort((a, b) => rank(a) - rank(b));
      for (const route of order) for (const viewer of VIEWERS) await check(route, viewer);
      expect(mismatches).toEqual([]);
    },
    HEAVY,
  );
});

describe('owners among themselves', () => {
  it(
    "refuses an owner another owner's channel, case and notification, and shows none of them",
    async () => {
      const w = await cloneWorld();
      const { world } = w;
      const sofie = w.as.owner;
      const mine = await sofie.get('/mine');
      expect(mine.status).toBe(200);
      expect(mine.text_).toContain(world.channels.login.name);
      expect(mine.text_).not.toContain(world.channels.other.name);
      expect(mine.text_).not.toContain(`/mine/notifications/${world.otherNotificationId}/`);
      expect(mine.text_).not.toContain(`/mine/cases/${world.otherCaseId}/`);

      await expectNothingWritten(w.sqlite, "another owner's things", async () => {
        expect(
          (await sofie.post(`/mine/notifications/${world.otherNotificationId}/acknowledge`)).status,
        ).toBe(404);
        expect(
          (
            await sofie.post(`/mine/cases/${world.otherCaseId}/reply`, {
              note: 'Dit is niet mijn kanaal',
            })
          ).status,
        ).toBe(404);
        expect((await sofie.get(`/channels/${world.channels.other.id}`)).status).toBe(403);
        expect(
          (await sofie.get(`/crises/${world.crisisId}/cases/${world.otherCaseId}`)).status,
        ).toBe(403);
        const api = await sofie.request(
          `/api/v1/crises/${world.crisisId}/cases/${world.otherCaseId}`,
          {
            headers: { Authorization: `Bearer ${world.tokens.owner}`, Cookie: '' },
          },
        );
        expect(api.status).toBe(403);
      });
      // The other owner can do exactly that with his own.
      expect(
        (await w.as.otherOwner.post(`/mine/notifications/${world.otherNotificationId}/acknowledge`))
          .status,
      ).toBe(303);
    },
    HEAVY,
  );
});

const rank = (r: Route) => (r.key === 'POST /sign-out' ? 2 : r.method === 'GET' ? 0 : 1);
