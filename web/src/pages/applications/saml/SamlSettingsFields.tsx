/** A SAML application's settings in the application form: the SP's entity ID and ACS URLs, the NameID, the attribute statement, signing, its certificate, and encryption. */
import { useI18n } from '../../../i18n/i18n.tsx';
import { Field, describedBy } from '../../../components/Field.tsx';
import { Switch } from '../../../components/Switch.tsx';
import { UriListField } from '../UriListField.tsx';
import { RowListField } from '../RowListField.tsx';
import type { ProtocolFieldsProps } from '../protocol-fields.ts';
import { SamlMetadataImport } from './SamlMetadataImport.tsx';
import { SAML_ATTRIBUTE_FORMATS, SAML_ATTRIBUTE_PRESETS, SAML_NAMEID_FORMATS, SAML_USER_FIELDS, type SamlAttribute, type SamlAttributeFormat, type SamlNameIdFormat, type SamlUserField } from '../../../../../src/protocols/saml/views.ts';

/** A new attribute row: the username, under a name the administrator then edits. */
const BLANK_ATTRIBUTE: SamlAttribute = { field: 'username', name: '', format: 'basic' };
const PRESETS = Object.keys(SAML_ATTRIBUTE_PRESETS) as (keyof typeof SAML_ATTRIBUTE_PRESETS)[];

