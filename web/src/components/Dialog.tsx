/**
 * A modal dialog: focus moves in, Escape or the backdrop closes it. A dialog that is not
 * `dismissible` (one showing a secret for the only time) closes only through its own buttons.
 */
import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { Notice } from './States.tsx';

export function Dialog({ title, onClose, children, footer, dismissible = true }: { title: string; onClose(): void; children: ReactNode; footer?: ReactNode; dismissible?: boolean }) {
  const { t } = useI18n();
  const titleId = useId();
  const box = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = dismissible ? onClose : () => undefined;
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    box.current?.querySelector<HTMLElement>('input, select, textarea, button:not(.dialog-close)')?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close.current();
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      previous?.focus();
    };
  }, []);
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close.current()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby={titleId} ref={box}>
        <header>
          <h2 id={titleId}>{title}</h2>
          {dismissible && (
            <button type="button" className="dialog-close" aria-label={t('action.close')} onClick={onClose}>
              ×
            </button>
          )}
        </header>
        <div className="dialog-body">{children}</div>
        {footer && <footer>{footer}</footer>}
      </div>
    </div>
  );
}

/** A dialog that tells something and closes through its one button (and, when dismissible, Escape, × or the backdrop). */
export function DoneDialog({ title, doneLabel, onDone, dismissible = true, children }: { title: string; doneLabel: string; onDone(): void; dismissible?: boolean; children: ReactNode }) {
  return (
    <Dialog
      title={title}
      onClose={onDone}
      dismissible={dismissible}
      footer={
        <button type="button" className="btn primary" onClick={onDone}>
          {doneLabel}
        </button>
      }
    >
      {children}
    </Dialog>
  );
}

/** "Are you sure?" before something that cannot be undone. */
export function ConfirmDialog({ title, message, confirmLabel, busy, onConfirm, onClose, error }: { title: string; message: ReactNode; confirmLabel: string; busy?: boolean; onConfirm(): void; onClose(): void; error?: ReactNode }) {
  const { t } = useI18n();
  return (
    <Dialog
      title={title}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn ghost" onClick={onClose}>
            {t('action.cancel')}
          </button>
          <button type="button" className="btn danger" onClick={onConfirm} disabled={busy}>
            {confirmLabel}
          </button>
        </>
      }
    >
      {error}
      <p>{message}</p>
    </Dialog>
  );
}

/** A form's buttons in a dialog: Cancel, and submit (saying so while it saves). */
export function DialogFormActions({ busy, submitLabel, onCancel }: { busy: boolean; submitLabel: string; onCancel(): void }) {
  const { t } = useI18n();
  return (
    <div className="form-actions">
      <button type="button" className="btn ghost" onClick={onCancel}>
        {t('action.cancel')}
      </button>
      <button type="submit" className="btn primary" disabled={busy}>
        {busy ? t('state.saving') : submitLabel}
      </button>
    </div>
  );
}

/** A dialog that is one form: its fields in a grid, the form's failure above Cancel and submit. */
export function DialogForm({ title, submitLabel, busy, failure, onSubmit, onClose, children }: { title: string; submitLabel: string; busy: boolean; failure?: string; onSubmit(e: FormEvent): void; onClose(): void; children: ReactNode }) {
  return (
    <Dialog title={title} onClose={onClose}>
      <form onSubmit={onSubmit} noValidate aria-label={title}>
        <div className="form-grid">{children}</div>
        {failure && <Notice kind="bad">{failure}</Notice>}
        <DialogFormActions busy={busy} submitLabel={submitLabel} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
