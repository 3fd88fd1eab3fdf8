/** An OpenID Connect application's settings on its page (its client ID is with the endpoints to register). */
import type { OidcApplication } from '../../../lib/types.ts';
import { useI18n } from '../../../i18n/i18n.tsx';
import type { MessageKey } from '../../../i18n/en.ts';
import type { ClientType } from '../../../../../src/protocols/oidc/views.ts';
import { useApiAccess } from './useApiAccess.ts';

const CLIENT_TYPE_LABELS: Record<ClientType, MessageKey> = { confidential: 'apps.clientType.confidential', public: 'apps.clientType.public', machine: 'apps.clientType.machine' };

export function OidcOverview({ app }: { app: OidcApplication }) {
  const { t } = useI18n();
  const list = (values: string[]) => (app.builtIn ? <span className="muted">{t('apps.managedByPortico')}</span> : values.length ? values.map((v) => <code key={v}>{v}</code>) : '—');
  return (
    <>
      <dt>{t('apps.field.clientType')}</dt>
      <dd>{t(CLIENT_TYPE_LABELS[app.clientType])}</dd>
      <dt>{t('apps.field.clientSecret')}</dt>
      <dd>{app.clientType === 'public' ? t('apps.secret.none') : app.hasSecret ? t('apps.secret.set') : '—'}</dd>
      <dt>{t('apps.field.firstParty')}</dt>
      <dd>{app.firstParty ? t('apps.firstParty.yes') : t('apps.firstParty.no')}</dd>
      <dt>{t('apps.field.redirectUris')}</dt>
      <dd className="stack">{list(app.redirectUris)}</dd>
      <dt>{t('apps.field.logoutUris')}</dt>
      <dd className="stack">{list(app.postLogoutRedirectUris)}</dd>
      {!app.builtIn && <ApiAccessOverview applicationId={app.id} version={app.updatedAt} />}
    </>
  );
}

/** What the application may be granted of each registered API: the API's name and the scopes. */
function ApiAccessOverview({ applicationId, version }: { applicationId: string; version: string }) {
  const { t } = useI18n();
  const loaded = useApiAccess(applicationId, version);
  const granted = loaded.data?.access.apis ?? [];
  const nameOf = (apiId: string) => loaded.data?.apis.find((a) => a.id === apiId)?.name ?? apiId;
  return (
    <>
      <dt>{t('apps.field.apiAccess')}</dt>
      <dd className="stack" data-field="apiAccess">
        {loaded.error !== undefined
          ? t('apps.apiAccess.unavailable')
          : granted.length
            ? granted.map((g) => (
                <span key={g.apiId}>
                  {nameOf(g.apiId)}: {g.scopes.map((s) => <code key={s}>{s}</code>)}
                </span>
              ))
            : loaded.data
              ? '—'
              : ''}
      </dd>
    </>
  );
}
