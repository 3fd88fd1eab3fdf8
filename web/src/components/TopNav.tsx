/**
 * The top navigation bar: Dashboard, Resources > Applications, APIs and Signing Keys, Authentication Sources, Users,
 * Organization, Audit, Administrators; each only for the roles that may open it. At the end, the
 * signed-in admin's name and role open their account menu (Change password), then Sign out.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, usePath } from '../lib/router.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../lib/session.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { useCan, type Permission } from '../lib/permissions.ts';
import type { Admin } from '../lib/types.ts';
import { ChangePasswordDialog } from './ChangePasswordDialog.tsx';

const within = (path: string, base: string) => (base === '/' ? path === '/' : path === base || path.startsWith(base + '/'));
const ITEMS: { to: string; label: MessageKey; permission: Permission }[] = [
  { to: '/sources', label: 'nav.sources', permission: 'sources:read' },
  { to: '/users', label: 'nav.users', permission: 'users:read' },
  { to: '/organization', label: 'nav.organization', permission: 'org_units:read' },
  { to: '/audit', label: 'nav.audit', permission: 'audit:read' },
  { to: '/admins', label: 'nav.admins', permission: 'admins:read' },
];

/** A button that opens a list of entries below it; a click outside, Escape, an entry or a new page closes it. */
function Menu({ className, label, ariaLabel, align, children }: { className?: string; label: ReactNode; ariaLabel?: string; align?: 'end'; children: ReactNode }) {
  const path = usePath();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => setOpen(false), [path]);
  useEffect(() => {
    if (!open) return;
    const outside = (e: MouseEvent) => box.current && !box.current.contains(e.target as Node) && setOpen(false);
    const escape = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('mousedown', outside);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('mousedown', outside);
      document.removeEventListener('keydown', escape);
    };
  }, [open]);
  return (
    <div className="menu" ref={box}>
      <button type="button" className={className} aria-label={ariaLabel} aria-haspopup="true" aria-expanded={open} onClick={() => setOpen(!open)}>
        {label} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className={`menu-list${align === 'end' ? ' end' : ''}`} role="menu" onClick={() => setOpen(false)}>
          {children}
        </div>
      )}
    </div>
  );
}

/** Who is signed in (name and role), and what they may do with their own account. */
function AccountMenu({ admin, onChangePassword }: { admin: Admin; onChangePassword(): void }) {
  const { t } = useI18n();
  const role = t(`role.${admin.role}`);
  return (
    <Menu
      className="account"
      align="end"
      ariaLabel={t('account.menu', { name: admin.displayName, role })}
      label={
        <span className="who" data-role={admin.role}>
          <span>{admin.displayName}</span>
          <small>{role}</small>
        </span>
      }
    >
      <button type="button" role="menuitem" onClick={onChangePassword}>
        {t('account.changePassword')}
      </button>
    </Menu>
  );
}

export function TopNav() {
  const { t } = useI18n();
  const { admin, signOut } = useSession();
  const can = useCan();
  const path = usePath();
  const [open, setOpen] = useState(false);
  const [changingPassword, setChangingPassword] = useState(false);
  useEffect(() => setOpen(false), [path]);
  return (
    <>
      <header className="topbar">
        <Link to="/" className="brand">
          <img src={`${import.meta.env.BASE_URL}favicon.svg`} alt="" width="28" height="28" />
          <span>
            Portico <small>{t('app.title')}</small>
          </span>
        </Link>
        <button type="button" className="btn small ghost nav-toggle" aria-expanded={open} aria-controls="main-nav" onClick={() => setOpen(!open)}>
          <span aria-hidden="true">☰</span> {t('nav.menu')}
        </button>
        <nav id="main-nav" className={`nav${open ? ' open' : ''}`} aria-label={t('nav.label')}>
          <Link to="/" className={`nav-item${within(path, '/') ? ' active' : ''}`}>
            {t('nav.dashboard')}
          </Link>
          {can('applications:read') && (
            <Menu className={`nav-item${within(path, '/applications') || within(path, '/apis') || within(path, '/signing-keys') ? ' active' : ''}`} label={t('nav.resources')}>
              <Link to="/applications" role="menuitem">
                {t('nav.applications')}
              </Link>
              {can('apis:read') && (
                <Link to="/apis" role="menuitem">
                  {t('nav.apis')}
                </Link>
              )}
              {can('signing_keys:read') && (
                <Link to="/signing-keys" role="menuitem">
                  {t('nav.signingKeys')}
                </Link>
              )}
            </Menu>
          )}
          {ITEMS.filter((item) => can(item.permission)).map((item) => (
            <Link key={item.to} to={item.to} className={`nav-item${within(path, item.to) ? ' active' : ''}`}>
              {t(item.label)}
            </Link>
          ))}
          <div className="nav-end">
            <LanguageSwitch />
            {admin && <AccountMenu admin={admin} onChangePassword={() => setChangingPassword(true)} />}
            <button type="button" className="btn small ghost" onClick={() => void signOut()}>
              {t('action.signOut')}
            </button>
          </div>
        </nav>
      </header>
      {changingPassword && <ChangePasswordDialog onClose={() => setChangingPassword(false)} />}
    </>
  );
}
