/**
 * "Import from SP metadata", above a SAML application's fields: the metadata's URL or its XML, read by the
 * server into settings that fill the form (./samlImport.ts); its warnings are shown; nothing is saved
 * until the administrator saves the form.
 */
import { useState, type KeyboardEvent } from 'react';
import { api, ApiError } from '../../../lib/api.ts';
import { useAction } from '../../../lib/useAction.ts';
import { useI18n } from '../../../i18n/i18n.tsx';
import { Field, describedBy } from '../../../components/Field.tsx';
import { ErrorNotice, Notice } from '../../../components/States.tsx';
import type { ProtocolFieldsProps } from '../protocol-fields.ts';
import type { ApplicationForm } from '../applicationForm.ts';
import { importedValues, importRequest, type SamlMetadataImport as Imported } from './samlImport.ts';

/** The codes after which the administrator names the SP to read. */
const ENTITY_CODES = ['saml.metadata_entity_required', 'saml.metadata_unknown_entity'];

export function SamlMetadataImport({ set, editing }: Pick<ProtocolFieldsProps, 'set' | 'editing'>) {
  const { t, locale } = useI18n();
  const [source, setSource] = useState<'url' | 'xml'>('url');
  const [url, setUrl] = useState('');
  const [xml, setXml] = useState('');
  const [entityId, setEntityId] = useState('');
  const [done, setDone] = useState<Imported>();
  const { busy, error, run } = useAction();
  const request = importRequest(source, source === 'url' ? url : xml, entityId);
  const askEntity = entityId !== '' || (error instanceof ApiError && ENTITY_CODES.includes(error.code));
  const id = (key: string) => `saml-import-${key}`;

  const read = () =>
    request &&
    run(async () => {
      setDone(undefined);
      const answer = await api<Imported>('POST', '/applications/saml-metadata', request);
      for (const [key, value] of Object.entries(importedValues(answer.settings))) set(key as keyof ApplicationForm, value as never);
      setDone(answer);
    });
  // Enter in the URL reads the metadata, it does not submit the application form.
  const onEnter = (e: KeyboardEvent) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    void read();
  };

  return (
    <details className="card form-section saml-import" open={!editing}>
      <summary>{t('apps.saml.import.title')}</summary>
      <p className="muted">{t('apps.saml.import.intro')}</p>
      <fieldset className="field wide bare checks inline">
        <legend className="field-legend">{t('apps.saml.import.source')}</legend>
        {(['url', 'xml'] as const).map((s) => (
          <label key={s}>
            <input type="radio" name="saml-import-source" value={s} checked={source === s} onChange={() => setSource(s)} />
            <span>{t(`apps.saml.import.source.${s}`)}</span>
          </label>
        ))}
      </fieldset>
      {source === 'url' ? (
        <Field id={id('url')} label={t('apps.saml.import.url')} hint={t('apps.saml.import.url.hint')} wide>
          <input id={id('url')} type="url" inputMode="url" value={url} maxLength={2000} spellCheck={false} autoComplete="off" placeholder="https://sp.example.com/saml/metadata" onChange={(e) => setUrl(e.target.value)} onKeyDown={onEnter} {...describedBy(id('url'), undefined, true)} />
        </Field>
      ) : (
        <Field id={id('xml')} label={t('apps.saml.import.xml')} hint={t('apps.saml.import.xml.hint')} wide>
          <textarea id={id('xml')} rows={6} spellCheck={false} value={xml} placeholder='<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="…">' onChange={(e) => setXml(e.target.value)} {...describedBy(id('xml'), undefined, true)} />
        </Field>
      )}
      {askEntity && (
        <Field id={id('entityId')} label={t('apps.saml.import.entityId')} hint={t('apps.saml.import.entityId.hint')} wide>
          <input id={id('entityId')} value={entityId} maxLength={1024} spellCheck={false} autoComplete="off" onChange={(e) => setEntityId(e.target.value)} onKeyDown={onEnter} {...describedBy(id('entityId'), undefined, true)} />
        </Field>
      )}
      <button type="button" className="btn" onClick={() => void read()} disabled={!request || busy}>
        {busy ? t('apps.saml.import.busy') : t('apps.saml.import.button')}
      </button>
      {error !== undefined && <ErrorNotice error={error} />}
      {/* The server's sentence says what exactly (which status, which SPs): in English, beside the registry's words. */}
      {error instanceof ApiError && locale !== 'en' && error.detail && <p className="muted small">{error.detail}</p>}
      {done && <Notice kind="ok">{t('apps.saml.import.done')}</Notice>}
      {done && done.warnings.length > 0 && (
        <Notice kind="warn">
          <div>
            <strong>{t('apps.saml.import.warnings')}</strong>
            <ul>
              {done.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </div>
        </Notice>
      )}
    </details>
  );
}
