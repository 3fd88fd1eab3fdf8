/** A SAML application's settings as the API shows and takes them. Type-only and import-free (the console shares them). */

/** NameID formats a SAML application may ask for (SAML 2.0 Core §8.3). */
export const SAML_NAMEID_FORMATS = ['unspecified', 'emailAddress', 'persistent', 'transient'] as const;
export type SamlNameIdFormat = (typeof SAML_NAMEID_FORMATS)[number];

/** The user fields a SAML application may be told, as its NameID or as attributes. */
export const SAML_USER_FIELDS = ['username', 'id', 'email', 'mobile', 'employeeNumber', 'displayName'] as const;
export type SamlUserField = (typeof SAML_USER_FIELDS)[number];

export interface SamlAttribute {
  field: SamlUserField;
  /** The attribute's Name in the assertion (e.g. `email`, or a URI). */
  name: string;
}

export interface SamlApplicationSettings {
  /** The SP's entity ID: its AuthnRequests' Issuer, and the assertion's audience. */
  entityId: string;
  /** Its Assertion Consumer Service URLs (HTTP-POST), by index: the first is the default. */
  acsUrls: string[];
  nameIdFormat: SamlNameIdFormat;
  /** Which user field fills the NameID (a `transient` NameID is a fresh random value instead). */
  nameIdField: SamlUserField;
  attributeStatement: SamlAttribute[];
  /** Sign the assertion; sign the response (RSA-SHA256). At least one. */
  signAssertion: boolean;
  signResponse: boolean;
  /** The SP's signing certificate (PEM), to check signed AuthnRequests; null when it signs none. */
  spCertificate: string | null;
  /** Refuse AuthnRequests that are not signed (needs `spCertificate`). */
  requireSignedRequests: boolean;
}

/** What an application gets for what it leaves unsaid: the server's defaults, and the console's for a new one. */
export const SAML_DEFAULTS: Omit<SamlApplicationSettings, 'entityId' | 'acsUrls'> = {
  nameIdFormat: 'unspecified',
  nameIdField: 'username',
  attributeStatement: [
    { field: 'email', name: 'email' },
    { field: 'displayName', name: 'displayName' },
  ],
  signAssertion: true,
  signResponse: true,
  spCertificate: null,
  requireSignedRequests: false,
};
