// API tokens for Communicatie: the list (never the tokens themselves), a form to create one for a
// user, and — once, right after creating it — the new token.
import type { User } from '../../db/schema';
import type { ApiTokenRow } from '../../src/domain/auth/api-tokens';
import { formatDateTime } from '../../src/i18n/format';
import {
  Csrf,
  ErrorSummary,
  Input,
  Select,
  type FormErrors,
  type FormValues,
} from '../components/form';
import { useLocale } from '../i18n';

export type ApiTokensProps = {
  tokens: ApiTokenRow[];
  users: Pick<User, 'id' | 'name' | 'email'>[];
  csrfToken: string;
  values: FormValues;
  errors: FormErrors;
  /** The token just created: the only time it is ever shown. */
  created?: { name: string; token: string };
  /** Why a revocation was refused (another user changed the token first). */
  refused?: string;
};

function Created({ name, token }: { name: string; token: string }) {
  const { t } = useLocale();
  return (
    <div class="alert alert-ok" role="status">
      <p>
        <strong>{t('api.tokens.created', { name })}</strong>
      </p>
      <p>{t('api.tokens.once')}</p>
      <p>
        <label for="new-token">{name}</label>
        <input
          id="new-token"
          class="token-once"
          type="text"
          readonly
          value={token}
          autocomplete="off"
          spellcheck={false}
        />
      </p>
      <p class="hint">{t('api.tokens.usage')}</p>
    </div>
  );
}

function TokenRow({ row, csrfToken }: { row: ApiTokenRow; csrfToken: string }) {
  const { t, lang } = useLocale();
  return (
    <tr>
      <td>{row.name}</td>
      <td>
        {row.userName}
        {!row.userActive && <> ({t('api.tokens.userInactiveNote')})</>}
      </td>
      <td>
        {formatDateTime(row.createdAt, lang)}{' '}
        {t('api.tokens.createdBy', { name: row.createdByName })}
      </td>
      <td>{row.lastUsedAt ? formatDateTime(row.lastUsedAt, lang) : t('api.tokens.never')}</td>
      <td>
        {row.revokedAt ? (
          t('api.tokens.revokedAt', { at: formatDateTime(row.revokedAt, lang) })
        ) : (
          <form method="post" action={`/api-tokens/${row.id}/revoke`}>
            <Csrf token={csrfToken} />
            <input type="hidden" name="version" value={String(row.version)} />
            {t('api.tokens.active')} <button type="submit">{t('api.tokens.revoke')}</button>
          </form>
        )}
      </td>
    </tr>
  );
}

export function ApiTokensPage({
  tokens,
  users,
  csrfToken,
  values,
  errors,
  created,
  refused,
}: ApiTokensProps) {
  const { t } = useLocale();
  return (
    <section>
      <div class="page-head">
        <h1>{t('api.tokens.title')}</h1>
        <a href="/api/v1/openapi.json">{t('api.tokens.docs')}</a>
      </div>
      <p>{t('api.tokens.intro')}</p>
      {refused && (
        <p class="alert alert-error" role="alert">
          {refused}
        </p>
      )}
      {created && <Created {...created} />}
      {tokens.length === 0 ? (
        <p>{t('api.tokens.empty')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th>{t('api.tokens.name')}</th>
              <th>{t('api.tokens.user')}</th>
              <th>{t('api.tokens.createdAt')}</th>
              <th>{t('api.tokens.lastUsed')}</th>
              <th>{t('api.tokens.status')}</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((row) => (
              <TokenRow row={row} csrfToken={csrfToken} />
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('api.tokens.new')}</h2>
      <form method="post" action="/api-tokens" class="narrow" novalidate>
        <Csrf token={csrfToken} />
        <ErrorSummary errors={errors} />
        <Select
          name="userId"
          label={t('api.tokens.user')}
          hint={t('api.tokens.userHint')}
          values={values}
          errors={errors}
          required
          empty=""
          options={users.map((u) => ({ value: String(u.id), label: `${u.name} <${u.email}>` }))}
        />
        <Input
          name="name"
          label={t('api.tokens.name')}
          hint={t('api.tokens.nameHint')}
          values={values}
          errors={errors}
          required
          maxlength={100}
        />
        <div class="actions">
          <button type="submit" class="primary">
            {t('api.tokens.create')}
          </button>
        </div>
      </form>
    </section>
  );
}
