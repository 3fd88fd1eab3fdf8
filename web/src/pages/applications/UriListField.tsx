/** A list of URIs to edit: one input a row, each with its own message, remove buttons, and "add". */
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { LIMITS, type UriList } from './applicationForm.ts';

export interface UriListFieldProps {
  list: UriList;
  label: string;
  itemLabel(n: number): string;
  addLabel: string;
  hint: ReactNode;
  placeholder: string;
  values: string[];
  errors: Record<string, string>;
  onChange(values: string[]): void;
}

export function UriListField({ list, label, itemLabel, addLabel, hint, placeholder, values, errors, onChange }: UriListFieldProps) {
  const { t } = useI18n();
  const id = `app-${list}`;
  const listError = errors[list];
  const add = () => {
    onChange([...values, '']);
    // The new row's input once it is on the page.
    window.requestAnimationFrame(() => document.getElementById(`${id}-${values.length}`)?.focus());
  };
  return (
    <fieldset className={`field wide uri-list${listError ? ' invalid' : ''}`} aria-describedby={listError ? `${id}-error` : `${id}-hint`}>
      <legend>{label}</legend>
      {values.length > 0 && (
        <ol>
          {values.map((value, i) => {
            const error = errors[`${list}.${i}`];
            const rowId = `${id}-${i}`;
            return (
              <li key={i}>
                <div className="with-button">
                  <input
                    id={rowId}
                    type="url"
                    inputMode="url"
                    aria-label={itemLabel(i + 1)}
                    value={value}
                    placeholder={placeholder}
                    spellCheck={false}
                    autoComplete="off"
                    maxLength={LIMITS.url}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? `${rowId}-error` : undefined}
                    onChange={(e) => onChange(values.map((v, j) => (j === i ? e.target.value : v)))}
                  />
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
