/** Each protocol's part of the application form (./protocol-form.ts): the one place that lists them. */
import type { Application } from '../../lib/types.ts';
import type { ProtocolForm } from './protocol-form.ts';
import { NEW_OIDC, oidcForm, type OidcForm } from './oidc/oidcForm.ts';
import { casForm, NEW_CAS, type CasForm } from './cas/casForm.ts';
import { NEW_SAML, samlForm, type SamlForm } from './saml/samlForm.ts';

/** Every protocol's values, kept side by side while the protocol is chosen (the one chosen is sent). */
export type ProtocolFormValues = OidcForm & CasForm & SamlForm;
export const NEW_PROTOCOL_VALUES: ProtocolFormValues = { ...NEW_OIDC, ...NEW_CAS, ...NEW_SAML };

const FORMS: { [P in Application['protocol']]?: ProtocolForm<ProtocolFormValues, Extract<Application, { protocol: P }>> } = { oidc: oidcForm, cas: casForm, saml: samlForm };

/**
 * The protocol's part, or none for one this console does not know (its common fields still work). It
 * is only ever given applications of its own protocol (the form's protocol is the application's).
 */
export const protocolForm = (protocol: string) => (FORMS as Record<string, unknown>)[protocol] as ProtocolForm<ProtocolFormValues> | undefined;
