/** Registering or changing an API in a dialog: its name, identifier, description, scope rows, token lifetime and algorithm. */
import { useState, type FormEvent } from 'react';
import { api as call } from '../../lib/api.ts';
import type { Api } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useFormSubmit } from '../../lib/useFormSubmit.ts';
import { Field, describedBy } from '../../components/Field.tsx';
import { DialogForm } from '../../components/Dialog.tsx';
import { ACCESS_TOKEN_TTL_BOUNDS_S, API_SIGNING_ALGS, MAX_API_SCOPES, NEW_API, apiBodyOf, apiFormOf, apiRowKey, checkApiForm, type ApiForm } from './apiForm.ts';

function ScopeRows({ scopes, errors, onChange }: { scopes: ApiForm['scopes']; errors: Record<string, string>; onChange(scopes: ApiForm['scopes']): void }) {
  const { t } = useI18n();
  const set = (i: number, key: 'name' | 'description', value: string) => onChange(scopes.map((s, j) => (j === i ? { ...s, [key]: value } : s)));
  const add = () => {
    onChange([...scopes, { name: '', description: '' }]);
    window.requestAnimationFrame(() => document.getElementById(`api-scope-${scopes.length}-name`)?.focus());
  };
  const listError = errors.scopes;
  return (
    <fieldset className={`field wide scope-rows${listError ? ' invalid' : ''}`} aria-describedby={listError ? 'api-scopes-error' : 'api-scopes-hint'}>
      <legend>{t('apis.field.scopes')}</legend>
      {scopes.length > 0 && (
        <ol>
          {scopes.map((s, i) => {
            const error = errors[`scopes.${i}.name`] ?? errors[`scopes.${i}.description`];
            const rowId = `api-scope-${i}`;
            return (
              <li key={i} data-scope-row={i}>
                <div className="with-button">
                  <input
                    id={`${rowId}-name`}
                    aria-label={t('apis.scope.name', { n: i + 1 })}
                    value={s.name}
                    placeholder="orders:read"
                    spellCheck={false}
                    autoComplete="off"
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? `${rowId}-error` : undefined}
                    onChange={(e) => set(i, 'name', e.target.value)}
                  />
                  <input id={`${rowId}-description`} aria-label={t('apis.scope.description', { n: i + 1 })} value={s.description} placeholder={t('apis.scope.descriptionPlaceholder')} maxLength={300} onChange={(e) => set(i, 'description', e.target.value)} />
                  <button type="button" className="btn icon ghost" aria-label={t('apis.scope.remove', { n: i + 1 })} onClick={() => onChange(scopes.filter((_, j) => j !== i))}>
                    ×
                  </button>
                </div>
                {error && (
                  <p className="field-error" id={`${rowId}-error`} data-error-for={`${rowId}-name`} role="alert">
                    {error}
                  </p>
                )}
              </li>
            );
          })}
        </ol>
      )}
      <div>
        <button type="button" className="btn small ghost" disabled={scopes.length >= MAX_API_SCOPES} onClick={add}>
          + {t('apis.scope.add')}
        </button>
      </div>
      {listError ? (
        <p className="field-error" id="api-scopes-error" role="alert">
          {listError}
        </p>
      ) : (
        <p className="hint" id="api-scopes-hint">
          {t('apis.field.scopes.hint')}
        </p>
      )}
    </fieldset>
  );
}

export function ApiDialog({ api, onSaved, onClose }: { api?: Api; onSaved(api: Api): void; onClose(): void }) {
  const { t } = useI18n();
  const [form, setForm] = useState<ApiForm>(() => (api ? apiFormOf(api) : NEW_API));
  const { errors, failure, busy, submit: run, clear } = useFormSubmit();
  const set = <K extends keyof ApiForm>(key: K, value: ApiForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    clear(key);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { body, rows } = apiBodyOf(form, api);
    return run(
      checkApiForm(form),
      async () => {
        if (api && Object.keys(body).length === 0) return onSaved(api);
        onSaved(api ? await call<Api>('PATCH', `/apis/${encodeURIComponent(api.id)}`, body) : await call<Api>('POST', '/apis', body));
      },
      (key) => apiRowKey(key, rows),
    );
  };
  const id = (key: string) => `api-${key}`;
  const { min, max } = ACCESS_TOKEN_TTL_BOUNDS_S;
  return (
    <DialogForm title={api ? t('apis.editNamed', { name: api.name }) : t('apis.new')} submitLabel={api ? t('action.save') : t('apis.create')} busy={busy} failure={failure} onSubmit={submit} onClose={onClose}>
      <Field id={id('name')} label={t('apis.field.name')} required error={errors.name}>
        <input id={id('name')} value={form.name} maxLength={100} autoComplete="off" onChange={(e) => set('name', e.target.value)} {...describedBy(id('name'), errors.name)} />
      </Field>
      <Field id={id('identifier')} label={t('apis.field.identifier')} required error={errors.identifier} hint={t('apis.field.identifier.hint')}>
        <input id={id('identifier')} type="url" inputMode="url" value={form.identifier} maxLength={2000} spellCheck={false} placeholder="https://api.example.com/orders" onChange={(e) => set('identifier', e.target.value)} {...describedBy(id('identifier'), errors.identifier, true)} />
      </Field>
      <Field id={id('description')} label={t('apis.field.description')} error={errors.description} wide>
        <textarea id={id('description')} rows={2} maxLength={500} value={form.description} onChange={(e) => set('description', e.target.value)} {...describedBy(id('description'), errors.description)} />
      </Field>
      <ScopeRows scopes={form.scopes} errors={errors} onChange={(scopes) => set('scopes', scopes)} />
      <Field id={id('accessTokenLifetimeSeconds')} label={t('apis.field.lifetime')} error={errors.accessTokenLifetimeSeconds} hint={t('apis.field.lifetime.hint', { min, max })}>
        <input id={id('accessTokenLifetimeSeconds')} type="number" inputMode="numeric" min={min} max={max} value={form.accessTokenLifetimeSeconds} onChange={(e) => set('accessTokenLifetimeSeconds', e.target.value)} {...describedBy(id('accessTokenLifetimeSeconds'), errors.accessTokenLifetimeSeconds, true)} />
      </Field>
      <Field id={id('signingAlg')} label={t('apis.field.signingAlg')} error={errors.signingAlg} hint={t('apis.field.signingAlg.hint')}>
        <select id={id('signingAlg')} value={form.signingAlg} onChange={(e) => set('signingAlg', e.target.value as ApiForm['signingAlg'])} {...describedBy(id('signingAlg'), errors.signingAlg, true)}>
          {API_SIGNING_ALGS.map((alg) => (
            <option key={alg} value={alg}>
              {alg}
            </option>
          ))}
        </select>
      </Field>
    </DialogForm>
  );
}
