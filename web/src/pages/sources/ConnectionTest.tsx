/** "Test connection": asks the server to check the saved AppKey/AppSecret with DingTalk, and shows what it says. */
import { Fragment, useState } from 'react';
import { api } from '../../lib/api.ts';
import { useAction } from '../../lib/useAction.ts';
import type { ConnectionTestResult } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorNotice } from '../../components/States.tsx';

export function ConnectionTest({ sourceId, unsaved }: { sourceId?: string; unsaved: boolean }) {
  const { t, maybe } = useI18n();
  const [result, setResult] = useState<ConnectionTestResult>();
  const { busy, error, run } = useAction();
  const test = (id: string) =>
    run(async () => {
      setResult(undefined);
      setResult(await api<ConnectionTestResult>('POST', `/sources/${encodeURIComponent(id)}/test`));
    });
  /** What the admin may quote to DingTalk or to us about a failed test. */
  const codes = result && !result.ok ? ([['connection.code', result.code], ['connection.upstreamCode', result.upstreamCode], ['connection.requestId', result.requestId]] as const).filter(([, v]) => v) : [];

  return (
    <section className="card connection-test" aria-labelledby="connection-test-title">
      <div className="section-head">
        <div>
          <h2 id="connection-test-title">{t('connection.title')}</h2>
          <p className="muted">{!sourceId ? t('connection.saveFirst') : unsaved ? t('connection.unsaved') : t('connection.intro')}</p>
        </div>
        <button type="button" className="btn" onClick={() => sourceId && test(sourceId)} disabled={!sourceId || busy}>
          {busy ? t('connection.testing') : t('connection.test')}
        </button>
      </div>
      {error !== undefined && <ErrorNotice error={error} />}
      {result && (
        <div className={`test-result ${result.ok ? 'ok' : 'bad'}`} role="status" data-ok={result.ok}>
          <strong>{result.ok ? t('connection.ok') : t('connection.failed')}</strong>
          <p>{result.ok ? t('connection.okDetail') : (result.code && maybe(`connection.${result.code}`)) || result.message}</p>
          {codes.length > 0 && (
            <dl className="details compact">
              {codes.map(([label, value]) => (
                <Fragment key={label}>
                  <dt>{t(label)}</dt>
                  <dd>
                    <code>{value}</code>
                  </dd>
                </Fragment>
              ))}
            </dl>
          )}
        </div>
      )}
    </section>
  );
}
