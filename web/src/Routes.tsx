/** The console's pages by path (under /console), each with the permission its role needs to open it. */
import type { ReactElement } from 'react';
import { matchPath, usePath, Link } from './lib/router.tsx';
import { useI18n } from './i18n/i18n.tsx';
import { Empty } from './components/States.tsx';
import { DashboardPage } from './pages/DashboardPage.tsx';
import { ApplicationsPage } from './pages/applications/ApplicationsPage.tsx';
import { ApplicationDetailPage } from './pages/applications/ApplicationDetailPage.tsx';
import { ApisPage } from './pages/apis/ApisPage.tsx';
import { SourcesPage } from './pages/sources/SourcesPage.tsx';
import { NewSourcePage, SourcePage } from './pages/sources/SourcePage.tsx';
import { UsersPage } from './pages/users/UsersPage.tsx';
import { UserDetailPage } from './pages/users/UserDetailPage.tsx';
import { IdentitySourcesPage } from './pages/identity-sources/IdentitySourcesPage.tsx';
import { IdentitySourcePage, NewIdentitySourcePage } from './pages/identity-sources/IdentitySourcePage.tsx';
import { SyncRunPage } from './pages/sync-runs/SyncRunPage.tsx';
import { OrganizationPage } from './pages/OrganizationPage.tsx';
import { AuditPage } from './pages/audit/AuditPage.tsx';
import { AdminsPage } from './pages/admins/AdminsPage.tsx';
import { SigningKeysPage } from './pages/signing-keys/SigningKeysPage.tsx';
import { NoAccess } from './components/Access.tsx';
import { useCan, type Permission } from './lib/permissions.ts';

const ROUTES: [string, Permission | null, (p: Record<string, string>) => ReactElement][] = [
  ['/', null, () => <DashboardPage />],
  ['/applications', 'applications:read', () => <ApplicationsPage />],
  ['/applications/:id', 'applications:read', (p) => <ApplicationDetailPage id={p.id} tab="overview" />],
  ['/applications/:id/login-configuration', 'applications:read', (p) => <ApplicationDetailPage id={p.id} tab="login" />],
  ['/apis', 'apis:read', () => <ApisPage />],
  ['/sources', 'sources:read', () => <SourcesPage />],
  ['/sources/new/:type', 'sources:write', (p) => <NewSourcePage type={p.type} />],
  ['/sources/:id', 'sources:read', (p) => <SourcePage id={p.id} />],
  ['/users', 'users:read', () => <UsersPage />],
  // Before /users/:id, which would take "identity-sources" for a user's id.
  ['/users/identity-sources', 'users:read', () => <IdentitySourcesPage />],
  ['/users/identity-sources/new', 'users:write', () => <NewIdentitySourcePage />],
  ['/users/identity-sources/:id', 'users:read', (p) => <IdentitySourcePage id={p.id} tab="status" />],
  ['/users/identity-sources/:id/settings', 'users:read', (p) => <IdentitySourcePage id={p.id} tab="settings" />],
  ['/users/sync-runs/:id', 'users:read', (p) => <SyncRunPage id={p.id} />],
  ['/users/:id', 'users:read', (p) => <UserDetailPage id={p.id} />],
  ['/organization', 'org_units:read', () => <OrganizationPage />],
  ['/audit', 'audit:read', () => <AuditPage />],
  ['/admins', 'admins:read', () => <AdminsPage />],
  ['/signing-keys', 'signing_keys:read', () => <SigningKeysPage />],
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
  const can = useCan();
  for (const [pattern, permission, render] of ROUTES) {
    const params = matchPath(pattern, path);
    if (params) return permission && !can(permission) ? <NoAccess /> : render(params);
  }
  return <NotFound />;
}
