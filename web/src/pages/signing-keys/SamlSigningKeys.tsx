/**
 * The SAML identity provider's signing certificate, on the Signing keys page below the OpenID Connect keys
 * and in the same steps: super admins (signing_keys:write) publish the next certificate in the metadata and
 * activate it once SPs that load the metadata hold it, or at once (force) when the key is compromised.
 * Every role that sees the page can download a certificate, for an SP that is given it by hand.
 */
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorNotice, Loading, Notice } from '../../components/States.tsx';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { KeyStateCell, TimeCell, useKeyRotation, type KeyState } from './rotation.tsx';

interface SamlSigningKey {
  id: string;
  state: KeyState;
  createdAt: string;
  activatedAt: string | null;
  retireAfter: string | null;
  fingerprint: string;
  notAfter: string;
}

interface SamlSigningKeys {
  items: SamlSigningKey[];
  nextKeyMinPublishedSeconds: number;
  retiredKeyPublishedSeconds: number;
}

/** A certificate downloads as a file: a plain link, not an API call. */
const certificateUrl = (id: string) => `/api/admin/v1/saml/signing-keys/${encodeURIComponent(id)}/certificate`;

export function SamlSigningKeys({ writable }: { writable: boolean }) {
  const { t } = useI18n();
  const rotation = useKeyRotation<SamlSigningKey, SamlSigningKeys, 'replace' | 'activate'>('/saml/signing-keys');
  const { keys, items, safe, when, confirming, setConfirming, busy, error, close, call } = rotation;
  const active = items.find((k) => k.state === 'active');
  const next = rotation.next[0];
  const hours = Math.ceil((keys.data?.nextKeyMinPublishedSeconds ?? 0) / 3600);
  const days = Math.round((keys.data?.retiredKeyPublishedSeconds ?? 0) / 86400);

  return (
    <section className="stack-section" aria-labelledby="saml-keys-title" data-section="saml-signing-keys">
      <div className="section-head">
        <div>
          <h2 id="saml-keys-title">{t('samlKeys.title')}</h2>
          <p className="muted">{t('samlKeys.subtitle', { hours, days })}</p>
        </div>
        <div className="row-actions wrap">
          {active && (
            <a className="btn" href={certificateUrl(active.id)} download>
              {t('samlKeys.download')}
            </a>
          )}
          {writable && (
            <>
              <button type="button" className="btn primary" disabled={busy || !keys.data} onClick={() => (next ? setConfirming('replace') : void call('next'))}>
                {t('samlKeys.publish')}
              </button>
              <button type="button" className="btn" disabled={!next} onClick={() => setConfirming('activate')}>
                {t('samlKeys.activate')}
              </button>
            </>
          )}
        </div>
      </div>
      {keys.error !== undefined && <ErrorNotice error={keys.error} retry={keys.reload} />}
      {error !== undefined && !confirming && <ErrorNotice error={error} />}
      {next && <Notice kind={safe ? 'ok' : 'info'}>{t(safe ? 'samlKeys.nextSafe' : 'samlKeys.nextWaiting', { hours, when })}</Notice>}
      {keys.loading && !keys.data && <Loading />}
      {items.length > 0 && (
        <div className={`table-wrap card flush${keys.loading ? ' busy' : ''}`}>
          <table className="table cards-on-phone">
            <thead>
              <tr>
                <th>{t('signingKeys.col.state')}</th>
                <th>{t('samlKeys.col.fingerprint')}</th>
                <th>{t('signingKeys.col.created')}</th>
                <th>{t('signingKeys.col.activated')}</th>
                <th>{t('samlKeys.col.retires')}</th>
                <th>{t('samlKeys.col.expires')}</th>
                <th>
                  <span className="sr-only">{t('samlKeys.col.certificate')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((k) => (
                <tr key={k.id} data-saml-key={k.id} data-saml-state={k.state}>
                  <KeyStateCell state={k.state} />
                  <td data-label={t('samlKeys.col.fingerprint')}>
                    <code>{k.fingerprint}</code>
                  </td>
                  <TimeCell label={t('signingKeys.col.created')} at={k.createdAt} />
                  <TimeCell label={t('signingKeys.col.activated')} at={k.activatedAt} />
                  <TimeCell label={t('samlKeys.col.retires')} at={k.retireAfter} />
                  <TimeCell label={t('samlKeys.col.expires')} at={k.notAfter} />
                  <td className="cell-actions">
                    {k.state !== 'retired' && (
                      <a className="btn small ghost" href={certificateUrl(k.id)} download aria-label={t('samlKeys.downloadNamed', { state: t(`signingKeys.state.${k.state}`) })}>
                        {t('samlKeys.pem')}
                      </a>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {confirming === 'replace' && (
        <ConfirmDialog
          title={t('samlKeys.replaceTitle')}
          message={t('samlKeys.replaceMessage')}
          confirmLabel={t('samlKeys.replaceConfirm')}
          busy={busy}
          error={error !== undefined && <ErrorNotice error={error} />}
          onConfirm={() => void call('next')}
          onClose={close}
        />
      )}
      {confirming === 'activate' && (
        <ConfirmDialog
          title={t('samlKeys.activateTitle')}
          message={`${t('samlKeys.activateMessage', { hours, days })} ${t(safe ? 'signingKeys.activateSafe' : 'samlKeys.activateEarly', { when })}`}
          confirmLabel={t(safe ? 'signingKeys.activateConfirm' : 'signingKeys.activateForce')}
          busy={busy}
          error={error !== undefined && <ErrorNotice error={error} />}
          // Before the safe time only an explicit force activates (the server refuses otherwise).
          onConfirm={() => void call('activate', { force: !safe })}
          onClose={close}
        />
      )}
    </section>
  );
}
