// Article 1 of the framework, one rule per function: "Facebook pages on which nothing was
// published for 1 month or more are removed. For other social media channels that is 3 months,
// unless the channel stays online for a campaign or initiative and shows lasting relevant
// information." Dates are calendar dates ("YYYY-MM-DD") in Brussels.
import type { Channel, Platform } from '../../../db/schema';

/** Article 1: 1 month of silence for a Facebook page, 3 months for every other channel. */
export function silenceLimitMonths(platform: Platform): number {
  return platform === 'facebook_page' ? 1 : 3;
}

/** Article 1: the campaign exception is written for "other social media channels" only. */
export function campaignExemptionAllowed(platform: Platform): boolean {
  return platform !== 'facebook_page';
}

/** Article 1: a campaign exemption protects a channel through its end date, not after. */
export function campaignExemptionApplies(
  c: Pick<Channel, 'platform' | 'exemptionReason' | 'exemptionUntil'>,
  today: string,
): boolean {
  return (
    campaignExemptionAllowed(c.platform) &&
    !!c.exemptionReason &&
    !!c.exemptionUntil &&
    c.exemptionUntil >= today
  );
}

/** `date` plus `months` calendar months; the 31st becomes the last day of a shorter month. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10);
}

const dayAfter = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * Article 1: the date from which the channel is "to be removed", or null while it may stay.
 * A channel whose exemption ran out crossed the line the day after the exemption ended (or when
 * its silence reached the limit, whichever is later).
 */
export function dormantSince(
  c: Pick<Channel, 'platform' | 'lastPublishedAt' | 'exemptionReason' | 'exemptionUntil'>,
  today: string,
): string | null {
  if (!c.lastPublishedAt) return null;
  const limit = addMonths(c.lastPublishedAt, silenceLimitMonths(c.platform));
  if (limit > today || campaignExemptionApplies(c, today)) return null;
  const expired =
    campaignExemptionAllowed(c.platform) && c.exemptionReason && c.exemptionUntil
      ? dayAfter(c.exemptionUntil)
      : null;
  return expired && expired > limit ? expired : limit;
}
