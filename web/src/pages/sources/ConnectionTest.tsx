/** "Test connection": asks the server to check the saved AppKey/AppSecret with DingTalk, and shows what it says. */
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import type { ConnectionTestResult } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorNotice } from '../../components/States.tsx';

export function ConnectionTest({ sourceId, unsaved }: { sourceId?: string; unsaved: boolean }) {
  const { t, maybe } = useI18n();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ConnectionTestResult>();
  const [error, setError] = useState<unknown>();

  const run = async () => {
    if (!sourceId) return;
    setBusy(true);
    setResult(undefined);
    setError(undefined);
    try {
      setResult(await api<ConnectionTestResult>('POST', `/sources/${encodeURIComponent(sourceId)}/test`));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card connection-test" aria-labelledby="connection-test-title">
      <div className="section-head">
        <div>
          <h2 id="connection-test-title">{t('connection.title')}</h2>
          <p className="muted">{!sourceId ? t('connection.saveFirst') : unsaved ? t('connection.unsaved') : t('connection.intro')}</p>
        </div>
        <button type="button" className="btn" onClick={run} disabled={!sourceId || busy}>
          {busy ? t('connection.testing') : t('connection.test')}
        </button>
      </div>
      {error !== undefined && <ErrorNotice error={error} />}
      {result && (
        <div className={`test-result ${result.ok ? 'ok' : 'bad'}`} role="status" data-ok={result.ok}>
          <strong>{result.ok ? t('connection.ok') : t('connection.failed')}</strong>
          <p>{result.ok ? t('connection.okDetail') : (result.code && maybe(`connection.${result.code}`)) || result.message}</p>
          {!result.ok && (
            <dl className="details compact">
              {result.code && (
                <>
                  <dt>{t('connection.code')}</dt>
                  <dd>
                    <code>{result.code}</code>
                  </dd>
                </>
              )}
              {result.upstreamCode && (
                <>
                  <dt>{t('connection.upstreamCode')}</dt>
                  <dd>
                    <code>{result.upstreamCode}</code>
                  </dd>
                </>
              )}
              {result.requestId && (
                <>
                  <dt>{t('connection.requestId')}</dt>
                  <dd>
                    <code>{result.requestId}</code>
                  </dd>
                </>
              )}
            </dl>
          )}
        </div>
      )}
    </section>
  );
}
