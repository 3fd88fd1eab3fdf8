/** An OpenID Connect application's settings in the application form: client type, first party, its URIs, its API access, and the rest under "Advanced". */
import { useI18n } from '../../../i18n/i18n.tsx';
import { Field, describedBy } from '../../../components/Field.tsx';
import { Switch } from '../../../components/Switch.tsx';
import { UriListField } from '../UriListField.tsx';
import { OidcAdvancedFields } from './OidcAdvancedFields.tsx';
import { OidcApiAccessField } from './OidcApiAccessField.tsx';
import { signsPeopleIn } from '../../../../../src/protocols/oidc/client-types.ts';
import type { ApplicationForm, UriList } from '../applicationForm.ts';
import type { MessageKey } from '../../../i18n/en.ts';
import type { ProtocolFieldsProps } from '../protocol-fields.ts';

const URI_FIELDS: { list: UriList; label: MessageKey; item: MessageKey; add: MessageKey; hint: MessageKey; placeholder: string }[] = [
  { list: 'redirectUris', label: 'apps.field.redirectUris', item: 'apps.redirectUri.n', add: 'apps.redirectUri.add', hint: 'apps.field.redirectUris.hint', placeholder: 'https://app.example.com/callback' },
  { list: 'postLogoutRedirectUris', label: 'apps.field.logoutUris', item: 'apps.logoutUri.n', add: 'apps.logoutUri.add', hint: 'apps.field.logoutUris.hint', placeholder: 'https://app.example.com/signed-out' },
];

export function OidcSettingsFields(props: ProtocolFieldsProps) {
  const { form, set, errors, editing } = props;
  const { t } = useI18n();
  const id = (key: string) => `app-${key}`;
  // A machine-to-machine client signs no one in: no consent to skip, no addresses to send people to.
  const people = signsPeopleIn(form.clientType);
  return (
    <>
      <Field id={id('clientType')} label={t('apps.field.clientType')} error={errors.clientType} hint={editing ? t('apps.clientType.changeHint') : t('apps.clientType.hint')}>
        <select id={id('clientType')} value={form.clientType} onChange={(e) => set('clientType', e.target.value as ApplicationForm['clientType'])} {...describedBy(id('clientType'), errors.clientType, true)}>
          <option value="confidential">{t('apps.clientType.confidential')}</option>
          <option value="public">{t('apps.clientType.public')}</option>
          <option value="machine">{t('apps.clientType.machine')}</option>
        </select>
      </Field>
      {people && (
        <Field id={id('firstParty')} label={t('apps.field.firstParty')} error={errors.firstParty} hint={t('apps.field.firstParty.hint')}>
          <Switch id={id('firstParty')} checked={form.firstParty} onChange={(on) => set('firstParty', on)} />
        </Field>
      )}
      {people &&
        URI_FIELDS.map((f) => (
        <UriListField
          key={f.list}
          list={f.list}
          label={t(f.label)}
          itemLabel={(n) => t(f.item, { n })}
          addLabel={t(f.add)}
          hint={t(f.hint)}
          placeholder={f.placeholder}
          values={form[f.list]}
          errors={errors}
          onChange={(v) => set(f.list, v)}
        />
      ))}
      <OidcApiAccessField {...props} />
      <OidcAdvancedFields {...props} />
    </>
  );
}
