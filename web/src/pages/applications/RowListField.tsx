/**
 * A list of rows to edit (URIs, service URLs…): each row's own controls and message, a remove button,
 * "add", and the list's own message or hint. What a row holds is the caller's (`row`).
 */
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { LIMITS } from './form-rules.ts';

export interface RowListFieldProps<T> {
  /** Names the list's elements: `app-<id>`, its rows `app-<id>-<n>`, the server's keys `<id>.<n>`. */
  id: string;
  label: string;
  itemLabel(n: number): string;
  addLabel: string;
  hint: ReactNode;
  values: T[];
  /** A new row's value. */
  blank: T;
  errors: Record<string, string>;
  /** The error key of row `i` (default `<id>.<i>`). */
  errorKey?(i: number): string;
  onChange(values: T[]): void;
  /** Row `i`'s controls; the first control has the row's id and says its error with `describedBy`. */
  row(value: T, i: number, a: { rowId: string; error?: string; describedBy?: string; set(value: T): void }): ReactNode;
}

export function RowListField<T>({ id: key, label, itemLabel, addLabel, hint, values, blank, errors, errorKey, onChange, row }: RowListFieldProps<T>) {
  const { t } = useI18n();
  const id = `app-${key}`;
  const listError = errors[key];
  const add = () => {
    onChange([...values, blank]);
    // The new row's input once it is on the page.
    window.requestAnimationFrame(() => document.getElementById(`${id}-${values.length}`)?.focus());
  };
  return (
    <fieldset className={`field wide uri-list${listError ? ' invalid' : ''}`} aria-describedby={listError ? `${id}-error` : `${id}-hint`}>
      <legend>{label}</legend>
      {values.length > 0 && (
        <ol>
          {values.map((value, i) => {
            const error = errors[errorKey ? errorKey(i) : `${key}.${i}`];
            const rowId = `${id}-${i}`;
            return (
              <li key={i}>
                <div className="with-button">
                  {row(value, i, { rowId, error, describedBy: error ? `${rowId}-error` : undefined, set: (v) => onChange(values.map((old, j) => (j === i ? v : old))) })}
                  <button type="button" className="btn icon ghost" aria-label={t('apps.uri.remove', { item: itemLabel(i + 1) })} onClick={() => onChange(values.filter((_, j) => j !== i))}>
                    ×
                  </button>
                </div>
                {error && (
                  <p className="field-error" id={`${rowId}-error`} data-error-for={rowId} role="alert">
                    {error}
                  </p>
                )}
              </li>
            );
          })}
        </ol>
      )}
      <div>
        <button type="button" className="btn small ghost" disabled={values.length >= LIMITS.uris} onClick={add}>
          + {addLabel}
        </button>
      </div>
      {listError ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {listError}
        </p>
      ) : (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </fieldset>
  );
}