export function SamlSettingsFields({ form, set, errors, editing }: ProtocolFieldsProps) {
  const { t } = useI18n();
  const id = (key: string) => `app-${key}`;
  return (
    <>
      <SamlMetadataImport set={set} editing={editing} />
      <Field id={id('entityId')} label={t('apps.saml.entityId')} required error={errors.entityId} hint={t('apps.saml.entityId.hint')} wide>
        <input id={id('entityId')} value={form.entityId} maxLength={1024} spellCheck={false} autoComplete="off" placeholder="https://sp.example.com/metadata" onChange={(e) => set('entityId', e.target.value)} {...describedBy(id('entityId'), errors.entityId, true)} />
      </Field>
      <UriListField
        list="acsUrls"
        label={t('apps.saml.acsUrls')}
        itemLabel={(n) => t('apps.saml.acsUrl.n', { n })}
        addLabel={t('apps.saml.acsUrl.add')}
        hint={t('apps.saml.acsUrls.hint')}
        placeholder="https://sp.example.com/saml/acs"
        values={form.acsUrls}
        errors={errors}
        onChange={(v) => set('acsUrls', v)}
      />
      <Field id={id('sloUrl')} label={t('apps.saml.sloUrl')} error={errors.sloUrl} hint={t('apps.saml.sloUrl.hint')} wide>
        <input id={id('sloUrl')} type="url" value={form.sloUrl} maxLength={2000} spellCheck={false} autoComplete="off" placeholder="https://sp.example.com/saml/slo" onChange={(e) => set('sloUrl', e.target.value)} {...describedBy(id('sloUrl'), errors.sloUrl, true)} />
      </Field>
      <Field id={id('nameIdFormat')} label={t('apps.saml.nameIdFormat')} hint={t('apps.saml.nameIdFormat.hint')}>
        <select id={id('nameIdFormat')} value={form.nameIdFormat} onChange={(e) => set('nameIdFormat', e.target.value as SamlNameIdFormat)}>
          {SAML_NAMEID_FORMATS.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      </Field>
      <Field id={id('nameIdField')} label={t('apps.saml.nameIdField')} hint={t('apps.saml.nameIdField.hint')}>
        <select id={id('nameIdField')} value={form.nameIdField} onChange={(e) => set('nameIdField', e.target.value as SamlUserField)}>
          {SAML_USER_FIELDS.map((f) => (
            <option key={f} value={f}>
              {t(`apps.cas.field.${f}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field id={id('attributePreset')} label={t('apps.saml.attributePreset')} hint={t('apps.saml.attributePreset.hint')}>
        <select
          id={id('attributePreset')}
          value=""
          onChange={(e) => {
            const preset = SAML_ATTRIBUTE_PRESETS[e.target.value as keyof typeof SAML_ATTRIBUTE_PRESETS];
            if (preset) set('attributeStatement', preset.map((a) => ({ ...a })));
          }}
        >
          <option value="">{t('apps.saml.attributePreset.choose')}</option>
          {PRESETS.map((p) => (
            <option key={p} value={p}>
              {t(`apps.saml.attributePreset.${p}`)}
            </option>
          ))}
        </select>
      </Field>
      <RowListField
        id="attributeStatement"
        label={t('apps.saml.attributes')}
        itemLabel={(n) => t('apps.saml.attribute.n', { n })}
        addLabel={t('apps.saml.attribute.add')}
        hint={t('apps.saml.attributes.hint')}
        values={form.attributeStatement}
        blank={BLANK_ATTRIBUTE}
        errors={errors}
        errorKey={(i) => `attributeStatement.${i}.name`}
        onChange={(v) => set('attributeStatement', v)}
        row={(a, i, r) => (
          <>
            <select aria-label={t('apps.saml.attribute.field.n', { n: i + 1 })} value={a.field} onChange={(e) => r.set({ ...a, field: e.target.value as SamlUserField })}>
              {SAML_USER_FIELDS.map((f) => (
                <option key={f} value={f}>
                  {t(`apps.cas.field.${f}`)}
                </option>
              ))}
            </select>
            <input id={r.rowId} aria-label={t('apps.saml.attribute.n', { n: i + 1 })} value={a.name} maxLength={256} spellCheck={false} autoComplete="off" placeholder="email" aria-invalid={r.error ? true : undefined} aria-describedby={r.describedBy} onChange={(e) => r.set({ ...a, name: e.target.value })} />
            <select aria-label={t('apps.saml.attribute.format.n', { n: i + 1 })} value={a.format ?? 'basic'} onChange={(e) => r.set({ ...a, format: e.target.value as SamlAttributeFormat })}>
              {SAML_ATTRIBUTE_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </select>
          </>
        )}
      />
      <Field id={id('signAssertion')} label={t('apps.saml.signAssertion')} error={errors.signAssertion}>
        <Switch id={id('signAssertion')} checked={form.signAssertion} onChange={(on) => set('signAssertion', on)} />
      </Field>
      <Field id={id('signResponse')} label={t('apps.saml.signResponse')}>
        <Switch id={id('signResponse')} checked={form.signResponse} onChange={(on) => set('signResponse', on)} />
      </Field>
      <Field id={id('spCertificate')} label={t('apps.saml.spCertificate')} error={errors.spCertificate} hint={t('apps.saml.spCertificate.hint')} wide>
        <textarea id={id('spCertificate')} rows={4} spellCheck={false} value={form.spCertificate} placeholder="-----BEGIN CERTIFICATE-----" onChange={(e) => set('spCertificate', e.target.value)} {...describedBy(id('spCertificate'), errors.spCertificate, true)} />
      </Field>
      <Field id={id('requireSignedRequests')} label={t('apps.saml.requireSignedRequests')} hint={t('apps.saml.requireSignedRequests.hint')}>
        <Switch id={id('requireSignedRequests')} checked={form.requireSignedRequests} onChange={(on) => set('requireSignedRequests', on)} />
      </Field>
      <Field id={id('encryptAssertion')} label={t('apps.saml.encryptAssertion')} hint={t('apps.saml.encryptAssertion.hint')}>
        <Switch id={id('encryptAssertion')} checked={form.encryptAssertion} onChange={(on) => set('encryptAssertion', on)} />
      </Field>
      {form.encryptAssertion && (
        <Field id={id('encryptionCertificate')} label={t('apps.saml.encryptionCertificate')} required error={errors.encryptionCertificate} hint={t('apps.saml.encryptionCertificate.hint')} wide>
          <textarea id={id('encryptionCertificate')} rows={4} spellCheck={false} value={form.encryptionCertificate} placeholder="-----BEGIN CERTIFICATE-----" onChange={(e) => set('encryptionCertificate', e.target.value)} {...describedBy(id('encryptionCertificate'), errors.encryptionCertificate, true)} />
        </Field>
      )}
    </>
  );
}
