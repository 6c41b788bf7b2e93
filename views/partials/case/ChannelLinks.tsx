// From an active takeover to the channel itself: its page on the platform and, where Communicatie
// holds the login details, the reveal with this crisis chosen and a reason from the basis.
import type { CaseView } from '../../../src/domain/crisis/case-view';
import { platformUrl } from '../../../src/domain/registry/platform-url';
import { useLocale } from '../../i18n';

export function ChannelLinks({ view, loginDetails }: { view: CaseView; loginDetails: boolean }) {
  const { t } = useLocale();
  const { channel, kase, crisis } = view;
  const url = platformUrl(channel.platform, channel.handle);
  const reveal = `/channels/${channel.id}/reveal?crisis=${crisis.id}&basis=${kase.basis ?? ''}`;
  return (
    <p class="channel-links">
      {url && (
        <a class="button" href={url} rel="noopener noreferrer" target="_blank">
          {t('case.channel.open', { handle: channel.handle })}
        </a>
      )}{' '}
      {loginDetails && (
        <a class="button" href={reveal}>
          {t('case.channel.reveal')}
        </a>
      )}
    </p>
  );
}
