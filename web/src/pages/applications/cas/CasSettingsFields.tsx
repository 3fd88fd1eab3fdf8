/** A CAS application's settings in the application form: its service URLs (each exact or a prefix), what cas:user is, and the attributes released. */
import { useI18n } from '../../../i18n/i18n.tsx';
import { Field, describedBy } from '../../../components/Field.tsx';
import { LIMITS } from '../form-rules.ts';
import type { ProtocolFieldsProps } from '../protocol-fields.ts';
import { RowListField } from '../RowListField.tsx';
import { CAS_USER_FIELDS, type CasServiceMatch, type CasServiceRule, type CasUserField } from '../../../../../src/protocols/cas/views.ts';

/** A new row: a prefix, the usual rule for an application with several pages. */
const BLANK_SERVICE: CasServiceRule = { url: '', match: 'prefix' };

export function CasSettingsFields({ form, set, errors }: ProtocolFieldsProps) {
  const { t } = useI18n();
  const toggle = (f: CasUserField, on: boolean) => set('attributes', on ? [...form.attributes, f] : form.attributes.filter((a) => a !== f));
  return (
    <>
      <RowListField
        id="services"
        label={t('apps.cas.services')}
        itemLabel={(n) => t('apps.cas.service.n', { n })}
        addLabel={t('apps.cas.service.add')}
        hint={t('apps.cas.services.hint')}
        values={form.services}
        blank={BLANK_SERVICE}
        errors={errors}
        errorKey={(i) => `services.${i}.url`}
        onChange={(services) => set('services', services)}
        row={(s, i, a) => (
          <>
            <input
              id={a.rowId}
              type="url"
              inputMode="url"
              aria-label={t('apps.cas.service.n', { n: i + 1 })}
              value={s.url}
              placeholder="https://portal.example.edu/"
              spellCheck={false}
              autoComplete="off"
              maxLength={LIMITS.url}
              aria-invalid={a.error ? true : undefined}
              aria-describedby={a.describedBy}
              onChange={(e) => a.set({ ...s, url: e.target.value })}
            />
            <select aria-label={t('apps.cas.match.n', { n: i + 1 })} value={s.match} onChange={(e) => a.set({ ...s, match: e.target.value as CasServiceMatch })}>
              <option value="prefix">{t('apps.cas.match.prefix')}</option>
              <option value="exact">{t('apps.cas.match.exact')}</option>
            </select>
          </>
        )}
      />
      <Field id="app-userField" label={t('apps.cas.userField')} error={errors.userField} hint={t('apps.cas.userField.hint')}>
        <select id="app-userField" value={form.userField} onChange={(e) => set('userField', e.target.value as CasUserField)} {...describedBy('app-userField', errors.userField, true)}>
          {CAS_USER_FIELDS.map((f) => (
            <option key={f} value={f}>
              {t(`apps.cas.field.${f}`)}
            </option>
          ))}
        </select>
      </Field>
      <fieldset className="field wide bare checks">
        <legend className="field-legend">{t('apps.cas.attributes')}</legend>
        {CAS_USER_FIELDS.map((f) => (
          <label key={f}>
            <input type="checkbox" checked={form.attributes.includes(f)} onChange={(e) => toggle(f, e.target.checked)} />
            <span>{t(`apps.cas.field.${f}`)}</span>
          </label>
        ))}
        <p className="hint">{t('apps.cas.attributes.hint')}</p>
      </fieldset>
    </>
  );
}
