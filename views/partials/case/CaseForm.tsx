// Every form on a case page: a plain POST (htmx swaps the case panel when present), the CSRF
// token, the case version the operator saw, and the messages of its own last submission only.
import type { CaseState } from '../../../db/schema';
import type { Child } from 'hono/jsx';
import { Csrf, ErrorSummary, type FormErrors, type FormValues } from '../../components/form';

export type CaseFailure = { form: string; errors: FormErrors; values: FormValues } | null;

export type CaseCtx = {
  crisisId: number;
  caseId: number;
  version: number;
  csrfToken: string;
  failed: CaseFailure;
  /** "2026-11-25T14:02" in Brussels time, for datetime inputs that default to now. */
  nowLocal: string;
  /** The same moment as an ISO instant, for countdowns. */
  now: string;
  /** The case's state, for forms whose buttons depend on it. */
  state: CaseState;
};

export const caseAction = (ctx: CaseCtx, path: string) =>
  `/crises/${ctx.crisisId}/cases/${ctx.caseId}/${path}`;

/** The errors and values of `form` if it was the one that failed, else empty. */
export function stateOf(ctx: CaseCtx, form: string): { errors: FormErrors; values: FormValues } {
  return ctx.failed?.form === form
    ? { errors: ctx.failed.errors, values: ctx.failed.values }
    : { errors: {}, values: {} };
}

type Props = {
  ctx: CaseCtx;
  name: string;
  action: string;
  /** Forms on other rows (a hold) carry their own version instead of the case's. */
  version?: number;
  class?: string;
  id?: string;
  children: Child;
};

export function CaseForm({ ctx, name, action, version, children, ...rest }: Props) {
  const { errors } = stateOf(ctx, name);
  return (
    <form
      method="post"
      action={action}
      hx-post={action}
      hx-target="#case"
      hx-swap="outerHTML"
      class={rest.class ?? 'case-form'}
      id={rest.id}
      novalidate
    >
      <Csrf token={ctx.csrfToken} />
      <input type="hidden" name="version" value={String(version ?? ctx.version)} />
      <ErrorSummary errors={errors} />
      {children}
    </form>
  );
}
