/**
 * The SAML identity provider's signing certificate, on the Signing keys page below the OpenID Connect keys
 * and in the same steps: super admins (signing_keys:write) publish the next certificate in the metadata and
 * activate it once SPs that load the metadata hold it, or at once (force) when the key is compromised.
 * Every role that sees the page can download a certificate, for an SP that is given it by hand.
 */
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { useAsync } from '../../lib/useAsync.ts';
import { useAction } from '../../lib/useAction.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { Badge, ErrorNotice, Loading, Notice } from '../../components/States.tsx';
import { ConfirmDialog } from '../../components/Dialog.tsx';

type KeyState = 'next' | 'active' | 'retiring' | 'retired';

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

const STATE_BADGE = { next: 'info', active: 'ok', retiring: 'warn', retired: 'muted' } as const;

/** A certificate downloads as a file: a plain link, not an API call. */
const certificateUrl = (id: string) => `/api/admin/v1/saml/signing-keys/${encodeURIComponent(id)}/certificate`;

export function SamlSigningKeys({ writable }: { writable: boolean }) {
  const { t, locale } = useI18n();
  const keys = useAsync(() => api<SamlSigningKeys>('GET', '/saml/signing-keys'), []);
  const [confirming, setConfirming] = useState<'replace' | 'activate'>();
  const { busy, error, run, clearError } = useAction();
  const items = keys.data?.items ?? [];
  const active = items.find((k) => k.state === 'active');
  const next = items.find((k) => k.state === 'next');
  const safeAt = next && keys.data ? new Date(Date.parse(next.createdAt) + keys.data.nextKeyMinPublishedSeconds * 1000) : undefined;
  const safe = safeAt !== undefined && safeAt.getTime() <= Date.now();
  const hours = Math.ceil((keys.data?.nextKeyMinPublishedSeconds ?? 0) / 3600);
  const days = Math.round((keys.data?.retiredKeyPublishedSeconds ?? 0) / 86400);
  const when = safeAt ? formatDateTime(safeAt.toISOString(), locale) : '';

  const close = () => {
    setConfirming(undefined);
    clearError();
  };
  const call = (path: string, body?: unknown) =>
    run(async () => {
      await api('POST', `/saml/signing-keys/${path}`, body);
      setConfirming(undefined);
      keys.reload();
    });

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
                  <td data-label={t('signingKeys.col.state')}>
                    <Badge kind={STATE_BADGE[k.state]}>{t(`signingKeys.state.${k.state}`)}</Badge>
                  </td>
                  <td data-label={t('samlKeys.col.fingerprint')}>
                    <code>{k.fingerprint}</code>
                  </td>
                  <td data-label={t('signingKeys.col.created')} className="nowrap">
                    {formatDateTime(k.createdAt, locale)}
                  </td>
                  <td data-label={t('signingKeys.col.activated')} className="nowrap">
                    {formatDateTime(k.activatedAt, locale)}
                  </td>
                  <td data-label={t('samlKeys.col.retires')} className="nowrap">
                    {formatDateTime(k.retireAfter, locale)}
                  </td>
                  <td data-label={t('samlKeys.col.expires')} className="nowrap">
                    {formatDateTime(k.notAfter, locale)}
                  </td>
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
