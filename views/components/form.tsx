// Form building blocks: every field has a visible label, its error is tied to it by
// aria-describedby, and every form carries the CSRF token.
import type { Child } from 'hono/jsx';
import { useLocale } from '../i18n';

export type FormErrors = Record<string, string>;
export type FormValues = Record<string, string | string[] | undefined>;

export function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

export function ErrorSummary({ errors }: { errors: FormErrors }) {
  const { t } = useLocale();
  const entries = Object.entries(errors);
  if (!entries.length) return null;
  return (
    <div class="alert alert-error" role="alert" tabindex={-1}>
      <p>{errors._form ?? t('error.form')}</p>
    </div>
  );
}

type FieldProps = {
  name: string;
  /** The control's id when two forms on one page share a field name; default f-<name>. */
  id?: string;
  label: string;
  errors?: FormErrors;
  hint?: string;
  children: Child;
};

export function Field({ name, id, label, errors, hint, children }: FieldProps) {
  const error = errors?.[name];
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={id ?? `f-${name}`}>{label}</label>
      {hint && (
        <p class="hint" id={`h-${name}`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="error" id={`e-${name}`}>
          {error}
        </p>
      )}
      {children}
    </div>
  );
}

const describedBy = (name: string, errors?: FormErrors, hint?: string) =>
  [hint ? `h-${name}` : '', errors?.[name] ? `e-${name}` : ''].filter(Boolean).join(' ') ||
  undefined;

type InputProps = {
  name: string;
  id?: string;
  label: string;
  values?: FormValues;
  errors?: FormErrors;
  hint?: string;
  type?: string;
  required?: boolean;
  autocomplete?: string;
  maxlength?: number;
  value?: string;
};

export function Input(p: InputProps) {
  const v = p.value ?? p.values?.[p.name];
  return (
    <Field name={p.name} id={p.id} label={p.label} errors={p.errors} hint={p.hint}>
      <input
        id={p.id ?? `f-${p.name}`}
        name={p.name}
        type={p.type ?? 'text'}
        value={typeof v === 'string' ? v : ''}
        required={p.required}
        autocomplete={p.autocomplete}
        maxlength={p.maxlength}
        aria-invalid={p.errors?.[p.name] ? 'true' : undefined}
        aria-describedby={describedBy(p.name, p.errors, p.hint)}
      />
    </Field>
  );
}

export function TextArea(p: InputProps & { rows?: number }) {
  const v = p.values?.[p.name];
  return (
    <Field name={p.name} id={p.id} label={p.label} errors={p.errors} hint={p.hint}>
      <textarea
        id={p.id ?? `f-${p.name}`}
        name={p.name}
        rows={p.rows ?? 3}
        required={p.required}
        maxlength={p.maxlength}
        aria-invalid={p.errors?.[p.name] ? 'true' : undefined}
        aria-describedby={describedBy(p.name, p.errors, p.hint)}
      >
        {typeof v === 'string' ? v : ''}
      </textarea>
    </Field>
  );
}

export function Select(
  p: InputProps & { options: { value: string; label: string }[]; empty?: string },
) {
  const v = p.values?.[p.name];
  return (
    <Field name={p.name} id={p.id} label={p.label} errors={p.errors} hint={p.hint}>
      <select
        id={p.id ?? `f-${p.name}`}
        name={p.name}
        required={p.required}
        aria-invalid={p.errors?.[p.name] ? 'true' : undefined}
        aria-describedby={describedBy(p.name, p.errors, p.hint)}
      >
        {p.empty !== undefined && <option value="">{p.empty}</option>}
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === v}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function Checkboxes(p: InputProps & { options: { value: string; label: string }[] }) {
  const raw = p.values?.[p.name];
  const checked = new Set(Array.isArray(raw) ? raw : raw ? [raw] : []);
  const error = p.errors?.[p.name];
  return (
    <fieldset
      class={error ? 'field field-error' : 'field'}
      aria-describedby={error ? `e-${p.name}` : undefined}
    >
      <legend>{p.label}</legend>
      {error && (
        <p class="error" id={`e-${p.name}`}>
          {error}
        </p>
      )}
      {p.options.map((o) => (
        <label class="check">
          <input type="checkbox" name={p.name} value={o.value} checked={checked.has(o.value)} />{' '}
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}
