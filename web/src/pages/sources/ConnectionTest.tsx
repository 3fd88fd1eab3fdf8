/** "Test connection": asks the server to check the saved settings with the upstream (DingTalk, an identity provider), and shows what it says in the words the type gives. */
import { Fragment, useState } from 'react';
import { api } from '../../lib/api.ts';
import { useAction } from '../../lib/useAction.ts';
import type { ConnectionTestResult, SourceFormView } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorNotice } from '../../components/States.tsx';

/** `upstream`: the type's name; `texts`: what the type says of its test (else the console's words). */
export function ConnectionTest({ sourceId, unsaved, upstream, texts }: { sourceId?: string; unsaved: boolean; upstream: string; texts?: SourceFormView['connection'] }) {
  const { t, locale } = useI18n();
  const [result, setResult] = useState<ConnectionTestResult>();
  const { busy, error, run } = useAction();
  const test = (id: string) =>
    run(async () => {
      setResult(undefined);
      setResult(await api<ConnectionTestResult>('POST', `/sources/${encodeURIComponent(id)}/test`));
    });
  /** What the admin may quote to the upstream or to us about a failed test. */
  const codes = result && !result.ok ? ([['connection.code', result.code], ['connection.upstreamCode', result.upstreamCode], ['connection.requestId', result.requestId]] as const).filter(([, v]) => v) : [];
  const advice = result?.code ? texts?.advice[result.code]?.[locale] : undefined;
  /** The server's own words, when the type's say less (which issuer, how many signing keys). */
  const said = result && (result.ok ? texts?.ok : result.code ? texts?.advice[result.code] : undefined);
  const detail = said && said.en !== result.message ? result.message : undefined;

  return (
    <section className="card connection-test" aria-labelledby="connection-test-title">
      <div className="section-head">
        <div>
          <h2 id="connection-test-title">{t('connection.title')}</h2>
          <p className="muted">{!sourceId ? t('connection.saveFirst') : unsaved ? t('connection.unsaved') : (texts?.intro[locale] ?? t('connection.intro', { upstream }))}</p>
        </div>
        <button type="button" className="btn" onClick={() => sourceId && test(sourceId)} disabled={!sourceId || busy}>
          {busy ? t('connection.testing') : t('connection.test')}
        </button>
      </div>
      {error !== undefined && <ErrorNotice error={error} />}
      {result && (
        <div className={`test-result ${result.ok ? 'ok' : 'bad'}`} role="status" data-ok={result.ok}>
          <strong>{result.ok ? t('connection.ok') : t('connection.failed')}</strong>
          <p>{result.ok ? (texts?.ok[locale] ?? t('connection.okDetail', { upstream })) : (advice ?? result.message)}</p>
          {detail && <p className="muted">{detail}</p>}
          {codes.length > 0 && (
            <dl className="details compact">
              {codes.map(([label, value]) => (
                <Fragment key={label}>
                  <dt>{t(label, { upstream })}</dt>
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
