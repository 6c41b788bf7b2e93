// Reads the forms of a rendered page the way a browser would submit them: each form's action and
// its hidden fields (version, ownerId, _csrf), so a test over HTTP needs no database access.
export type PageForm = { action: string; hidden: Record<string, string> };

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

export function formsOf(html: string): PageForm[] {
  return [...html.matchAll(/<form\b[^>]*\baction="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)].map(
    ([, action, body]) => ({
      action: decode(action!),
      hidden: Object.fromEntries(
        [...body!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map(
          ([, name, value]) => [name!, decode(value!)],
        ),
      ),
    }),
  );
}

/** The one form posting to a path ending in `suffix` (and matching `where`); fails if absent. */
export function formFor(
  html: string,
  suffix: string,
  where: (f: PageForm) => boolean = () => true,
): PageForm {
  const found = formsOf(html).filter((f) => f.action.endsWith(suffix) && where(f));
  if (found.length === 0) throw new Error(`no form posting to …${suffix} on the page`);
  return found[0]!;
}
