import type { Application } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { CopyButton } from '../../components/CopyButton.tsx';

export function ApplicationOverview({ app }: { app: Application }) {
  const { t, locale } = useI18n();
  const list = (values: string[]) => (app.builtIn ? <span className="muted">{t('apps.managedByPortico')}</span> : values.length ? values.map((v) => <code key={v}>{v}</code>) : '—');
  return (
    <section className="card" role="tabpanel">
      <dl className="details">
        <dt>{t('apps.field.kind')}</dt>
        <dd>{app.kind === 'user_center' ? t('apps.kind.userCenter') : t('apps.kind.oidc')}</dd>
        <dt>{t('apps.field.clientId')}</dt>
        <dd className="with-button">
          <code data-field="client-id">{app.clientId}</code>
          <CopyButton value={app.clientId} label={t('apps.copyClientId')} />
        </dd>
        <dt>{t('apps.field.clientType')}</dt>
        <dd>{app.clientType === 'public' ? t('apps.clientType.public') : t('apps.clientType.confidential')}</dd>
        <dt>{t('apps.field.clientSecret')}</dt>
        <dd>{app.clientType === 'public' ? t('apps.secret.none') : app.hasSecret ? t('apps.secret.set') : '—'}</dd>
        <dt>{t('apps.field.firstParty')}</dt>
        <dd>{app.firstParty ? t('apps.firstParty.yes') : t('apps.firstParty.no')}</dd>
        <dt>{t('apps.field.redirectUris')}</dt>
        <dd className="stack">{list(app.redirectUris)}</dd>
        <dt>{t('apps.field.logoutUris')}</dt>
        <dd className="stack">{list(app.postLogoutRedirectUris)}</dd>
        <dt>{t('apps.field.created')}</dt>
        <dd>{formatDateTime(app.createdAt, locale)}</dd>
      </dl>
      <p className="muted small">{t('apps.overviewHint')}</p>
    </section>
  );
}
