/**
 * The "Advanced" section of an OpenID Connect application's form: client authentication (with the
 * public keys private_key_jwt needs), the ID token's algorithm, token lifetimes, PKCE, PAR, the
 * initiate login URI and the logout URIs. Folded until opened, and opened by a problem inside it.
 */
import { Fragment, useState } from 'react';
import { useI18n } from '../../../i18n/i18n.tsx';
import { Field, describedBy } from '../../../components/Field.tsx';
import { Switch } from '../../../components/Switch.tsx';
import type { ProtocolFieldsProps } from '../protocol-fields.ts';
import { signsPeopleIn } from '../../../../../src/protocols/oidc/client-types.ts';
import { BACKCHANNEL_LOGOUT_TIMEOUT_MS } from '../../../../../src/protocols/oidc/logout-policy.ts';
import type { ApplicationForm } from '../applicationForm.ts';
import type { MessageKey } from '../../../i18n/en.ts';
import { ADVANCED_FIELDS, AUTH_METHODS, ID_TOKEN_SIGNING_ALGS, LIFETIMES, LOGOUT_CHANNELS, LOGOUT_URIS, authMethodsFor, methodFor, NEW_ADVANCED } from './advancedForm.ts';

type Flag = 'pkceRequired' | 'parRequired' | 'offlineAccessWithoutConsent' | 'backchannelLogoutSessionRequired' | 'frontchannelLogoutSessionRequired';
type Address = 'jwksUri' | 'initiateLoginUri' | (typeof LOGOUT_URIS)[number];

export function OidcAdvancedFields({ form, set, errors }: ProtocolFieldsProps) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const id = (key: string) => `app-${key}`;
  const isPublic = form.clientType === 'public';
  // A machine-to-machine client only authenticates: its tokens are the APIs' (their lifetime and algorithm).
  const people = signsPeopleIn(form.clientType);
  const method = methodFor(form.clientType, form.tokenEndpointAuthMethod);
  const hasProblem = Object.keys(errors).some((key) => (ADVANCED_FIELDS as string[]).includes(key.split('.')[0]));

  const text = (key: Address, label: MessageKey, hint: string, placeholder?: string) => (
    <Field id={id(key)} label={t(label)} error={errors[key]} hint={hint}>
      <input
        id={id(key)}
        value={form[key]}
        inputMode="url"
        spellCheck={false}
        placeholder={placeholder}
        onChange={(e) => set(key, e.target.value)}
        {...describedBy(id(key), errors[key], true)}
      />
    </Field>
  );
  const flag = (key: Flag, label: MessageKey, hint?: string, o: { disabled?: boolean; checked?: boolean } = {}) => (
    <Field id={id(key)} label={t(label)} error={errors[key]} hint={hint}>
      <Switch id={id(key)} checked={o.checked ?? form[key]} disabled={o.disabled} describedBy={hint ? `${id(key)}-hint` : undefined} onChange={(on) => set(key, on)} />
    </Field>
  );

  return (
    <details className="card form-section" open={open || hasProblem} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('apps.advanced')}</summary>
      <div className="form-grid">
        <Field id={id('tokenEndpointAuthMethod')} label={t('apps.field.tokenEndpointAuthMethod')} error={errors.tokenEndpointAuthMethod} hint={t('apps.field.tokenEndpointAuthMethod.hint')}>
          <select
            id={id('tokenEndpointAuthMethod')}
            value={method}
            disabled={isPublic}
            onChange={(e) => set('tokenEndpointAuthMethod', e.target.value as ApplicationForm['tokenEndpointAuthMethod'])}
            {...describedBy(id('tokenEndpointAuthMethod'), errors.tokenEndpointAuthMethod, true)}
          >
            {authMethodsFor(form.clientType).map((m) => (
              <option key={m} value={m}>
                {t(AUTH_METHODS[m])}
              </option>
            ))}
          </select>
        </Field>
        {people && (
          <Field id={id('idTokenSignedResponseAlg')} label={t('apps.field.idTokenAlg')} error={errors.idTokenSignedResponseAlg} hint={t('apps.field.idTokenAlg.hint')}>
            <select
              id={id('idTokenSignedResponseAlg')}
              value={form.idTokenSignedResponseAlg}
              onChange={(e) => set('idTokenSignedResponseAlg', e.target.value as ApplicationForm['idTokenSignedResponseAlg'])}
              {...describedBy(id('idTokenSignedResponseAlg'), errors.idTokenSignedResponseAlg, true)}
            >
              {ID_TOKEN_SIGNING_ALGS.map((alg) => (
                <option key={alg} value={alg}>
                  {alg}
                </option>
              ))}
            </select>
          </Field>
        )}
        {method === 'private_key_jwt' && (
          <>
            {text('jwksUri', 'apps.field.jwksUri', t('apps.field.jwksUri.hint'), 'https://app.example.com/jwks.json')}
            <Field id={id('jwks')} label={t('apps.field.jwks')} error={errors.jwks} hint={t('apps.field.jwks.hint')} wide>
              <textarea id={id('jwks')} rows={5} spellCheck={false} value={form.jwks} onChange={(e) => set('jwks', e.target.value)} {...describedBy(id('jwks'), errors.jwks, true)} />
            </Field>
          </>
        )}
        {people && (
          <>
            {LIFETIMES.map(({ key, label, bounds }) => (
              <Field key={key} id={id(key)} label={t(label)} error={errors[key]} hint={t('apps.field.lifetime.hint', { min: bounds.min, max: bounds.max, default: NEW_ADVANCED[key] })}>
                <input id={id(key)} inputMode="numeric" value={form[key]} onChange={(e) => set(key, e.target.value)} {...describedBy(id(key), errors[key], true)} />
              </Field>
            ))}
            {flag('pkceRequired', 'apps.field.pkceRequired', t('apps.field.pkceRequired.hint'), { disabled: isPublic, checked: isPublic || form.pkceRequired })}
            {flag('parRequired', 'apps.field.parRequired', t('apps.field.parRequired.hint'))}
            {flag('offlineAccessWithoutConsent', 'apps.field.offlineAccess', t('apps.field.offlineAccess.hint'), { disabled: !form.firstParty && !form.offlineAccessWithoutConsent })}
            {text('initiateLoginUri', 'apps.field.initiateLoginUri', t('apps.field.initiateLoginUri.hint'), 'https://app.example.com/login')}
            {LOGOUT_CHANNELS.map((c) => (
              <Fragment key={c.uri}>
                {text(c.uri, c.label, t(c.hint, { seconds: BACKCHANNEL_LOGOUT_TIMEOUT_MS / 1000 }), c.placeholder)}
                {flag(c.session, c.sessionLabel, t(c.sessionHint))}
              </Fragment>
            ))}
          </>
        )}
      </div>
    </details>
  );
}
