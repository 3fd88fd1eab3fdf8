/**
 * The signed-in admin's own new password (PUT /session/password): the current one again, the new one
 * twice. The server ends every other session of the admin and keeps this one, and the dialog says so.
 */
import { useState, type FormEvent } from 'react';
import { api } from '../lib/api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { useSession } from '../lib/session.tsx';
import { useFormSubmit } from '../lib/useFormSubmit.ts';
import { PASSWORD_LENGTH, passwordProblem } from '../pages/admins/adminForm.ts';
import { DialogForm, DoneDialog } from './Dialog.tsx';
import { Field, describedBy } from './Field.tsx';
import { Notice } from './States.tsx';

type Key = 'currentPassword' | 'newPassword' | 'confirmPassword';

const FIELDS: { key: Key; label: MessageKey; autoComplete: 'current-password' | 'new-password' }[] = [
  { key: 'currentPassword', label: 'account.currentPassword', autoComplete: 'current-password' },
  { key: 'newPassword', label: 'account.newPassword', autoComplete: 'new-password' },
  { key: 'confirmPassword', label: 'account.confirmPassword', autoComplete: 'new-password' },
];

/** The form's own checks: each field's message key, by field. The server checks again (and whether the current password is right). */
function problems(v: Record<Key, string>): Record<string, MessageKey> {
  const out: Record<string, MessageKey> = {};
  if (!v.currentPassword) out.currentPassword = 'validation.required';
  const fresh = passwordProblem(v.newPassword);
  if (fresh) out.newPassword = fresh;
  if (!v.confirmPassword) out.confirmPassword = 'validation.required';
  else if (v.confirmPassword !== v.newPassword) out.confirmPassword = 'validation.passwordMismatch';
  return out;
}

export function ChangePasswordDialog({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  const { admin } = useSession();
  const [v, setV] = useState<Record<Key, string>>({ currentPassword: '', newPassword: '', confirmPassword: '' });
  const [changed, setChanged] = useState(false);
  const form = useFormSubmit();
  const title = t('account.changePassword');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    return form.submit(problems(v), async () => {
      await api<void>('PUT', '/session/password', { currentPassword: v.currentPassword, newPassword: v.newPassword });
      setChanged(true);
    });
  };

  if (changed) {
    return (
      <DoneDialog title={title} doneLabel={t('action.close')} onDone={onClose}>
        <Notice kind="ok">
          <strong>{t('account.passwordChanged')}</strong>
          <span>{t('account.passwordChanged.sessions')}</span>
        </Notice>
      </DoneDialog>
    );
  }

  return (
    <DialogForm title={title} submitLabel={title} busy={form.busy} failure={form.failure} onSubmit={submit} onClose={onClose}>
      {/* For password managers: whose password this is. */}
      <input type="text" name="username" autoComplete="username" value={admin?.username ?? ''} readOnly hidden />
      {FIELDS.map(({ key, label, autoComplete }) => {
        const id = `own-${key}`;
        const error = form.errors[key];
        const hint = key === 'newPassword' ? t('account.newPassword.hint', PASSWORD_LENGTH) : undefined;
        return (
          <Field key={key} id={id} label={t(label)} required error={error} hint={hint} wide>
            <input
              id={id}
              type="password"
              autoComplete={autoComplete}
              spellCheck={false}
              maxLength={PASSWORD_LENGTH.max}
              value={v[key]}
              onChange={(e) => {
                const value = e.target.value;
                setV((old) => ({ ...old, [key]: value }));
                form.clear(key);
              }}
              {...describedBy(id, error, hint)}
            />
          </Field>
        );
      })}
      <div className="field wide">
        <Notice kind="info">{t('account.otherSessions')}</Notice>
      </div>
    </DialogForm>
  );
}
