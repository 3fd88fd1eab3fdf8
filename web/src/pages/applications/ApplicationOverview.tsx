/** An application's page, Overview: its protocol, that protocol's settings, and what to register in the application. */
import type { Application } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useLabels } from '../../lib/labels.ts';
import { formatDateTime } from '../../lib/format.ts';
import { Badge } from '../../components/States.tsx';
import { protocolUi } from './protocols.ts';
import { ApplicationEndpointsList } from './ApplicationEndpoints.tsx';

export function ApplicationOverview({ app }: { app: Application }) {
  const { t, locale } = useI18n();
  const labels = useLabels();
  const settings = protocolUi(app.protocol);
  return (
    <section className="card" role="tabpanel">
      <dl className="details">
        <dt>{t('apps.field.protocol')}</dt>
        <dd className="with-badge" data-field="protocol">
          {labels.protocol(app.protocol)}
          {app.builtIn && <Badge kind="info">{t('apps.builtIn')}</Badge>}
        </dd>
        {settings && <settings.Overview app={app} />}
        {!app.builtIn && (
          <>
            <dt>{t('apps.field.inPortal')}</dt>
            <dd data-field="inPortal">{app.inPortal ? t('apps.inPortal.yes') : t('apps.inPortal.no')}</dd>
          </>
        )}
        <dt>{t('apps.field.created')}</dt>
        <dd>{formatDateTime(app.createdAt, locale)}</dd>
      </dl>
      {settings?.Advanced && <settings.Advanced app={app} />}
      <p className="muted small">{t('apps.overviewHint')}</p>
      <ApplicationEndpointsList app={app} />
    </section>
  );
}
