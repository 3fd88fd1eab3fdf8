/**
 * "Test connection" for an identity source: the server checks the saved settings with DingTalk (credentials,
 * the contact permissions, the permission scope, whether mobiles and emails come back) and says, for each
 * check that fails, which permission to grant.
 */
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { useAction } from '../../lib/useAction.ts';
import type { IdentitySourceTest } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useLabels } from '../../lib/labels.ts';
import { ErrorNotice } from '../../components/States.tsx';

export function SyncConnectionTest({ sourceId }: { sourceId: string }) {
  const { t } = useI18n();
  const labels = useLabels();
  const [result, setResult] = useState<IdentitySourceTest>();
  const { busy, error, run } = useAction();
  const test = () =>
    run(async () => {
      setResult(undefined);
      setResult(await api<IdentitySourceTest>('POST', `/identity-sources/${encodeURIComponent(sourceId)}/test`));
    });
  return (
    <section className="card connection-test" aria-labelledby="sync-test-title">
      <div className="section-head">
        <div>
          <h2 id="sync-test-title">{t('connection.title')}</h2>
          <p className="muted">{t('idSource.test.intro')}</p>
        </div>
        <button type="button" className="btn" onClick={test} disabled={busy}>
          {busy ? t('connection.testing') : t('connection.test')}
        </button>
      </div>
      {error !== undefined && <ErrorNotice error={error} />}
      {result && (
        <div className={`test-result ${result.ok ? 'ok' : 'bad'}`} role="status" data-ok={result.ok}>
          <strong>{result.ok ? t('connection.ok') : t('idSource.test.failed')}</strong>
          <ul className="checks-list">
            {result.checks.map((check) => (
              <li key={check.code} data-code={check.code} data-ok={check.ok} className={check.ok ? 'ok' : 'bad'}>
                <span className="mark" aria-hidden="true">
                  {check.ok ? '✓' : '✗'}
                </span>
                <span>
                  <span className="sr-only">{t(check.ok ? 'idSource.test.passed' : 'idSource.test.notPassed')} </span>
                  <strong>{labels.reason(check.code)}</strong>
                  {check.detail && <span className="check-detail">{check.detail}</span>}
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
