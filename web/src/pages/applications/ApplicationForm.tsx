/** The fields of an application, for creating it (in a dialog on the list) and changing it (from its page). */
import { useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../../lib/api.ts';
import type { Application, ApplicationWithSecret } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useFormSubmit } from '../../lib/useFormSubmit.ts';
import { Field, describedBy } from '../../components/Field.tsx';
import { Switch } from '../../components/Switch.tsx';
import { Notice } from '../../components/States.tsx';
import { UriListField } from './UriListField.tsx';
import { LIMITS, NEW_APPLICATION, bodyOf, checkForm, formOf, rowKey, type ApplicationForm as Form, type UriList } from './applicationForm.ts';
import type { MessageKey } from '../../i18n/en.ts';

const URI_FIELDS: { list: UriList; label: MessageKey; item: MessageKey; add: MessageKey; hint: MessageKey; placeholder: string }[] = [
  { list: 'redirectUris', label: 'apps.field.redirectUris', item: 'apps.redirectUri.n', add: 'apps.redirectUri.add', hint: 'apps.field.redirectUris.hint', placeholder: 'https://app.example.com/callback' },
  { list: 'postLogoutRedirectUris', label: 'apps.field.logoutUris', item: 'apps.logoutUri.n', add: 'apps.logoutUri.add', hint: 'apps.field.logoutUris.hint', placeholder: 'https://app.example.com/signed-out' },
];

export function ApplicationForm({ app, onSaved, footer }: { app?: Application; onSaved(result: ApplicationWithSecret): void; footer(busy: boolean): ReactNode }) {
  const { t } = useI18n();
  const [form, setForm] = useState<Form>(() => (app ? formOf(app) : NEW_APPLICATION));
  const { errors, failure, busy, submit: run, clear } = useFormSubmit();
  const builtIn = !!app?.builtIn;

  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    clear(key);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { body, rows } = bodyOf(form, app);
    return run(
      checkForm(form, builtIn),
      async () => {
        if (app && Object.keys(body).length === 0) return onSaved({ application: app });
        onSaved(
          app
            ? await api<ApplicationWithSecret>('PATCH', `/applications/${encodeURIComponent(app.id)}`, body)
            : await api<ApplicationWithSecret>('POST', '/applications', body),
        );
      },
      (key) => rowKey(key, rows),
    );
  };

  const id = (key: string) => `app-${key}`;
  const clientTypeHint = app && !builtIn ? t('apps.clientType.changeHint') : t('apps.clientType.hint');
  return (
    <form onSubmit={submit} noValidate aria-label={app ? t('apps.edit') : t('apps.new')}>
      <div className="form-grid">
        <Field id={id('name')} label={t('apps.field.name')} required error={errors.name} hint={t('apps.field.name.hint')}>
          <input id={id('name')} value={form.name} maxLength={LIMITS.name} autoComplete="off" onChange={(e) => set('name', e.target.value)} {...describedBy(id('name'), errors.name, true)} />
        </Field>
        {!builtIn && (
          <Field id={id('clientType')} label={t('apps.field.clientType')} error={errors.clientType} hint={clientTypeHint}>
            <select id={id('clientType')} value={form.clientType} onChange={(e) => set('clientType', e.target.value as Form['clientType'])} {...describedBy(id('clientType'), errors.clientType, true)}>
              <option value="confidential">{t('apps.clientType.confidential')}</option>
              <option value="public">{t('apps.clientType.public')}</option>
            </select>
          </Field>
        )}
        <Field id={id('description')} label={t('apps.field.description')} error={errors.description} hint={t('apps.field.description.hint')} wide>
          <textarea id={id('description')} rows={2} maxLength={LIMITS.description} value={form.description} onChange={(e) => set('description', e.target.value)} {...describedBy(id('description'), errors.description, true)} />
        </Field>
        <Field id={id('logoUrl')} label={t('apps.field.logoUrl')} error={errors.logoUrl} hint={t('apps.field.logoUrl.hint')}>
          <input id={id('logoUrl')} type="url" inputMode="url" value={form.logoUrl} maxLength={LIMITS.url} spellCheck={false} placeholder="https://" onChange={(e) => set('logoUrl', e.target.value)} {...describedBy(id('logoUrl'), errors.logoUrl, true)} />
        </Field>
        {!builtIn && (
          <Field id={id('firstParty')} label={t('apps.field.firstParty')} error={errors.firstParty} hint={t('apps.field.firstParty.hint')}>
            <Switch id={id('firstParty')} checked={form.firstParty} onChange={(on) => set('firstParty', on)} />
          </Field>
        )}
        {!builtIn &&
          URI_FIELDS.map((f) => (
            <UriListField
              key={f.list}
              list={f.list}
              label={t(f.label)}
              itemLabel={(n) => t(f.item, { n })}
              addLabel={t(f.add)}
              hint={t(f.hint)}
              placeholder={f.placeholder}
              values={form[f.list]}
              errors={errors}
              onChange={(v) => set(f.list, v)}
            />
          ))}
      </div>
      {builtIn && <Notice kind="info">{t('apps.builtInManaged')}</Notice>}
      {failure && <Notice kind="bad">{failure}</Notice>}
      {footer(busy)}
    </form>
  );
}
