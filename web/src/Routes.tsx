/** The console's pages by path (under /console). */
import type { ReactElement } from 'react';
import { matchPath, usePath, Link } from './lib/router.tsx';
import { useI18n } from './i18n/i18n.tsx';
import { Empty } from './components/States.tsx';
import { DashboardPage } from './pages/DashboardPage.tsx';
import { ApplicationsPage } from './pages/applications/ApplicationsPage.tsx';
import { ApplicationDetailPage } from './pages/applications/ApplicationDetailPage.tsx';
import { SourcesPage } from './pages/sources/SourcesPage.tsx';
import { SourcePage } from './pages/sources/SourcePage.tsx';
import { DingTalkSourcePage } from './pages/sources/DingTalkSourcePage.tsx';
import { UsersPage } from './pages/users/UsersPage.tsx';
import { UserDetailPage } from './pages/users/UserDetailPage.tsx';
import { OrganizationPage } from './pages/OrganizationPage.tsx';
import { AuditPage } from './pages/audit/AuditPage.tsx';

const ROUTES: [string, (p: Record<string, string>) => ReactElement][] = [
  ['/', () => <DashboardPage />],
  ['/applications', () => <ApplicationsPage />],
  ['/applications/:id', (p) => <ApplicationDetailPage id={p.id} tab="overview" />],
  ['/applications/:id/login-configuration', (p) => <ApplicationDetailPage id={p.id} tab="login" />],
  ['/sources', () => <SourcesPage />],
  ['/sources/new/dingtalk', () => <DingTalkSourcePage />],
  ['/sources/:id', (p) => <SourcePage id={p.id} />],
  ['/users', () => <UsersPage />],
  ['/users/:id', (p) => <UserDetailPage id={p.id} />],
  ['/organization', () => <OrganizationPage />],
  ['/audit', () => <AuditPage />],
];

function NotFound() {
  const { t } = useI18n();
  return (
    <div className="page">
      <Empty title={t('notFound.title')}>
        <Link to="/">{t('notFound.home')}</Link>
      </Empty>
    </div>
  );
}

export function Routes() {
  const path = usePath();
  for (const [pattern, render] of ROUTES) {
    const params = matchPath(pattern, path);
    if (params) return render(params);
  }
  return <NotFound />;
}
