/**
 * /users/identity-sources/:id (Status: the status panel, run history and event log) and …/:id/settings
 * (the form and Test connection), under the source's name and its Dry run / Sync now buttons; and
 * /users/identity-sources/new.
 */
import { useState, type ReactNode } from 'react';
import { api } from '../../lib/api.ts';
import { useAsync } from '../../lib/useAsync.ts';
import type { IdentitySource } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useCan } from '../../lib/permissions.ts';
import { useLabels } from '../../lib/labels.ts';
import { Link } from '../../lib/router.tsx';
import { Badge, ErrorNotice, Loading, Notice } from '../../components/States.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Tabs } from '../../components/Tabs.tsx';
import { IdentitySourceForm } from './IdentitySourceForm.tsx';
import { SyncConnectionTest } from './SyncConnectionTest.tsx';
import { SyncStatusPanel } from './SyncStatusPanel.tsx';
import { RunHistory } from './RunHistory.tsx';
import { EventLog } from './EventLog.tsx';
import { RunButtons } from './RunButtons.tsx';

function Crumbs() {
  const { t } = useI18n();
  return (
    <p className="crumbs">
      <Link to="/users">{t('users.title')}</Link> / <Link to="/users/identity-sources">{t('users.tab.identitySources')}</Link>
    </p>
  );
}

export function NewIdentitySourcePage() {
  const { t } = useI18n();
  return (
    <div className="page narrow">
      <Crumbs />
      <PageHeader title={t('idSource.newTitle')} subtitle={t('idSource.intro')} />
      <IdentitySourceForm />
    </div>
  );
}

export function IdentitySourcePage({ id, tab }: { id: string; tab: 'status' | 'settings' }) {
  const { t } = useI18n();
  const labels = useLabels();
  const can = useCan();
  const loaded = useAsync(() => api<IdentitySource>('GET', `/identity-sources/${encodeURIComponent(id)}`), [id]);
  const [changed, setChanged] = useState<IdentitySource>();
  const source = changed?.id === id ? changed : loaded.data;
  let body: ReactNode = null;
  if (source && tab === 'status') {
    body = (
      <>
        <SyncStatusPanel source={source} />
        <RunHistory sourceId={source.id} />
        <EventLog sourceId={source.id} />
      </>
    );
  } else if (source) {
    body = (
      <>
        <CreatedBanner />
        <IdentitySourceForm source={source} onSaved={setChanged} />
        {can('users:write') && <SyncConnectionTest sourceId={source.id} />}
      </>
    );
  }
  return (
    <div className={`page${tab === 'settings' ? ' narrow' : ''}`}>
      <Crumbs />
      {loaded.error !== undefined && <ErrorNotice error={loaded.error} retry={loaded.reload} />}
      {loaded.loading && !source && <Loading />}
      {source && (
        <>
          <PageHeader
            title={
              <>
                {source.name} <Badge kind={source.enabled ? 'ok' : 'muted'}>{t(source.enabled ? 'idSource.enabled' : 'idSource.disabled')}</Badge>
              </>
            }
            subtitle={`${labels.sourceType(source.type)} · CorpId ${source.config.corpId}`}
          >
            {can('users:write') && <RunButtons sourceId={source.id} />}
          </PageHeader>
          <Tabs
            label={t('idSource.tabs')}
            current={tab}
            tabs={[
              { id: 'status', label: t('idSource.tab.status'), to: `/users/identity-sources/${id}` },
              { id: 'settings', label: t('idSource.tab.settings'), to: `/users/identity-sources/${id}/settings` },
            ]}
          />
          {body}
        </>
      )}
    </div>
  );
}

/** After creating: what to do next (test the connection, then a dry run). */
function CreatedBanner() {
  const { t } = useI18n();
  if (!new URLSearchParams(window.location.search).has('created')) return null;
  return <Notice kind="ok">{t('idSource.created')}</Notice>;
}
