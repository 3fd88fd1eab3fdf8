/** The field mapping: for each Portico attribute, the DingTalk field it is filled from, or "not synced" (the display name always is). */
import type { DingTalkField, SyncedAttribute } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { DINGTALK_FIELDS, SYNCED_ATTRIBUTES, type IdentitySourceFormValues } from './identitySourceForm.ts';

export function FieldMappingTable({ mapping, onChange, errors, disabled }: { mapping: IdentitySourceFormValues['fieldMapping']; onChange(attribute: SyncedAttribute, field: DingTalkField | ''): void; errors: Record<string, string>; disabled: boolean }) {
  const { t } = useI18n();
  return (
    <fieldset className="field wide bare">
      <legend className="field-legend">{t('idSource.mapping')}</legend>
      <p className="hint" id="is-mapping-hint">
        {t('idSource.mapping.hint')}
      </p>
      <div className="table-wrap">
        <table className="table compact mapping">
          <thead>
            <tr>
              <th>{t('idSource.mapping.attribute')}</th>
              <th aria-hidden="true" />
              <th>{t('idSource.mapping.field')}</th>
            </tr>
          </thead>
          <tbody>
            {SYNCED_ATTRIBUTES.map((attribute) => {
              const id = `is-fieldMapping-${attribute}`;
              const error = errors[`fieldMapping.${attribute}`];
              return (
                <tr key={attribute}>
                  <th scope="row">
                    <label htmlFor={id}>{t(`syncRun.attr.${attribute}`)}</label>
                  </th>
                  <td aria-hidden="true" className="muted">
                    ←
                  </td>
                  <td>
                    <select id={id} value={mapping[attribute]} disabled={disabled} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} onChange={(e) => onChange(attribute, e.target.value as DingTalkField | '')}>
                      {attribute !== 'displayName' && <option value="">{t('idSource.mapping.notSynced')}</option>}
                      {DINGTALK_FIELDS.map((field) => (
                        <option key={field} value={field}>
                          {t(`idSource.dingtalkField.${field}`)}
                        </option>
                      ))}
                    </select>
                    {error && (
                      <p className="field-error" id={`${id}-error`} role="alert">
                        {error}
                      </p>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </fieldset>
  );
}
