// Which platforms the console reaches through their API, and the settings every connector
// shares. The other platforms stay manual: no API lists their natively scheduled posts, or none
// takes a post back offline, so the operator works in the platform's own app.
import type { Platform } from '../../../db/schema';
import type { Connector } from './connector';
import { facebookConnector } from './facebook';
import { fixedToken, type TokenSource } from './google-oauth';
import type { HttpSettings } from './http';
import { youtubeConnector } from './youtube';

export type PlatformSettings = HttpSettings & {
  /** The Graph API with its version, https://graph.facebook.com/v21.0 (GRAPH_API_BASE). */
  graphApiBase: string;
  /** https://www.googleapis.com/youtube/v3 (YOUTUBE_API_BASE). */
  youtubeApiBase: string;
  /** Google's token endpoint, https://oauth2.googleapis.com/token (GOOGLE_TOKEN_URL). */
  googleTokenUrl: string;
};

export type ConnectedPlatform = 'facebook_page' | 'youtube';

export const hasConnector = (p: Platform): p is ConnectedPlatform =>
  p === 'facebook_page' || p === 'youtube';

/** What a connection stores beside its sealed token. */
export type ConnectionTarget = {
  accountId: string;
  businessId: string | null;
  token: string;
  /** YouTube with a refresh token: renews the token when it runs out (default: `token` as is). */
  tokens?: TokenSource;
};

export function connectorFor(
  platform: ConnectedPlatform,
  target: ConnectionTarget,
  settings: PlatformSettings,
  now: () => Date,
): Connector {
  return platform === 'facebook_page'
    ? facebookConnector(
        {
          base: settings.graphApiBase,
          token: target.token,
          pageId: target.accountId,
          businessId: target.businessId,
        },
        settings,
        now,
      )
    : youtubeConnector(
        {
          base: settings.youtubeApiBase,
          tokens: target.tokens ?? fixedToken(target.token),
          channelId: target.accountId,
        },
        settings,
        now,
      );
}
