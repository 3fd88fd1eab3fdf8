/** Users: search, filter by status, page through, create; import from and export to CSV. */
import { useEffect, useState } from 'react';
import { api, query } from '../../lib/api.ts';
import { useAsync } from '../../lib/useAsync.ts';
import type { Page, User, UserStatus } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link, navigate } from '../../lib/router.tsx';
import { Empty, ErrorNotice, Loading } from '../../components/States.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { Dialog, DialogFormActions } from '../../components/Dialog.tsx';
import { useOrgUnits } from '../../components/OrgUnitSelect.tsx';
import { useCan } from '../../lib/permissions.ts';
import { UserForm } from './UserForm.tsx';
import { StatusBadge } from './StatusBadge.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { UsersTabs } from './UsersTabs.tsx';
import { ImportCsvDialog } from './ImportCsvDialog.tsx';

/** The export downloads as a file: a plain link, not an API call. */
const EXPORT_URL = '/api/admin/v1/users/export.csv';

const PAGE_SIZE = 20;

export function UsersPage() {
  const { t } = useI18n();
  const can = useCan();
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<UserStatus | ''>('');
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const users = useAsync(() => api<Page<User>>('GET', `/users${query({ q, status, page, pageSize: PAGE_SIZE })}`), [q, status, page]);
  const units = useOrgUnits();
  const unitName = (id: string) => units.data?.find((r) => r.unit.id === id)?.path ?? '';

  // Search as the admin types, a moment after they stop. Only a changed search goes back to page 1:
  // on mount this must not undo a quick click on "Next".
  useEffect(() => {
    const next = search.trim();
    if (next === q) return;
    const timer = window.setTimeout(() => {
      setQ(next);
      setPage(1);
    }, 300);
    return () => window.clearTimeout(timer);
  }, [search, q]);

  const items = users.data?.items ?? [];
  return (
    <div className="page">
      <PageHeader title={t('users.title')} subtitle={t('users.subtitle')}>
        <div className="header-actions">
          <a className="btn" href={EXPORT_URL} download>
            {t('csv.export')}
          </a>
          {can('users:write') && (
            <>
              <button type="button" className="btn" onClick={() => setImporting(true)}>
                {t('csv.import')}
              </button>
              <button type="button" className="btn primary" onClick={() => setCreating(true)}>
                {t('users.new')}
              </button>
            </>
          )}
        </div>
      </PageHeader>
      <UsersTabs current="people" />
      <div className="toolbar" role="search">
        <input type="search" aria-label={t('users.search')} placeholder={t('users.search')} value={search} onChange={(e) => setSearch(e.target.value)} />
        <select
          aria-label={t('users.statusFilter')}
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as UserStatus | '');
            setPage(1);
          }}
        >
          <option value="">{t('users.allStatuses')}</option>
          {(['active', 'disabled', 'locked'] as const).map((s) => (
            <option key={s} value={s}>
              {t(`user.status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      {users.error !== undefined && <ErrorNotice error={users.error} retry={users.reload} />}
      {users.loading && !users.data && <Loading />}
      {users.data && items.length === 0 && <Empty title={q || status ? t('users.noMatch') : t('users.empty')} />}
      {items.length > 0 && (
        <div className={`table-wrap card flush${users.loading ? ' busy' : ''}`}>
          <table className="table">
            <thead>
              <tr>
                <th>{t('user.username')}</th>
                <th>{t('user.displayName')}</th>
                <th>{t('user.mobile')}</th>
                <th>{t('user.email')}</th>
                <th>{t('user.orgUnit')}</th>
                <th>{t('user.status')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((u) => (
                <tr key={u.id}>
                  <td>
                    <Link to={`/users/${u.id}`}>{u.username}</Link>
                  </td>
                  <td>{u.displayName}</td>
                  <td className="nowrap">{u.mobile ?? '—'}</td>
                  <td>{u.email ?? '—'}</td>
                  <td className="muted">{unitName(u.orgUnitId)}</td>
                  <td>
                    <StatusBadge status={u.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {users.data && <Pagination page={users.data.page} pageSize={users.data.pageSize} total={users.data.total} capped={users.data.totalCapped} onPage={setPage} />}
      {creating && (
        <Dialog title={t('users.new')} onClose={() => setCreating(false)}>
          <UserForm
            onSaved={(u) => navigate(`/users/${u.id}`)}
            footer={(busy) => <DialogFormActions busy={busy} submitLabel={t('users.create')} onCancel={() => setCreating(false)} />}
          />
        </Dialog>
      )}
      {importing && <ImportCsvDialog onClose={() => setImporting(false)} />}
    </div>
  );
}
