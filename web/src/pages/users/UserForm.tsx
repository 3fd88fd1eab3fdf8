/** The fields of a user, for creating (in a dialog) and editing (on the user's page). */
import { useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../../lib/api.ts';
import type { User } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useFormSubmit } from '../../lib/useFormSubmit.ts';
import { Field, describedBy } from '../../components/Field.tsx';
import { Switch } from '../../components/Switch.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { OrgUnitSelect } from '../../components/OrgUnitSelect.tsx';
import { Notice } from '../../components/States.tsx';
import type { MessageKey } from '../../i18n/en.ts';

const ROOT_ORG_UNIT = 'ou_root';
const TEXT_FIELDS = ['username', 'displayName', 'mobile', 'email', 'employeeNumber', 'externalId'] as const;
type TextField = (typeof TEXT_FIELDS)[number];
/** The contacts an administrator may mark verified, each with its flag (src/directory/verification.ts). */
const CONTACTS = [
  { key: 'mobile', flag: 'mobileVerified', at: 'mobileVerifiedAt', label: 'user.mobileVerified', hint: 'user.mobileVerified.hint' },
  { key: 'email', flag: 'emailVerified', at: 'emailVerifiedAt', label: 'user.emailVerified', hint: 'user.emailVerified.hint' },
] as const;
type Flag = (typeof CONTACTS)[number]['flag'];
type Values = Record<TextField, string> & Record<Flag, boolean> & { orgUnitId: string; password: string };

const valuesOf = (u?: User): Values => ({
  username: u?.username ?? '',
  displayName: u?.displayName ?? '',
  mobile: u?.mobile ?? '',
  email: u?.email ?? '',
  employeeNumber: u?.employeeNumber ?? '',
  externalId: u?.externalId ?? '',
  orgUnitId: u?.orgUnitId ?? ROOT_ORG_UNIT,
  password: '',
  mobileVerified: u?.mobileVerified ?? false,
  emailVerified: u?.emailVerified ?? false,
});

/** The body to send: on edit only what changed; empty optional fields are cleared with null. */
function bodyOf(v: Values, user?: User) {
  const before = valuesOf(user);
  const body: Record<string, unknown> = {};
  for (const key of [...TEXT_FIELDS, 'orgUnitId'] as const) {
    const value = v[key].trim();
    if (user && value === before[key]) continue;
    body[key] = value === '' && key !== 'username' && key !== 'displayName' ? null : value;
  }
  if (v.password) body.password = v.password;
  for (const c of CONTACTS) {
    // A changed value is unverified unless the change vouches for it; an unchanged one sends its flag only when it moved.
    const changed = c.key in body;
    if (changed ? v[c.flag] : v[c.flag] !== before[c.flag]) body[c.flag] = v[c.flag];
  }
  return body;
}

export function UserForm({ user, onSaved, footer, readOnly }: { user?: User; onSaved(user: User): void; footer(busy: boolean): ReactNode; readOnly?: boolean }) {
  const { t, locale } = useI18n();
  const [values, setValues] = useState<Values>(() => valuesOf(user));
  const { errors, failure, busy, submit: run, clear } = useFormSubmit();
  const [saved, setSaved] = useState(false);

  const set = (key: keyof Values, value: string | boolean) => {
    setValues((v) => ({ ...v, [key]: value }));
    clear(key);
    setSaved(false);
  };
  /** Typing another mobile or email unticks it: a changed value is not verified until someone says so. */
  const setText = (key: TextField, value: string) => {
    set(key, value);
    const contact = CONTACTS.find((c) => c.key === key);
    if (contact) set(contact.flag, value.trim() === (user?.[key] ?? '') && !!user?.[contact.flag]);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, MessageKey> = {};
    if (!values.username.trim()) local.username = 'validation.required';
    if (!values.displayName.trim()) local.displayName = 'validation.required';
    return run(local, async () => {
      const body = bodyOf(values, user);
      if (user && Object.keys(body).length === 0) return setSaved(true);
      const result = user ? await api<User>('PATCH', `/users/${encodeURIComponent(user.id)}`, body) : await api<User>('POST', '/users', body);
      setValues(valuesOf(result));
      setSaved(true);
      onSaved(result);
    });
  };

  const id = (key: string) => `user-${key}`;
  const input = (key: TextField, label: MessageKey, o: { required?: boolean; type?: string; hint?: MessageKey; autoComplete?: string } = {}) => (
    <Field id={id(key)} label={t(label)} required={o.required} error={errors[key]} hint={o.hint && t(o.hint)}>
      <input id={id(key)} type={o.type ?? 'text'} value={values[key]} onChange={(e) => setText(key, e.target.value)} autoComplete={o.autoComplete ?? 'off'} {...describedBy(id(key), errors[key], o.hint)} />
    </Field>
  );
  const verified = (c: (typeof CONTACTS)[number]) => {
    const since = user?.[c.at];
    const unchanged = values[c.key].trim() === (user?.[c.key] ?? '');
    const hint = since && unchanged && values[c.flag] ? t('user.verifiedAt', { at: formatDateTime(since, locale) }) : t(c.hint);
    return (
      <Field key={c.flag} id={id(c.flag)} label={t(c.label)} error={errors[c.flag]} hint={hint}>
        <Switch id={id(c.flag)} checked={values[c.flag]} onChange={(on) => set(c.flag, on)} disabled={!values[c.key].trim()} describedBy={errors[c.flag] ? `${id(c.flag)}-error` : `${id(c.flag)}-hint`} />
      </Field>
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <fieldset className="bare form-grid" disabled={readOnly}>
        {input('username', 'user.username', { required: true, hint: 'user.username.hint' })}
        {input('displayName', 'user.displayName', { required: true })}
        {input('mobile', 'user.mobile', { type: 'tel', hint: 'user.mobile.hint' })}
        {input('email', 'user.email', { type: 'email' })}
        {CONTACTS.map(verified)}
        {input('employeeNumber', 'user.employeeNumber')}
        {input('externalId', 'user.externalId')}
        <Field id={id('orgUnitId')} label={t('user.orgUnit')} error={errors.orgUnitId}>
          <OrgUnitSelect id={id('orgUnitId')} value={values.orgUnitId} onChange={(v) => set('orgUnitId', v)} invalid={!!errors.orgUnitId} />
        </Field>
        {!readOnly && (
          <Field id={id('password')} label={user ? t('user.newPassword') : t('user.password')} error={errors.password} hint={user ? t('user.password.keep') : t('user.password.optional')}>
            <input id={id('password')} type="password" autoComplete="new-password" value={values.password} onChange={(e) => set('password', e.target.value)} {...describedBy(id('password'), errors.password, true)} />
          </Field>
        )}
      </fieldset>
      {failure && <Notice kind="bad">{failure}</Notice>}
      {saved && user && <Notice kind="ok">{t('user.saved')}</Notice>}
      {footer(busy)}
    </form>
  );
}
