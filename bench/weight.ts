// What a browser downloads for one page, gzipped as it crosses the wire: the HTML, every script
// and stylesheet it links, and whatever else (fonts, images) it would pull in.
import { get } from './server';

export type PageWeight = {
  htmlBytes: number;
  jsBytes: number;
  cssBytes: number;
  /** Per file: gzipped bytes on the wire and bytes after unpacking. */
  files: { path: string; wire: number; raw: number }[];
  /** Images, fonts and other requests the page or its CSS would make. */
  other: string[];
};

export async function pageWeight(
  origin: string,
  path: string,
  cookie: string,
): Promise<PageWeight> {
  const page = await get(origin, path, { Cookie: cookie });
  if (page.status !== 200) throw new Error(`${path} answered ${page.status}`);
  const scripts = [...page.body.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]!);
  const styles = [...page.body.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map(
    (m) => m[1]!,
  );
  const other = [
    ...page.body.matchAll(/<(?:img|source|video|audio|iframe)[^>]*\ssrc="([^"]+)"/g),
  ].map((m) => m[1]!);
  const files = [{ path, wire: page.wireBytes, raw: Buffer.byteLength(page.body) }];
  const fetchAll = async (list: string[]) => {
    let total = 0;
    for (const src of list) {
      const f = await get(origin, src, { Cookie: cookie, Accept: '*/*' });
      if (f.status !== 200) throw new Error(`${src} answered ${f.status}`);
      files.push({ path: src, wire: f.wireBytes, raw: Buffer.byteLength(f.body) });
      // Fonts and images a stylesheet would load come on top of the page.
      other.push(
        ...[...f.body.matchAll(/url\(\s*['"]?([^'")]+)/g)]
          .map((m) => m[1]!)
          .filter((u) => !u.startsWith('data:')),
      );
      total += f.wireBytes;
    }
    return total;
  };
  const jsBytes = await fetchAll(scripts);
  const cssBytes = await fetchAll(styles);
  return { htmlBytes: page.wireBytes, jsBytes, cssBytes, files, other };
}
