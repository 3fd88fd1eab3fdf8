/**
 * "API access" in an OpenID Connect application's form: which registered APIs' scopes it may be granted,
 * a checkbox per scope, grouped by API. What it may be granted now is read from the server when the
 * application is changed; only a changed choice is sent (`apiAccess`).
 */
import type { ApiGrant } from '../../../lib/types.ts';
import { useI18n } from '../../../i18n/i18n.tsx';
import { ErrorNotice } from '../../../components/States.tsx';
import type { ProtocolFieldsProps } from '../protocol-fields.ts';
import { useApiAccess } from './useApiAccess.ts';

export function OidcApiAccessField({ form, set, errors, applicationId }: ProtocolFieldsProps) {
  const { t } = useI18n();
  const loaded = useApiAccess(applicationId);
  const granted: ApiGrant[] = form.apiAccess ?? loaded.data?.access.apis ?? [];
  const has = (apiId: string, scope: string) => granted.some((g) => g.apiId === apiId && g.scopes.includes(scope));
  const toggle = (apiId: string, scope: string, on: boolean) => {
    const others = granted.filter((g) => g.apiId !== apiId);
    const scopes = (granted.find((g) => g.apiId === apiId)?.scopes ?? []).filter((s) => s !== scope);
    set('apiAccess', [...others, { apiId, scopes: on ? [...scopes, scope] : scopes }].filter((g) => g.scopes.length));
  };
  const error = Object.entries(errors).find(([key]) => key === 'apiAccess' || key.startsWith('apiAccess.'))?.[1];
  const apis = loaded.data?.apis ?? [];
  return (
    <fieldset className={`field wide api-access${error ? ' invalid' : ''}`} aria-describedby={error ? 'app-apiAccess-error' : 'app-apiAccess-hint'}>
      <legend>{t('apps.field.apiAccess')}</legend>
      {loaded.error !== undefined && <ErrorNotice error={loaded.error} retry={loaded.reload} />}
      {loaded.data && apis.length === 0 && <p className="muted">{t('apps.apiAccess.none')}</p>}
      {apis.map((a) => (
        <div key={a.id} className="api-access-group" data-api={a.identifier}>
          <p>
            <strong>{a.name}</strong> <code className="small">{a.identifier}</code>
          </p>
          <ul className="plain checks">
            {a.scopes.map((s) => (
              <li key={s.name}>
                <label>
                  <input type="checkbox" checked={has(a.id, s.name)} onChange={(e) => toggle(a.id, s.name, e.target.checked)} /> <code>{s.name}</code>{' '}
                  {s.description && <span className="muted small">{s.description}</span>}
                </label>
              </li>
            ))}
          </ul>
        </div>
      ))}
      {error ? (
        <p className="field-error" id="app-apiAccess-error" role="alert">
          {error}
        </p>
      ) : (
        <p className="hint" id="app-apiAccess-hint">
          {t('apps.field.apiAccess.hint')}
        </p>
      )}
    </fieldset>
  );
}
