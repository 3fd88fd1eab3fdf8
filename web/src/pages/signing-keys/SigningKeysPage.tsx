/**
 * The OpenID Connect provider's signing keys, with their state. Super admins (signing_keys:write) rotate
 * them in two steps: publish the next keys, and activate them once relying parties' cached copies of the
 * JWKS hold them; or, when a key is compromised, rotate at once. Other roles see the list. Below, the
 * SAML identity provider's signing certificate, rotated in the same steps (./SamlSigningKeys.tsx).
 */
import { useI18n } from '../../i18n/i18n.tsx';
import { useCan } from '../../lib/permissions.ts';
import { ErrorNotice, Loading, Notice } from '../../components/States.tsx';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { ReadOnlyNotice } from '../../components/Access.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { SamlSigningKeys } from './SamlSigningKeys.tsx';
import { KeyStateCell, TimeCell, useKeyRotation, type KeyState } from './rotation.tsx';

interface SigningKey {
  kid: string;
  alg: string;
  state: KeyState;
  createdAt: string;
  activatedAt: string | null;
  retireAfter: string | null;
}

interface SigningKeys {
  items: SigningKey[];
  nextKeyMinPublishedSeconds: number;
}

export function SigningKeysPage() {
  const { t } = useI18n();
  const writable = useCan()('signing_keys:write');
  const { keys, items, next, safe, when, confirming, setConfirming, busy, error, close, call } = useKeyRotation<SigningKey, SigningKeys, 'activate' | 'rotate'>('/signing-keys');
  const minutes = Math.ceil((keys.data?.nextKeyMinPublishedSeconds ?? 0) / 60);

  return (
    <div className="page">
      <PageHeader title={t('signingKeys.title')} subtitle={t('signingKeys.subtitle')}>
        {writable && (
          <div className="row-actions wrap">
            <button type="button" className="btn primary" disabled={busy || next.length > 0 || !keys.data} onClick={() => void call('next')}>
              {t('signingKeys.publish')}
            </button>
            <button type="button" className="btn" disabled={next.length === 0} onClick={() => setConfirming('activate')}>
              {t('signingKeys.activate')}
            </button>
            <button type="button" className="btn danger ghost" disabled={!keys.data} onClick={() => setConfirming('rotate')}>
              {t('signingKeys.rotate')}
            </button>
          </div>
        )}
      </PageHeader>
      {!writable && <ReadOnlyNotice />}
      {keys.error !== undefined && <ErrorNotice error={keys.error} retry={keys.reload} />}
      {error !== undefined && !confirming && <ErrorNotice error={error} />}
      {next.length > 0 && <Notice kind={safe ? 'ok' : 'info'}>{t(safe ? 'signingKeys.nextSafe' : 'signingKeys.nextWaiting', { minutes, when })}</Notice>}
      {keys.loading && !keys.data && <Loading />}
      {items.length > 0 && (
        <div className={`table-wrap card flush${keys.loading ? ' busy' : ''}`}>
          <table className="table cards-on-phone">
            <thead>
              <tr>
                <th>{t('signingKeys.col.state')}</th>
                <th>{t('signingKeys.col.alg')}</th>
                <th>{t('signingKeys.col.kid')}</th>
                <th>{t('signingKeys.col.created')}</th>
                <th>{t('signingKeys.col.activated')}</th>
                <th>{t('signingKeys.col.retires')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((k) => (
                <tr key={k.kid} data-kid={k.kid} data-state={k.state}>
                  <KeyStateCell state={k.state} />
                  <td data-label={t('signingKeys.col.alg')}>{k.alg}</td>
                  <td data-label={t('signingKeys.col.kid')}>
                    <span className="mono small">{k.kid}</span>
                  </td>
                  <TimeCell label={t('signingKeys.col.created')} at={k.createdAt} />
                  <TimeCell label={t('signingKeys.col.activated')} at={k.activatedAt} />
                  <TimeCell label={t('signingKeys.col.retires')} at={k.retireAfter} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {confirming === 'activate' && (
        <ConfirmDialog
          title={t('signingKeys.activateTitle')}
          message={`${t('signingKeys.activateMessage', { minutes })} ${t(safe ? 'signingKeys.activateSafe' : 'signingKeys.activateEarly', { when })}`}
          confirmLabel={t(safe ? 'signingKeys.activateConfirm' : 'signingKeys.activateForce')}
          busy={busy}
          error={error !== undefined && <ErrorNotice error={error} />}
          // Before the safe time only an explicit force activates (the server refuses otherwise).
          onConfirm={() => void call('activate', { force: !safe })}
          onClose={close}
        />
      )}
      {confirming === 'rotate' && (
        <ConfirmDialog
          title={t('signingKeys.rotateTitle')}
          message={t('signingKeys.rotateMessage', { minutes })}
          confirmLabel={t('signingKeys.rotateConfirm')}
          busy={busy}
          error={error !== undefined && <ErrorNotice error={error} />}
          onConfirm={() => void call('rotate')}
          onClose={close}
        />
      )}
      <SamlSigningKeys writable={writable} />
    </div>
  );
}
