// The sessions page (each user, their own) and a user's sessions for Communicatie. Ending a
// session is a plain form post; no script.
import type { OpenSession } from '../../src/domain/auth/session-list';
import { formatDateTime } from '../../src/i18n/format';
import { Csrf } from '../components/form';
import { useLocale } from '../i18n';

function Device({ s }: { s: OpenSession }) {
  const { t } = useLocale();
  const unknown = t('sessions.unknown');
  return (
    <>{t('sessions.on', { browser: s.device.browser ?? unknown, os: s.device.os ?? unknown })}</>
  );
}

function Table({ list, action }: { list: OpenSession[]; action?: (s: OpenSession) => unknown }) {
  const { t, lang } = useLocale();
  return (
    <table class="table">
      <thead>
        <tr>
          <th>{t('sessions.device')}</th>
          <th>{t('sessions.address')}</th>
          <th>{t('sessions.created')}</th>
          <th>{t('sessions.lastUse')}</th>
          {action && <th></th>}
        </tr>
      </thead>
      <tbody>
        {list.map((s) => (
          <tr>
            <td>
              <Device s={s} />
              {s.current && <strong> · {t('sessions.current')}</strong>}
            </td>
            <td>{s.ip ?? t('sessions.unknown')}</td>
            <td>{formatDateTime(s.createdAt, lang)}</td>
            <td>{formatDateTime(s.lastSeenAt, lang)}</td>
            {action && <td>{action(s)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function OwnSessions({ list, csrfToken }: { list: OpenSession[]; csrfToken: string }) {
  const { t } = useLocale();
  const others = list.filter((s) => !s.current);
  return (
    <section>
      <h1>{t('sessions.title')}</h1>
      <p>{t('sessions.intro')}</p>
      <Table
        list={list}
        action={(s) =>
          !s.current && (
            <form method="post" action="/sessions/end" class="inline">
              <Csrf token={csrfToken} />
              <input type="hidden" name="session" value={s.id} />
              <button type="submit">{t('sessions.end')}</button>
            </form>
          )
        }
      />
      {others.length > 0 && (
        <form method="post" action="/sessions/end-others">
          <Csrf token={csrfToken} />
          <button type="submit" class="danger">
            {t('sessions.endOthers')}
          </button>
        </form>
      )}
    </section>
  );
}

type UserSessionsProps = {
  user: { id: number; name: string };
  list: OpenSession[];
  csrfToken: string;
};

export function UserSessions({ user, list, csrfToken }: UserSessionsProps) {
  const { t } = useLocale();
  return (
    <section>
      <h1>{t('sessions.user.title', { name: user.name })}</h1>
      {list.length ? <Table list={list} /> : <p>{t('sessions.user.none')}</p>}
      <form method="post" action={`/users/${user.id}/sessions/end`}>
        <Csrf token={csrfToken} />
        <button type="submit" class="danger">
          {t('sessions.user.endAll')}
        </button>
      </form>
      <p>
        <a href={`/users/${user.id}`}>{t('action.back')}</a>
      </p>
    </section>
  );
}
