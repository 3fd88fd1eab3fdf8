/** What an admin sees where their role stops: a page they may not open, or a page they may only view. */
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../lib/session.tsx';
import { Link } from '../lib/router.tsx';
import { Empty, Notice } from './States.tsx';

function useRoleName(): string {
  const { t } = useI18n();
  const { admin } = useSession();
  return admin ? t(`role.${admin.role}`) : '';
}

/** A page the role cannot read: said plainly, instead of the server's 403. */
export function NoAccess() {
  const { t } = useI18n();
  const role = useRoleName();
  return (
    <div className="page">
      <Empty title={t('access.denied', { role })}>
        <Link to="/">{t('notFound.home')}</Link>
      </Empty>
    </div>
  );
}

/** Above a page the role can read but not change. */
export function ReadOnlyNotice() {
  const { t } = useI18n();
  const role = useRoleName();
  return <Notice kind="info">{t('access.readOnly', { role })}</Notice>;
}
