/**
 * Administrators: the Enterprise Center's accounts and their roles. Roles that may read admins see
 * the list; super admins (admins:write) add, change, give new passwords to, disable and delete them.
 */
import { Fragment, useState } from 'react';
import { api } from '../../lib/api.ts';
import { useAsync } from '../../lib/useAsync.ts';
import { useAction } from '../../lib/useAction.ts';
import type { Admin, AdminRole } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useSession } from '../../lib/session.tsx';
import { useCan } from '../../lib/permissions.ts';
import { Badge, Empty, ErrorNotice, Loading } from '../../components/States.tsx';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { ReadOnlyNotice } from '../../components/Access.tsx';
import { EditAdminDialog, HandoverDialog, NewAdminDialog, PasswordDialog } from './AdminDialogs.tsx';
import { ROLES, isLastSuperAdmin } from './adminForm.ts';
import { PageHeader } from '../../components/PageHeader.tsx';

const ROLE_BADGE = { super_admin: 'warn', app_admin: 'info', auditor: 'muted' } as const;

export function RoleBadge({ role }: { role: AdminRole }) {
  const { t } = useI18n();
  return <Badge kind={ROLE_BADGE[role]}>{t(`role.${role}`)}</Badge>;
}

type Open = { kind: 'new' } | { kind: 'edit' | 'password' | 'disable' | 'delete'; admin: Admin };
interface Handover {
  title: string;
  admin: Admin;
  password: string;
}

