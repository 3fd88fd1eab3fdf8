/** A SAML application's settings: as the admin API takes them, and as it shows them. */
import { Type } from '@sinclair/typebox';
import { SAML_ATTRIBUTE_FORMATS, SAML_NAMEID_FORMATS, SAML_USER_FIELDS, type SamlAttributeFormat, type SamlApplicationSettings, type SamlNameIdFormat, type SamlUserField } from './views.ts';

/** ACS URLs one application may list. */
export const MAX_ACS_URLS = 10;
export const MAX_SAML_ATTRIBUTES = 20;

const oneOf = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], description });

const fields = {
  entityId: Type.String({ minLength: 1, maxLength: 1024, description: "SAML: the SP's entity ID (its AuthnRequests' Issuer, the assertion's audience)" }),
  acsUrls: Type.Array(Type.String({ maxLength: 2000 }), { minItems: 1, maxItems: MAX_ACS_URLS, description: 'SAML: Assertion Consumer Service URLs (HTTP-POST), by index; the first is the default' }),
  nameIdFormat: oneOf<SamlNameIdFormat>(SAML_NAMEID_FORMATS, 'SAML: the NameID format (default unspecified)'),
  nameIdField: oneOf<SamlUserField>(SAML_USER_FIELDS, 'SAML: the user field in the NameID (default username)'),
  attributeStatement: Type.Array(
    Type.Object({ field: oneOf<SamlUserField>(SAML_USER_FIELDS), name: Type.String({ minLength: 1, maxLength: 256, pattern: '^\\S+$' }), format: Type.Optional(oneOf<SamlAttributeFormat>(SAML_ATTRIBUTE_FORMATS, 'The NameFormat (default basic)')) }, { additionalProperties: false }),
    { maxItems: MAX_SAML_ATTRIBUTES, description: 'SAML: the attribute statement: user field → attribute Name (and NameFormat)' },
  ),
  signAssertion: Type.Boolean({ description: 'SAML: sign the assertion (default true)' }),
  signResponse: Type.Boolean({ description: 'SAML: sign the response (default true)' }),
  sloUrl: Type.Union([Type.String({ maxLength: 2000 }), Type.Null()], { description: "SAML: the SP's SingleLogoutService URL (needs spCertificate: LogoutRequests are signed); null for none" }),
  spCertificate: Type.Union([Type.String({ maxLength: 16_384 }), Type.Null()], { description: "SAML: the SP's signing certificate (PEM), to check signed AuthnRequests" }),
  requireSignedRequests: Type.Boolean({ description: 'SAML: refuse unsigned AuthnRequests (needs spCertificate)' }),
  encryptAssertion: Type.Boolean({ description: 'SAML: encrypt the assertion for the SP, AES-256-GCM with RSA-OAEP (default false; needs encryptionCertificate)' }),
  encryptionCertificate: Type.Union([Type.String({ maxLength: 16_384 }), Type.Null()], { description: "SAML: the SP's encryption certificate (PEM, RSA), to encrypt assertions to" }),
};

const { entityId, acsUrls, ...rest } = fields;

/** The two the SP must say; the rest have defaults (set by ./protocol.ts, never by the schema: a change must not reset them). */
export const SamlSettingsSchema = Type.Composite([Type.Object({ entityId, acsUrls }), Type.Partial(Type.Object(rest))], { additionalProperties: false });
export const SamlViewSchema = Type.Object(fields);

export type SamlSettings = Pick<SamlApplicationSettings, 'entityId' | 'acsUrls'> & Partial<Omit<SamlApplicationSettings, 'entityId' | 'acsUrls'>>;
