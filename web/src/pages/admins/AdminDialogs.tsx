/** The dialogs of the Administrators page: add an admin, change one, give one a new password, and hand a password over. */
import { useState, type FormEvent } from 'react';
import { api } from '../../lib/api.ts';
import type { Admin, AdminRole } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import { useFormSubmit } from '../../lib/useFormSubmit.ts';
import { DialogForm } from '../../components/Dialog.tsx';
import { Field, describedBy } from '../../components/Field.tsx';
import { Notice } from '../../components/States.tsx';
import { CopyField, OnceDialog } from '../../components/OnceDialog.tsx';
import { PasswordField } from './PasswordField.tsx';
import { DISPLAY_NAME_MAX, ROLES, passwordProblem, usernameProblem } from './adminForm.ts';

const adminPath = (admin: Admin) => `/admins/${encodeURIComponent(admin.id)}`;

function RoleField({ value, error, lockedReason, onChange }: { value: AdminRole | ''; error?: string; lockedReason?: string; onChange(role: AdminRole): void }) {
  const { t } = useI18n();
  const hint = lockedReason ?? (value ? t(`role.${value}.description`) : t('admins.role.hint'));
  return (
    <Field id="admin-role" label={t('admins.col.role')} required error={error} hint={hint} wide>
      <select id="admin-role" value={value} disabled={!!lockedReason} onChange={(e) => onChange(e.target.value as AdminRole)} {...describedBy('admin-role', error, true)}>
        {!value && <option value="">{t('admins.role.choose')}</option>}
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {t(`role.${r}`)}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** New administrator: username, display name, role, and the initial password the API asks for. */
export function NewAdminDialog({ onCreated, onClose }: { onCreated(admin: Admin, password: string): void; onClose(): void }) {
  const { t } = useI18n();
  const [v, setV] = useState({ username: '', displayName: '', role: '' as AdminRole | '', password: '' });
  const form = useFormSubmit();
  const set = (key: keyof typeof v, value: string) => {
    setV((old) => ({ ...old, [key]: value }));
    form.clear(key);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, MessageKey> = {};
    const username = usernameProblem(v.username);
    const password = passwordProblem(v.password);
    if (username) local.username = username;
    if (!v.role) local.role = 'validation.role';
    if (password) local.password = password;
    return form.submit(local, async () => {
      const displayName = v.displayName.trim();
      const body = { username: v.username.trim(), role: v.role, password: v.password, ...(displayName ? { displayName } : {}) };
      onCreated(await api<Admin>('POST', '/admins', body), v.password);
    });
  };
  return (
    <DialogForm title={t('admins.new')} submitLabel={t('admins.create')} busy={form.busy} failure={form.failure} onSubmit={submit} onClose={onClose}>
      <Field id="admin-username" label={t('admins.username')} required error={form.errors.username} hint={t('admins.username.hint')}>
        <input id="admin-username" value={v.username} maxLength={64} autoComplete="off" spellCheck={false} onChange={(e) => set('username', e.target.value)} {...describedBy('admin-username', form.errors.username, true)} />
      </Field>
      <Field id="admin-displayName" label={t('admins.displayName')} error={form.errors.displayName} hint={t('admins.displayName.optional')}>
        <input id="admin-displayName" value={v.displayName} maxLength={DISPLAY_NAME_MAX} autoComplete="off" onChange={(e) => set('displayName', e.target.value)} {...describedBy('admin-displayName', form.errors.displayName, true)} />
      </Field>
      <RoleField value={v.role} error={form.errors.role} onChange={(role) => set('role', role)} />
      <PasswordField id="admin-password" label={t('admins.initialPassword')} value={v.password} error={form.errors.password} onChange={(value) => set('password', value)} />
    </DialogForm>
  );
}

/** Change an admin's display name and role; a new role ends their sessions (the server does). */
export function EditAdminDialog({ admin, isSelf, lockedReason, onSaved, onClose }: { admin: Admin; isSelf: boolean; lockedReason?: string; onSaved(): void; onClose(): void }) {
  const { t } = useI18n();
  const [displayName, setDisplayName] = useState(admin.displayName);
  const [role, setRole] = useState<AdminRole>(admin.role);
  const form = useFormSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: Record<string, string> = {};
    if (displayName.trim() !== admin.displayName) body.displayName = displayName.trim();
    if (role !== admin.role) body.role = role;
    return form.submit(displayName.trim() ? {} : { displayName: 'validation.required' }, async () => {
      if (Object.keys(body).length) await api<Admin>('PATCH', adminPath(admin), body);
      onSaved();
    });
  };
  return (
    <DialogForm title={t('admins.editNamed', { name: admin.username })} submitLabel={t('action.save')} busy={form.busy} failure={form.failure} onSubmit={submit} onClose={onClose}>
      <Field id="admin-displayName" label={t('admins.displayName')} required error={form.errors.displayName} wide>
        <input
          id="admin-displayName"
          value={displayName}
          maxLength={DISPLAY_NAME_MAX}
          autoComplete="off"
          onChange={(e) => {
            setDisplayName(e.target.value);
            form.clear('displayName');
          }}
          {...describedBy('admin-displayName', form.errors.displayName)}
        />
      </Field>
      <RoleField
        value={role}
        error={form.errors.role}
        lockedReason={lockedReason}
        onChange={(r) => {
          setRole(r);
          form.clear('role');
        }}
      />
      {role !== admin.role && (
        <div className="field wide">
          <Notice kind="warn">{isSelf ? t('admins.signsYouOut') : t('admins.signsOut', { name: admin.username })}</Notice>
        </div>
      )}
    </DialogForm>
  );
}

/** A new password for an admin (who forgot theirs, or whose password leaked); it ends their sessions. */
export function PasswordDialog({ admin, isSelf, onSaved, onClose }: { admin: Admin; isSelf: boolean; onSaved(password: string): void; onClose(): void }) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const form = useFormSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problem = passwordProblem(password);
    return form.submit(problem ? { password: problem } : {}, async () => {
      await api<Admin>('PATCH', adminPath(admin), { password });
      onSaved(password);
    });
  };
  return (
    <DialogForm title={t('admins.passwordNamed', { name: admin.username })} submitLabel={t('admins.setPassword')} busy={form.busy} failure={form.failure} onSubmit={submit} onClose={onClose}>
      <PasswordField
        id="admin-password"
        label={t('admins.newPassword')}
        value={password}
        error={form.errors.password}
        onChange={(value) => {
          setPassword(value);
          form.clear('password');
        }}
      />
      <div className="field wide">
        <Notice kind="warn">{isSelf ? t('admins.signsYouOut') : t('admins.signsOut', { name: admin.username })}</Notice>
      </div>
    </DialogForm>
  );
}

/** The sign-in details to give the admin: the password appears this once, and only here. */
export function HandoverDialog({ title, admin, password, onDone }: { title: string; admin: Admin; password: string; onDone(): void }) {
  const { t } = useI18n();
  return (
    <OnceDialog title={title} warning={t('admins.handover.once', { name: admin.username })} doneLabel={t('admins.handover.done')} onDone={onDone}>
      <CopyField id="handover-url" label={t('admins.handover.url')} value={`${window.location.origin}/console`} copyLabel={t('admins.handover.copyUrl')} />
      <CopyField id="handover-username" label={t('admins.username')} value={admin.username} copyLabel={t('admins.handover.copyUsername')} />
      <CopyField id="handover-password" label={t('admins.password')} value={password} copyLabel={t('admins.handover.copyPassword')} />
    </OnceDialog>
  );
}
