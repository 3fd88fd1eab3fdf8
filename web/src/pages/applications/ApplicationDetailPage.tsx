/** One application, with tabs (Overview, Login Configuration) and, for roles that may, edit, new secret, delete. */
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { useAsync } from '../../lib/useAsync.ts';
import type { Application, ApplicationWithSecret } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../lib/router.tsx';
import { useCan } from '../../lib/permissions.ts';
import { ErrorNotice, Loading, Notice } from '../../components/States.tsx';
import { protocolUi } from './protocols.ts';
import { Tabs } from '../../components/Tabs.tsx';
import { AppLogo } from './ApplicationsPage.tsx';
import { ApplicationOverview } from './ApplicationOverview.tsx';
import { ApplicationActions } from './ApplicationActions.tsx';
import { LoginConfigurationTab } from './LoginConfigurationTab.tsx';
import { SecondFactorSetting } from './SecondFactorSetting.tsx';

export function ApplicationDetailPage({ id, tab }: { id: string; tab: 'overview' | 'login' }) {
  const { t } = useI18n();
  const can = useCan();
  const loaded = useAsync(() => api<Application>('GET', `/applications/${encodeURIComponent(id)}`), [id]);
  const [changed, setChanged] = useState<Application>();
  const app = changed?.id === id ? changed : loaded.data;
  // An application no one signs in to (a machine-to-machine client) has no Login Configuration.
  const signsIn = !app || (protocolUi(app.protocol)?.signsPeopleIn?.(app) ?? true);
  return (
    <div className="page">
      <p className="crumbs">
        {t('nav.resources')} / <Link to="/applications">{t('apps.title')}</Link>
      </p>
      {loaded.error !== undefined && <ErrorNotice error={loaded.error} retry={loaded.reload} />}
      {loaded.loading && !app && <Loading />}
      {app && (
        <>
          <header className="page-header">
            <div className="with-logo">
              <AppLogo app={app} />
              <div>
                <h1>{app.name}</h1>
                <p className="muted">{app.description}</p>
              </div>
            </div>
            {can('applications:write') && <ApplicationActions app={app} onChanged={(r: ApplicationWithSecret) => setChanged(r.application)} />}
          </header>
          <Tabs
            label={t('apps.tabs')}
            current={tab}
            tabs={[
              { id: 'overview', label: t('apps.tab.overview'), to: `/applications/${id}` },
              ...(signsIn ? [{ id: 'login', label: t('apps.tab.login'), to: `/applications/${id}/login-configuration` }] : []),
            ]}
          />
          {tab === 'overview' ? (
            <ApplicationOverview app={app} />
          ) : signsIn ? (
            <>
              <LoginConfigurationTab app={app} />
              <SecondFactorSetting key={app.id} app={app} onSaved={setChanged} />
            </>
          ) : (
            <Notice kind="info">{t('apps.loginNotNeeded')}</Notice>
          )}
        </>
      )}
    </div>
  );
}
