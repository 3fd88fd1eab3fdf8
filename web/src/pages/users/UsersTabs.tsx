/** Users' sub-navigation: the people, and the identity sources that bring them in. */
import { useI18n } from '../../i18n/i18n.tsx';
import { Tabs } from '../../components/Tabs.tsx';

export function UsersTabs({ current }: { current: 'people' | 'identitySources' }) {
  const { t } = useI18n();
  return (
    <Tabs
      label={t('users.tabs')}
      current={current}
      tabs={[
        { id: 'people', label: t('users.tab.people'), to: '/users' },
        { id: 'identitySources', label: t('users.tab.identitySources'), to: '/users/identity-sources' },
      ]}
    />
  );
}
