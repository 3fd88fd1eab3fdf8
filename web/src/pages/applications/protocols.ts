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
import { signsPeopleIn } from '../../../../src/protocols/oidc/client-types.ts';

export interface ProtocolUi {
  /** Its settings' fields in the form (rows of a `.form-grid`). */
  Fields: ComponentType<ProtocolFieldsProps>;
  /** Its settings on the application's page (rows of a `<dl className="details">`). */
  Overview: ComponentType<{ app: Application }>;
  /** Its further settings on the application's page, in a section of their own below the rest. */
  Advanced?: ComponentType<{ app: Application }>;
  /** Whether people sign in to the application (else it has no Login Configuration); yes when not said. */
  signsPeopleIn?(app: Application): boolean;
}

const PROTOCOL_UI: Record<string, ProtocolUi> = {
  oidc: { Fields: OidcSettingsFields, Overview: OidcOverview, Advanced: OidcAdvancedOverview, signsPeopleIn: (app) => signsPeopleIn(app.clientType) },
};

/** The protocol's parts, or none for one this console does not know yet (its common fields still show). */
export const protocolUi = (protocol: string): ProtocolUi | undefined => PROTOCOL_UI[protocol];
