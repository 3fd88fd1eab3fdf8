/** A list of URIs to edit: one input a row, each with its own message, remove buttons, and "add". */
import type { ReactNode } from 'react';
import { LIMITS } from './form-rules.ts';
import { RowListField } from './RowListField.tsx';

export interface UriListFieldProps {
  /** The form's key for the list (`redirectUris`, `acsUrls`…): the server's messages about its rows use it. */
  list: string;
  label: string;
  itemLabel(n: number): string;
  addLabel: string;
  hint: ReactNode;
  placeholder: string;
  values: string[];
  errors: Record<string, string>;
  onChange(values: string[]): void;
}

export function UriListField({ list, placeholder, ...rest }: UriListFieldProps) {
  return (
    <RowListField
      {...rest}
      id={list}
      blank=""
      row={(value, i, a) => (
        <input
          id={a.rowId}
          type="url"
          inputMode="url"
          aria-label={rest.itemLabel(i + 1)}
          value={value}
          placeholder={placeholder}
          spellCheck={false}
          autoComplete="off"
          maxLength={LIMITS.url}
          aria-invalid={a.error ? true : undefined}
          aria-describedby={a.describedBy}
          onChange={(e) => a.set(e.target.value)}
        />
      )}
    />
  );
}
