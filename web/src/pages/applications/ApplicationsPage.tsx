/** Resources > Applications: every application system integrated on Portico, and "Create application". */
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { useAsync } from '../../lib/useAsync.ts';
import type { Application, ApplicationWithSecret } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link, navigate } from '../../lib/router.tsx';
import { useCan } from '../../lib/permissions.ts';
import { useLabels } from '../../lib/labels.ts';
import { Badge, Empty, ErrorNotice, Loading } from '../../components/States.tsx';
import { Dialog, DialogFormActions } from '../../components/Dialog.tsx';
import { ApplicationForm } from './ApplicationForm.tsx';
import { ClientCredentialsDialog } from './ClientCredentials.tsx';
import { protocolUi } from './protocols.ts';

export function AppLogo({ app }: { app: Application }) {
  return app.logoUrl ? <img className="app-logo" src={app.logoUrl} alt="" /> : <span className="app-logo" aria-hidden="true">{app.name.slice(0, 1).toUpperCase()}</span>;
}

export function ApplicationsPage() {
  const { t } = useI18n();
  const can = useCan();
  const labels = useLabels();
  const apps = useAsync(() => api<{ items: Application[] }>('GET', '/applications'), []);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<ApplicationWithSecret>();
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <p className="crumbs">{t('nav.resources')}</p>
          <h1>{t('apps.title')}</h1>
          <p className="muted">{t('apps.subtitle')}</p>
        </div>
        {can('applications:write') && (
          <button type="button" className="btn primary" onClick={() => setCreating(true)}>
            {t('apps.new')}
          </button>
        )}
      </header>
      {apps.error !== undefined && <ErrorNotice error={apps.error} retry={apps.reload} />}
      {apps.loading && !apps.data && <Loading />}
      {apps.data && apps.data.items.length === 0 && <Empty title={t('apps.empty')} />}
      {apps.data && apps.data.items.length > 0 && (
        <ul className="app-grid">
          {apps.data.items.map((app) => (
            <li key={app.id}>
              <Link to={`/applications/${app.id}`} className="card app-card">
                <AppLogo app={app} />
                <div>
                  <strong>{app.name}</strong>
                  <p className="muted small">{app.description || protocolUi(app.protocol)?.credentials?.(app)?.clientId}</p>
                  <span className="with-badge">
                    <Badge kind="muted">{labels.protocol(app.protocol)}</Badge>
                    {app.builtIn && <Badge kind="info">{t('apps.builtIn')}</Badge>}
                  </span>
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {creating && (
        <Dialog title={t('apps.new')} onClose={() => setCreating(false)}>
          <ApplicationForm
            onSaved={(result) => {
              setCreating(false);
              // An application with credentials (a client ID, a secret) shows them once; one without opens at once.
              if (!protocolUi(result.application.protocol)?.credentials?.(result.application)) return navigate(`/applications/${result.application.id}`);
              setCreated(result);
              apps.reload();
            }}
            footer={(busy) => <DialogFormActions busy={busy} submitLabel={t('apps.create')} onCancel={() => setCreating(false)} />}
          />
        </Dialog>
      )}
      {created && (
        <ClientCredentialsDialog
          title={t('apps.created', { name: created.application.name })}
          clientId={protocolUi(created.application.protocol)?.credentials?.(created.application)?.clientId ?? ''}
          result={created}
          doneLabel={created.clientSecret ? t('apps.openCreated') : t('apps.openApplication')}
          onDone={() => navigate(`/applications/${created.application.id}`)}
        />
      )}
    </div>
  );
}
