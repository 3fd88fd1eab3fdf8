/** A SAML application's settings as the API shows and takes them. Type-only and import-free (the console shares them). */

/** NameID formats a SAML application may ask for (SAML 2.0 Core §8.3). */
export const SAML_NAMEID_FORMATS = ['unspecified', 'emailAddress', 'persistent', 'transient'] as const;
export type SamlNameIdFormat = (typeof SAML_NAMEID_FORMATS)[number];
/** Their URIs: in a NameID's Format, the IdP metadata's NameIDFormat, and an SP metadata's. */
export const SAML_NAMEID_FORMAT_URIS: Record<SamlNameIdFormat, string> = {
  unspecified: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
  emailAddress: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  persistent: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  transient: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
};

/** The user fields a SAML application may be told, as its NameID or as attributes. */
export const SAML_USER_FIELDS = ['username', 'id', 'email', 'mobile', 'employeeNumber', 'displayName'] as const;
export type SamlUserField = (typeof SAML_USER_FIELDS)[number];

/** An attribute's NameFormat (SAML 2.0 Core §8.2): a plain name, a URI (claim URIs, `urn:oid:` names), or unsaid. */
export const SAML_ATTRIBUTE_FORMATS = ['basic', 'uri', 'unspecified'] as const;
export type SamlAttributeFormat = (typeof SAML_ATTRIBUTE_FORMATS)[number];

export interface SamlAttribute {
  field: SamlUserField;
  /** The attribute's Name in the assertion (e.g. `email`, or a URI). */
  name: string;
  /** Its NameFormat; `basic` when unsaid. */
  format?: SamlAttributeFormat;
}

/**
 * Attribute statements as common kinds of SP name them, for the console to fill in (the administrator
 * still reviews them): plain names; the claim URIs of WS-Federation, which Microsoft's and many .NET and
 * SaaS SPs read; the X.500/eduPerson OIDs of Shibboleth and research federations (SAML2 Int, REFEDS).
 */
export const SAML_ATTRIBUTE_PRESETS: Record<'basic' | 'claims' | 'oid', SamlAttribute[]> = {
  basic: [
    { field: 'email', name: 'email', format: 'basic' },
    { field: 'displayName', name: 'displayName', format: 'basic' },
  ],
  claims: [
    { field: 'email', name: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', format: 'uri' },
    { field: 'displayName', name: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name', format: 'uri' },
    { field: 'mobile', name: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/mobilephone', format: 'uri' },
    { field: 'username', name: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier', format: 'uri' },
  ],
  oid: [
    { field: 'username', name: 'urn:oid:0.9.2342.19200300.100.1.1', format: 'uri' },
    { field: 'email', name: 'urn:oid:0.9.2342.19200300.100.1.3', format: 'uri' },
    { field: 'displayName', name: 'urn:oid:2.16.840.1.113730.3.1.241', format: 'uri' },
    { field: 'mobile', name: 'urn:oid:0.9.2342.19200300.100.1.41', format: 'uri' },
    { field: 'employeeNumber', name: 'urn:oid:2.16.840.1.113730.3.1.3', format: 'uri' },
  ],
};

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
  /**
   * The SP's SingleLogoutService URL, where LogoutResponses go (by the binding its LogoutRequest came by);
   * null: no single logout. Needs spCertificate: a LogoutRequest must be signed (Profiles §4.4.4.1).
   */
  sloUrl: string | null;
  /** The SP's signing certificate (PEM), to check signed AuthnRequests and LogoutRequests; null when it signs none. */
  spCertificate: string | null;
  /** Refuse AuthnRequests that are not signed (needs `spCertificate`). */
  requireSignedRequests: boolean;
  /** Send the assertion encrypted (an EncryptedAssertion) to the SP's encryption certificate (needs `encryptionCertificate`). */
  encryptAssertion: boolean;
  /** The SP's encryption certificate (PEM, an RSA key): the assertion's key is encrypted to it; null when nothing is encrypted. */
  encryptionCertificate: string | null;
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
  sloUrl: null,
  spCertificate: null,
  requireSignedRequests: false,
  encryptAssertion: false,
  encryptionCertificate: null,
};

/** An SP's metadata read (POST /applications/saml-metadata): the settings it gives, and what was left out or needs a look, in sentences for the administrator. */
export interface SamlMetadataImport {
  settings: ImportedSamlSettings;
  warnings: string[];
}

/** What the metadata says of the settings; what it does not say is left out (or null: it has none). */
export interface ImportedSamlSettings {
  entityId: string;
  /** HTTP-POST only: the default first, then by index. */
  acsUrls: string[];
  /** The first SingleLogoutService with the HTTP-Redirect or HTTP-POST binding. */
  sloUrl: string | null;
  /** PEM: the first KeyDescriptor for signing (use="signing", else one without use). */
  spCertificate: string | null;
  /** PEM: the first KeyDescriptor for encryption (use="encryption", else one without use), with an RSA key. */
  encryptionCertificate: string | null;
  /** AuthnRequestsSigned="true" (and a signing certificate to check them with). */
  requireSignedRequests: boolean;
  /** Present when the SP says WantAssertionsSigned="true". */
  signAssertion?: true;
  /** Present when the SP gives a KeyDescriptor use="encryption" (it decrypts assertions) with an RSA key. */
  encryptAssertion?: true;
  /** The first of its NameIDFormats Portico can answer with. */
  nameIdFormat?: SamlNameIdFormat;
}
