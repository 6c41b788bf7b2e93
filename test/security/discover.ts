// Finds every POST form the console renders: each page route the app registers, with every id the
// seeded world has for it, opened by every viewer who may see it. New pages and forms are picked
// up without touching the suites that use this.
import type { Viewer } from '../fixtures/scenario';
import { pathsFor } from '../fixtures/scenario';
import { postForms, type PageForm } from './forms';
import type { Clone } from './world';

export type Found = { form: PageForm; viewer: Viewer | 'otherOwner'; page: string };

const VIEWERS = ['communicatie', 'crisis_operator', 'owner', 'otherOwner', 'anonymous'] as const;

/** The concrete page paths (GET, HTML) of the app, from its route list. */
export function pagePaths(w: Clone): string[] {
  const patterns = new Set(
    w.app.routes
      .filter((r) => r.method === 'GET' && !r.path.startsWith('/api/') && !r.path.includes('*'))
      .map((r) => r.path),
  );
  return [...patterns].flatMap((p) => pathsFor(w.world, p));
}

/** Every distinct form (by action shape and field names), with a viewer and page that show it. */
export async function discoverForms(w: Clone): Promise<Found[]> {
  const found = new Map<string, Found>();
  for (const page of pagePaths(w)) {
    for (const viewer of VIEWERS) {
      const res = await w.as[viewer].get(page);
      if (res.status !== 200 || !(res.headers.get('Content-Type') ?? '').startsWith('text/html'))
        continue;
      for (const form of postForms(res.text_, page))
        if (!found.has(form.key)) found.set(form.key, { form, viewer, page });
    }
  }
  return [...found.values()];
}
