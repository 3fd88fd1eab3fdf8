import type { UserStatus } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Badge } from '../../components/States.tsx';

const KIND = { active: 'ok', disabled: 'muted', locked: 'warn' } as const;

export function StatusBadge({ status }: { status: UserStatus }) {
  const { t } = useI18n();
  return <Badge kind={KIND[status]}>{t(`user.status.${status}`)}</Badge>;
}
