/**
 * Values shown for the only time (a client secret, an initial password): each in a read-only field
 * with a copy button, under a warning, in a dialog that only its button closes.
 */
import type { ReactNode } from 'react';
import { DoneDialog } from './Dialog.tsx';
import { Field } from './Field.tsx';
import { CopyButton } from './CopyButton.tsx';
import { Notice } from './States.tsx';

export function CopyField({ id, label, value, copyLabel, hint }: { id: string; label: string; value: string; copyLabel: string; hint?: ReactNode }) {
  return (
    <Field id={id} label={label} hint={hint} wide>
      <div className="with-button">
        <input id={id} className="mono" readOnly value={value} spellCheck={false} onFocus={(e) => e.currentTarget.select()} aria-describedby={hint ? `${id}-hint` : undefined} />
        <CopyButton value={value} label={copyLabel} />
      </div>
    </Field>
  );
}

export function OnceDialog({ title, warning, doneLabel, onDone, children }: { title: string; warning?: ReactNode; doneLabel: string; onDone(): void; children: ReactNode }) {
  return (
    <DoneDialog title={title} doneLabel={doneLabel} onDone={onDone} dismissible={false}>
      {warning && (
        <Notice kind="warn">
          <span aria-hidden="true">⚠</span>
          <span>{warning}</span>
        </Notice>
      )}
      <div className="once-values">{children}</div>
    </DoneDialog>
  );
}
