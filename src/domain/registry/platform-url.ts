// Where a channel lives on its platform, from the handle as the registry keeps it: a handle that
// is already an address ("facebook.com/museumkantenhuis") is used as it is, an "@name" is put
// on the platform's own address. No address for "other" platforms with a bare name.
import type { Platform } from '../../../db/schema';

const PROFILE: Partial<Record<Platform, (name: string) => string>> = {
  facebook_page: (n) => `https://www.facebook.com/${n}`,
  facebook_group: (n) => `https://www.facebook.com/groups/${n}`,
  instagram: (n) => `https://www.instagram.com/${n}`,
  x: (n) => `https://x.com/${n}`,
  linkedin: (n) => `https://www.linkedin.com/company/${n}`,
  youtube: (n) => `https://www.youtube.com/@${n}`,
  tiktok: (n) => `https://www.tiktok.com/@${n}`,
};

export function platformUrl(platform: Platform, handle: string): string | null {
  const h = handle.trim();
  if (/^https?:\/\//i.test(h)) return h;
  if (/^[\w-]+(\.[\w-]+)+\//.test(h)) return `https://${h}`;
  const name = h.replace(/^@/, '');
  if (!/^[\w.-]+$/.test(name)) return null;
  return PROFILE[platform]?.(encodeURIComponent(name)) ?? null;
}
