/**
 * "Sign out everywhere" on a user's page: after a confirmation that says what ends and what does not,
 * every Portico session of the user ends and their applications are signed out; the user stays active.
 */
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import type { User } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { ErrorNotice } from '../../components/States.tsx';
import { useAction } from '../../lib/useAction.ts';

export function SignOutEverywhere({ user, onSignedOut }: { user: User; onSignedOut(): void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const { busy, error, run, clearError } = useAction();
  const close = () => {
    setOpen(false);
    clearError();
  };
  const signOut = () =>
    run(async () => {
      await api('POST', `/users/${encodeURIComponent(user.id)}/sign-out`);
      close();
      onSignedOut();
    });

  return (
    <>
      <button type="button" className="btn" onClick={() => setOpen(true)}>
        {t('user.signOutEverywhere')}
      </button>
      {open && (
        <ConfirmDialog
          title={t('user.signOutEverywhereTitle', { name: user.displayName })}
          message={t('user.signOutEverywhereMessage', { name: user.displayName })}
          confirmLabel={t('user.signOutEverywhere')}
          busy={busy}
          error={error !== undefined && <ErrorNotice error={error} />}
          onConfirm={signOut}
          onClose={close}
        />
      )}
    </>
  );
}
