import type { Application } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatDateTime } from '../../lib/format.ts';

export function ApplicationOverview({ app }: { app: Application }) {
  const { t, locale } = useI18n();
  const list = (values: string[]) => (values.length ? values.map((v) => <code key={v}>{v}</code>) : '—');
  return (
    <section className="card" role="tabpanel">
      <dl className="details">
        <dt>{t('apps.field.kind')}</dt>
        <dd>{app.kind === 'user_center' ? t('apps.kind.userCenter') : t('apps.kind.oidc')}</dd>
        <dt>{t('apps.field.clientId')}</dt>
        <dd>
          <code>{app.clientId}</code>
        </dd>
        <dt>{t('apps.field.clientType')}</dt>
        <dd>{app.clientType === 'public' ? t('apps.clientType.public') : t('apps.clientType.confidential')}</dd>
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
