/** A CAS application's settings on its page: its service URLs, what cas:user is, and the attributes released. */
import type { CasApplication } from '../../../lib/types.ts';
import { useI18n } from '../../../i18n/i18n.tsx';

export function CasOverview({ app }: { app: CasApplication }) {
  const { t } = useI18n();
  return (
    <>
      <dt>{t('apps.cas.services')}</dt>
      <dd className="stack" data-field="services">
        {app.services.map((s) => (
          <span key={s.url}>
            <code>{s.url}</code> <span className="muted small">{t(`apps.cas.match.${s.match}`)}</span>
          </span>
        ))}
      </dd>
      <dt>{t('apps.cas.userField')}</dt>
      <dd>{t(`apps.cas.field.${app.userField}`)}</dd>
      <dt>{t('apps.cas.attributes')}</dt>
      <dd>{app.attributes.length ? app.attributes.map((f) => t(`apps.cas.field.${f}`)).join(', ') : '—'}</dd>
    </>
  );
}
