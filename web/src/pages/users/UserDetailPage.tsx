/** One user: edit, sign out everywhere, disable or enable (for roles that may), their two-step verification and their bound accounts. */
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { useAsync } from '../../lib/useAsync.ts';
import type { User } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../lib/router.tsx';
import { ErrorNotice, Loading, Notice } from '../../components/States.tsx';
import { ReadOnlyNotice } from '../../components/Access.tsx';
import { useCan } from '../../lib/permissions.ts';
import { UserForm } from './UserForm.tsx';
import { UserBindings } from './UserBindings.tsx';
import { UserDirectory } from './UserDirectory.tsx';
import { UserFactors } from './UserFactors.tsx';
import { StatusBadge } from './StatusBadge.tsx';
import { SignOutEverywhere } from './SignOutEverywhere.tsx';

export function UserDetailPage({ id }: { id: string }) {
  const { t } = useI18n();
  const writable = useCan()('users:write');
  const loaded = useAsync(() => api<User>('GET', `/users/${encodeURIComponent(id)}`), [id]);
  const [user, setUser] = useState<User>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  /** The user last signed out everywhere from this page: the notice is theirs only. */
  const [signedOutId, setSignedOutId] = useState<string>();
  const current = user?.id === id ? user : loaded.data;

  const setStatus = async (status: 'active' | 'disabled') => {
    if (!current) return;
    setBusy(true);
    setError(undefined);
    try {
      setUser(await api<User>('PATCH', `/users/${encodeURIComponent(current.id)}`, { status }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page narrow">
      <p className="crumbs">
        <Link to="/users">{t('users.title')}</Link>
      </p>
      {loaded.error !== undefined && <ErrorNotice error={loaded.error} retry={loaded.reload} />}
      {loaded.loading && !current && <Loading />}
      {current && (
        <>
          <header className="page-header">
            <div>
              <h1>
                {current.displayName} <StatusBadge status={current.status} />
              </h1>
              <p className="muted">{current.username}</p>
            </div>
            {writable && (
              <div className="header-actions">
                {/* A disabled or locked user was signed out everywhere when that happened. */}
                {current.status === 'active' && <SignOutEverywhere user={current} onSignedOut={() => setSignedOutId(current.id)} />}
                {current.status === 'active' ? (
                  <button type="button" className="btn danger ghost" disabled={busy} onClick={() => setStatus('disabled')}>
                    {t('user.disable')}
                  </button>
                ) : (
                  <button type="button" className="btn" disabled={busy} onClick={() => setStatus('active')}>
                    {t('user.enable')}
                  </button>
                )}
              </div>
            )}
          </header>
          {!writable && <ReadOnlyNotice />}
          {error !== undefined && <ErrorNotice error={error} />}
          {signedOutId === current.id && <Notice kind="ok">{t('user.signedOutEverywhere', { name: current.displayName })}</Notice>}
          <section className="card" aria-labelledby="profile-title">
            <h2 id="profile-title">{t('user.profile')}</h2>
            <UserForm
              user={current}
              onSaved={setUser}
              readOnly={!writable}
              footer={(saving) =>
                writable && (
                  <div className="form-actions">
                    <button type="submit" className="btn primary" disabled={saving}>
                      {saving ? t('state.saving') : t('action.save')}
                    </button>
                  </div>
                )
              }
            />
          </section>
          <UserDirectory userId={current.id} />
          <UserFactors user={current} />
          <UserBindings userId={current.id} />
        </>
      )}
    </div>
  );
}
