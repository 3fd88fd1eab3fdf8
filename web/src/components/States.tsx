/** Loading, empty and error states, and notices: the same everywhere. */
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { useProblemText } from '../lib/problems.ts';
import { ApiError } from '../lib/api.ts';

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('state.loading')}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <svg viewBox="0 0 48 48" width="48" height="48" aria-hidden="true">
        <rect x="8" y="12" width="32" height="26" rx="4" fill="none" stroke="currentColor" strokeWidth="2" />
        <path d="M8 22h10l3 4h6l3-4h10" fill="none" stroke="currentColor" strokeWidth="2" />
      </svg>
      <p className="empty-title">{title}</p>
      {children}
    </div>
  );
}

export function Notice({ kind, children }: { kind: 'ok' | 'bad' | 'info' | 'warn'; children: ReactNode }) {
  return (
    <div className={`notice ${kind}`} role={kind === 'bad' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

/** A failed call, in words; with the request id when the server broke, for the administrator. */
export function ErrorNotice({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useI18n();
  const { describe } = useProblemText();
  const requestId = error instanceof ApiError && error.status >= 500 ? error.requestId : undefined;
  return (
    <Notice kind="bad">
      <span>{describe(error)}</span>
      {requestId && <span className="muted small"> {t('error.requestId', { id: requestId })}</span>}
      {retry && !(error instanceof ApiError && error.status >= 400 && error.status < 500) && (
        <button type="button" className="btn small ghost" onClick={retry}>
          {t('action.retry')}
        </button>
      )}
    </Notice>
  );
}

export function Badge({ kind = 'muted', children }: { kind?: 'ok' | 'bad' | 'warn' | 'info' | 'muted'; children: ReactNode }) {
  return <span className={`badge ${kind}`}>{children}</span>;
}
