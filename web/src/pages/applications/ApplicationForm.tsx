/**
 * The fields of an application, for creating it (in a dialog on the list) and changing it (from its page):
 * its own (name, description, logo), its protocol (chosen at creation, fixed after), and that protocol's settings.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../../lib/api.ts';
import type { Application, ApplicationWithSecret, ProtocolView } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useLabels } from '../../lib/labels.ts';
import { useAsync } from '../../lib/useAsync.ts';
import { useFormSubmit } from '../../lib/useFormSubmit.ts';
import { Field, describedBy } from '../../components/Field.tsx';
import { Switch } from '../../components/Switch.tsx';
import { Notice } from '../../components/States.tsx';
import { LIMITS, NEW_APPLICATION, bodyOf, checkForm, formOf, type ApplicationForm as Form } from './applicationForm.ts';
import { protocolUi } from './protocols.ts';

/** The protocols an application may speak: asked of the server when creating one, those this console has a form for. */
function ProtocolField({ value, onChange, error }: { value: string; onChange(protocol: string): void; error?: string }) {
  const { t } = useI18n();
  const labels = useLabels();
  const protocols = useAsync(() => api<{ items: ProtocolView[] }>('GET', '/protocols'), []);
  // A protocol without a form here would be created through the API; its page still shows it.
  const items = (protocols.data?.items ?? []).filter((p) => protocolUi(p.protocol));
  const id = 'app-protocol';
  return (
    <Field id={id} label={t('apps.field.protocol')} error={error} hint={t('apps.field.protocol.hint')}>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} {...describedBy(id, error, true)}>
        {(items.some((p) => p.protocol === value) ? items : [{ protocol: value }, ...items]).map((p) => (
          <option key={p.protocol} value={p.protocol}>
            {labels.protocol(p.protocol)}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function ApplicationForm({ app, onSaved, footer }: { app?: Application; onSaved(result: ApplicationWithSecret): void; footer(busy: boolean): ReactNode }) {
  const { t } = useI18n();
  const [form, setForm] = useState<Form>(() => (app ? formOf(app) : NEW_APPLICATION));
  const { errors, failure, busy, submit: run, clear } = useFormSubmit();
  const builtIn = !!app?.builtIn;
  const settings = protocolUi(form.protocol);

  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    clear(key);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { body, rowKey } = bodyOf(form, app);
    const problems = Object.entries(checkForm(form, builtIn)).map(([key, p]) => [key, typeof p === 'string' ? p : { text: t(p.key, p.vars) }]);
    return run(
      Object.fromEntries(problems),
      async () => {
        if (app && Object.keys(body).length === 0) return onSaved({ application: app });
        onSaved(
          app
            ? await api<ApplicationWithSecret>('PATCH', `/applications/${encodeURIComponent(app.id)}`, body)
            : await api<ApplicationWithSecret>('POST', '/applications', body),
        );
      },
      rowKey,
    );
  };

  const id = (key: string) => `app-${key}`;
  return (
    <form onSubmit={submit} noValidate aria-label={app ? t('apps.edit') : t('apps.new')}>
      <div className="form-grid">
        <Field id={id('name')} label={t('apps.field.name')} required error={errors.name} hint={t('apps.field.name.hint')}>
          <input id={id('name')} value={form.name} maxLength={LIMITS.name} autoComplete="off" onChange={(e) => set('name', e.target.value)} {...describedBy(id('name'), errors.name, true)} />
        </Field>
        {!app && <ProtocolField value={form.protocol} error={errors.protocol} onChange={(protocol) => set('protocol', protocol)} />}
        <Field id={id('description')} label={t('apps.field.description')} error={errors.description} hint={t('apps.field.description.hint')} wide>
          <textarea id={id('description')} rows={2} maxLength={LIMITS.description} value={form.description} onChange={(e) => set('description', e.target.value)} {...describedBy(id('description'), errors.description, true)} />
        </Field>
        <Field id={id('logoUrl')} label={t('apps.field.logoUrl')} error={errors.logoUrl} hint={t('apps.field.logoUrl.hint')}>
          <input id={id('logoUrl')} type="url" inputMode="url" value={form.logoUrl} maxLength={LIMITS.url} spellCheck={false} placeholder="https://" onChange={(e) => set('logoUrl', e.target.value)} {...describedBy(id('logoUrl'), errors.logoUrl, true)} />
        </Field>
        {!builtIn && (
          <Field id={id('inPortal')} label={t('apps.field.inPortal')} hint={t('apps.field.inPortal.hint')}>
            <Switch id={id('inPortal')} checked={form.inPortal} onChange={(on) => set('inPortal', on)} />
          </Field>
        )}
        {!builtIn && settings && <settings.Fields form={form} set={set} errors={errors} editing={!!app} applicationId={app?.id} />}
      </div>
      {builtIn && <Notice kind="info">{t('apps.builtInManaged')}</Notice>}
      {failure && <Notice kind="bad">{failure}</Notice>}
      {footer(busy)}
    </form>
  );
}
