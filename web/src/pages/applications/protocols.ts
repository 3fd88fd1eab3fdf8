/**
 * What the console shows of each protocol an application may speak (the server's registry is
 * src/protocols/registry.ts): its settings in the application form, and on the application's page.
 */
import type { ComponentType } from 'react';
import type { Application } from '../../lib/types.ts';
import type { ProtocolFieldsProps } from './protocol-fields.ts';
import { OidcSettingsFields } from './oidc/OidcSettingsFields.tsx';
import { OidcOverview } from './oidc/OidcOverview.tsx';
import { OidcAdvancedOverview } from './oidc/OidcAdvancedOverview.tsx';
import { hasClientSecret, signsPeopleIn } from '../../../../src/protocols/oidc/client-types.ts';
import { CasSettingsFields } from './cas/CasSettingsFields.tsx';
import { CasOverview } from './cas/CasOverview.tsx';
import { SamlSettingsFields } from './saml/SamlSettingsFields.tsx';
import { SamlOverview } from './saml/SamlOverview.tsx';

export interface ProtocolUi<A extends Application = Application> {
  /** Its settings' fields in the form (rows of a `.form-grid`). */
  Fields: ComponentType<ProtocolFieldsProps>;
  /** Its settings on the application's page (rows of a `<dl className="details">`). */
  Overview: ComponentType<{ app: A }>;
  /** Its further settings on the application's page, in a section of their own below the rest. */
  Advanced?: ComponentType<{ app: A }>;
  /** Whether people sign in to the application (else it has no Login Configuration); yes when not said. */
  signsPeopleIn?(app: A): boolean;
  /** Whether the application holds a client secret an administrator may renew; no when not said. */
  hasSecret?(app: A): boolean;
  /** What to show once of a new application: its credentials (a client ID, a secret issued now), when it has any. */
  credentials?(app: A): { clientId: string } | undefined;
}

/** A protocol the console has no part for shows its common fields, its endpoints and its Login Configuration. */
const PROTOCOL_UI: { [P in Application['protocol']]?: ProtocolUi<Extract<Application, { protocol: P }>> } = {
  oidc: {
    Fields: OidcSettingsFields,
    Overview: OidcOverview,
    Advanced: OidcAdvancedOverview,
    signsPeopleIn: (app) => signsPeopleIn(app.clientType),
    hasSecret: (app) => hasClientSecret(app.clientType),
    credentials: (app) => ({ clientId: app.clientId }),
  },
  cas: { Fields: CasSettingsFields, Overview: CasOverview },
  saml: { Fields: SamlSettingsFields, Overview: SamlOverview },
};

/**
 * The protocol's parts, or none for one this console does not know yet (its common fields still show).
 * They are only ever given applications of their own protocol (the one the application names).
 */
export const protocolUi = (protocol: string) => (PROTOCOL_UI as Record<string, unknown>)[protocol] as ProtocolUi | undefined;
