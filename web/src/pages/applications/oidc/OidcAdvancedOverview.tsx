/** An OpenID Connect application's advanced settings on its page, as every role sees them (changed from the Edit form). */
import type { ReactNode } from 'react';
import type { OidcApplication } from '../../../lib/types.ts';
import { useI18n } from '../../../i18n/i18n.tsx';
import type { MessageKey } from '../../../i18n/en.ts';
import { AUTH_METHODS, LIFETIMES, LOGOUT_CHANNELS } from './advancedForm.ts';

export function OidcAdvancedOverview({ app }: { app: OidcApplication }) {
  const { t } = useI18n();
  const onOff = (on: boolean) => t(on ? 'apps.setting.on' : 'apps.setting.off');
  const address = (value: string | null) => (value ? <code>{value}</code> : '—');
  const keys = app.jwks?.keys.map((k) => String(k.kid ?? k.kty)).join(', ');
  const rows: [MessageKey, ReactNode][] = [
    ['apps.field.tokenEndpointAuthMethod', t(AUTH_METHODS[app.tokenEndpointAuthMethod])],
    ...(app.tokenEndpointAuthMethod === 'private_key_jwt'
      ? ([
          ['apps.field.jwksUri', address(app.jwksUri)],
          ['apps.field.jwks', keys ? <code>{keys}</code> : '—'],
        ] as [MessageKey, ReactNode][])
      : []),
    ['apps.field.idTokenAlg', app.idTokenSignedResponseAlg],
    ...LIFETIMES.map(({ key, label }): [MessageKey, ReactNode] => [label, String(app[key])]),
    ['apps.field.pkceRequired', onOff(app.pkceRequired)],
    ['apps.field.parRequired', onOff(app.parRequired)],
    ['apps.field.offlineAccess', onOff(app.offlineAccessWithoutConsent)],
    ['apps.field.initiateLoginUri', address(app.initiateLoginUri)],
    ...LOGOUT_CHANNELS.flatMap((c): [MessageKey, ReactNode][] => [
      [c.label, address(app[c.uri])],
      [c.sessionLabel, onOff(app[c.session])],
    ]),
  ];
  return (
    <details className="form-section" data-section="advanced">
      <summary>{t('apps.advanced')}</summary>
      <dl className="details">
        {rows.map(([label, value]) => (
          <Row key={label} label={t(label)} value={value} />
        ))}
      </dl>
    </details>
  );
}

function Row({ label, value }: { label: string; value: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}
