/** The IdP's metadata (SAML 2.0 Metadata §2.4.3): its entity ID, signing certificates, logout and SSO endpoints (in the schema's order) and NameID formats. */
import { SAML_NAMEID_FORMAT_URIS } from '../protocols/saml/views.ts';
import { certificateBody } from './keys.ts';
import { escapeXml } from './xml.ts';

export function idpMetadata(o: { entityId: string; ssoUrl: string; sloUrl: string; certificates: string[] }): string {
  const keys = o.certificates
    .map((c) => `<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${certificateBody(c)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`)
    .join('');
  const formats = Object.values(SAML_NAMEID_FORMAT_URIS)
    .map((f) => `<md:NameIDFormat>${f}</md:NameIDFormat>`)
    .join('');
  const services = (element: string, url: string) => ['HTTP-Redirect', 'HTTP-POST'].map((b) => `<md:${element} Binding="urn:oasis:names:tc:SAML:2.0:bindings:${b}" Location="${escapeXml(url)}"/>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${escapeXml(o.entityId)}"><md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${keys}${services('SingleLogoutService', o.sloUrl)}${formats}${services('SingleSignOnService', o.ssoUrl)}</md:IDPSSODescriptor></md:EntityDescriptor>
`;
}
