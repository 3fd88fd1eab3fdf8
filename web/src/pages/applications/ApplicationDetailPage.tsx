/** One application, with tabs: Overview and Login Configuration. */
import { api } from '../../lib/api.ts';
import { useAsync } from '../../lib/useAsync.ts';
import type { Application } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../lib/router.tsx';
import { ErrorNotice, Loading } from '../../components/States.tsx';
import { Tabs } from '../../components/Tabs.tsx';
import { AppLogo } from './ApplicationsPage.tsx';
import { ApplicationOverview } from './ApplicationOverview.tsx';
import { LoginConfigurationTab } from './LoginConfigurationTab.tsx';

export function ApplicationDetailPage({ id, tab }: { id: string; tab: 'overview' | 'login' }) {
  const { t } = useI18n();
  const app = useAsync(() => api<Application>('GET', `/applications/${encodeURIComponent(id)}`), [id]);
  return (
    <div className="page">
      <p className="crumbs">
        {t('nav.resources')} / <Link to="/applications">{t('apps.title')}</Link>
      </p>
      {app.error !== undefined && <ErrorNotice error={app.error} retry={app.reload} />}
      {app.loading && !app.data && <Loading />}
      {app.data && (
        <>
          <header className="page-header">
            <div className="with-logo">
              <AppLogo app={app.data} />
              <div>
                <h1>{app.data.name}</h1>
                <p className="muted">{app.data.description}</p>
              </div>
            </div>
          </header>
          <Tabs
            label={t('apps.tabs')}
            current={tab}
            tabs={[
              { id: 'overview', label: t('apps.tab.overview'), to: `/applications/${id}` },
              { id: 'login', label: t('apps.tab.login'), to: `/applications/${id}/login-configuration` },
            ]}
          />
          {tab === 'overview' ? <ApplicationOverview app={app.data} /> : <LoginConfigurationTab app={app.data} />}
        </>
      )}
    </div>
  );
}