export function AdminsPage() {
  const { t, locale } = useI18n();
  const { admin: me } = useSession();
  const writable = useCan()('admins:write');
  const admins = useAsync(() => api<{ items: Admin[] }>('GET', '/admins'), []);
  const [open, setOpen] = useState<Open>();
  const [handover, setHandover] = useState<Handover>();
  const { busy, error, run, clearError } = useAction();
  const all = admins.data?.items ?? [];

  const close = () => {
    setOpen(undefined);
    clearError();
  };
  const done = () => {
    close();
    admins.reload();
  };
  const change = (admin: Admin, body: Record<string, unknown>) =>
    run(async () => {
      await api<Admin>('PATCH', `/admins/${encodeURIComponent(admin.id)}`, body);
      done();
    });
  const remove = (admin: Admin) =>
    run(async () => {
      await api('DELETE', `/admins/${encodeURIComponent(admin.id)}`);
      done();
    });
  /** Disabling and deleting are asked for first; about one's own account, with the consequence said. */
  const confirm =
    open?.kind === 'disable' || open?.kind === 'delete'
      ? {
          title: t(open.kind === 'disable' ? 'admins.disableTitle' : 'admins.deleteTitle', { name: open.admin.username }),
          message: t(open.kind === 'disable' ? 'admins.disableMessage' : 'admins.deleteMessage') + (open.admin.id === me?.id ? ` ${t('admins.signsYouOut')}` : ''),
          confirmLabel: open.kind === 'disable' ? t('admins.disable') : t('action.delete'),
          onConfirm: open.kind === 'disable' ? () => change(open.admin, { status: 'disabled' }) : () => remove(open.admin),
        }
      : undefined;
  const lastSuperAdmin = (a: Admin) => (isLastSuperAdmin(a, all) ? t('admins.lastSuperAdmin') : undefined);

  return (
    <div className="page">
      <PageHeader title={t('admins.title')} subtitle={t('admins.subtitle')}>
        {writable && (
          <button type="button" className="btn primary" onClick={() => setOpen({ kind: 'new' })}>
            {t('admins.new')}
          </button>
        )}
      </PageHeader>
      {!writable && <ReadOnlyNotice />}
      {admins.error !== undefined && <ErrorNotice error={admins.error} retry={admins.reload} />}
      {error !== undefined && !open && <ErrorNotice error={error} />}
      {admins.loading && !admins.data && <Loading />}
      {admins.data && all.length === 0 && <Empty title={t('admins.empty')} />}
      {all.length > 0 && (
        <div className={`table-wrap card flush${admins.loading ? ' busy' : ''}`}>
          <table className="table cards-on-phone">
            <thead>
              <tr>
                <th>{t('admins.col.admin')}</th>
                <th>{t('admins.col.role')}</th>
                <th>{t('admins.col.status')}</th>
                <th>{t('admins.col.lastSignIn')}</th>
                {writable && <th>{t('admins.col.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {all.map((a) => {
                const locked = lastSuperAdmin(a);
                return (
                  <tr key={a.id} data-admin={a.username}>
                    <td data-label={t('admins.col.admin')}>
                      <div>
                        <strong>{a.displayName}</strong> {a.id === me?.id && <Badge kind="info">{t('admins.you')}</Badge>}
                        <div className="muted small">{a.username}</div>
                      </div>
                    </td>
                    <td data-label={t('admins.col.role')}>
                      <RoleBadge role={a.role} />
                    </td>
                    <td data-label={t('admins.col.status')}>
                      <Badge kind={a.status === 'active' ? 'ok' : 'muted'}>{t(`admins.status.${a.status}`)}</Badge>
                    </td>
                    <td data-label={t('admins.col.lastSignIn')} className="nowrap">
                      {a.lastLoginAt ? formatDateTime(a.lastLoginAt, locale) : t('admins.neverSignedIn')}
                    </td>
                    {writable && (
                      <td className="cell-actions">
                        <div className="row-actions wrap">
                          <button type="button" className="btn small ghost" aria-label={t('admins.editNamed', { name: a.username })} onClick={() => setOpen({ kind: 'edit', admin: a })}>
                            {t('admins.edit')}
                          </button>
                          <button type="button" className="btn small ghost" aria-label={t('admins.passwordNamed', { name: a.username })} onClick={() => setOpen({ kind: 'password', admin: a })}>
                            {t('admins.password.reset')}
                          </button>
                          {a.status === 'active' ? (
                            <span title={locked}>
                              <button type="button" className="btn small danger ghost" disabled={!!locked} aria-label={t('admins.disableNamed', { name: a.username })} onClick={() => setOpen({ kind: 'disable', admin: a })}>
                                {t('admins.disable')}
                              </button>
                            </span>
                          ) : (
                            <button type="button" className="btn small ghost" disabled={busy} aria-label={t('admins.enableNamed', { name: a.username })} onClick={() => change(a, { status: 'active' })}>
                              {t('admins.enable')}
                            </button>
                          )}
                          <span title={locked}>
                            <button type="button" className="btn small danger ghost" disabled={!!locked} aria-label={t('admins.deleteNamed', { name: a.username })} onClick={() => setOpen({ kind: 'delete', admin: a })}>
                              {t('action.delete')}
                            </button>
                          </span>
                        </div>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <section className="card" aria-labelledby="roles-title">
        <h2 id="roles-title">{t('admins.roles.title')}</h2>
        <dl className="details">
          {ROLES.map((r) => (
            <Fragment key={r}>
              <dt>
                <RoleBadge role={r} />
              </dt>
              <dd>{t(`role.${r}.description`)}</dd>
            </Fragment>
          ))}
        </dl>
      </section>

      {open?.kind === 'new' && (
        <NewAdminDialog
          onClose={close}
          onCreated={(admin, password) => {
            done();
            setHandover({ title: t('admins.created', { name: admin.username }), admin, password });
          }}
        />
      )}
      {open?.kind === 'edit' && <EditAdminDialog admin={open.admin} isSelf={open.admin.id === me?.id} lockedReason={lastSuperAdmin(open.admin)} onSaved={done} onClose={close} />}
      {open?.kind === 'password' && (
        <PasswordDialog
          admin={open.admin}
          isSelf={open.admin.id === me?.id}
          onClose={close}
          onSaved={(password) => {
            const admin = open.admin;
            done();
            setHandover({ title: t('admins.passwordSet', { name: admin.username }), admin, password });
          }}
        />
      )}
      {confirm && <ConfirmDialog {...confirm} busy={busy} error={error !== undefined && <ErrorNotice error={error} />} onClose={close} />}
      {handover && <HandoverDialog title={handover.title} admin={handover.admin} password={handover.password} onDone={() => setHandover(undefined)} />}
    </div>
  );
}
