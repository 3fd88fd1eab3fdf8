/** A SAML application's settings on its page: the SP, where responses go (and logout answers), the NameID, the attributes, what is signed, and whether the assertion is encrypted. */
import type { SamlApplication } from '../../../lib/types.ts';
import { useI18n } from '../../../i18n/i18n.tsx';

export function SamlOverview({ app }: { app: SamlApplication }) {
  const { t } = useI18n();
  const signed = [app.signAssertion && t('apps.saml.signed.assertion'), app.signResponse && t('apps.saml.signed.response')].filter(Boolean).join(', ');
  return (
    <>
      <dt>{t('apps.saml.entityId')}</dt>
      <dd>
        <code>{app.entityId}</code>
      </dd>
      <dt>{t('apps.saml.acsUrls')}</dt>
      <dd className="stack" data-field="acsUrls">
        {app.acsUrls.map((u) => (
          <code key={u}>{u}</code>
        ))}
      </dd>
      <dt>{t('apps.saml.sloUrl')}</dt>
      <dd data-field="sloUrl">{app.sloUrl ? <code>{app.sloUrl}</code> : '—'}</dd>
      <dt>{t('apps.saml.nameIdFormat')}</dt>
      <dd>
        {app.nameIdFormat} · {t(`apps.cas.field.${app.nameIdField}`)}
      </dd>
      <dt>{t('apps.saml.attributes')}</dt>
      <dd className="stack">{app.attributeStatement.length ? app.attributeStatement.map((a) => <span key={a.name}>{t(`apps.cas.field.${a.field}`)} → <code>{a.name}</code></span>) : '—'}</dd>
      <dt>{t('apps.saml.signing')}</dt>
      <dd>{signed}</dd>
      <dt>{t('apps.saml.encryption')}</dt>
      <dd>{app.encryptAssertion ? t('apps.saml.encryption.on') : t('apps.saml.encryption.off')}</dd>
      <dt>{t('apps.saml.spCertificate')}</dt>
      <dd>{app.spCertificate ? (app.requireSignedRequests ? t('apps.saml.requests.required') : t('apps.saml.requests.checked')) : t('apps.saml.requests.none')}</dd>
    </>
  );
}
