/**
 * The IdP's Response to an AuthnRequest (SAML 2.0 Core §3.3.3, Profiles §4.1.4.2): a bearer assertion
 * for the SP's audience, confirmed for its ACS URL and its request, valid a few minutes, with the
 * session's index and the released attributes (and no InResponseTo when the IdP started it); the assertion and/or the response signed (RSA-SHA256,
 * exclusive canonicalization, the certificate in KeyInfo), the assertion encrypted for the SP when it asks
 * (signed first, then encrypted; the response signed over the EncryptedAssertion). Or, for IsPassive with nobody signed in, a
 * NoPassive status.
 */
import type { SigningKey } from './keys.ts';
import { SAML_NAMEID_FORMAT_URIS, type SamlAttributeFormat, type SamlNameIdFormat } from '../protocols/saml/views.ts';
import { signXml as sign } from './sign.ts';
import { encryptedAssertion } from './encrypt.ts';
import { escapeXml, samlInstant as iso, newMessageId as id } from './xml.ts';

/** How long an assertion may be used: long enough for clock skew and the browser's POST, short for a stolen one (Profiles §4.1.4.2). */
export const ASSERTION_LIFETIME_MS = 5 * 60 * 1000;
/** Accepted a little before its issue, for SPs whose clocks run behind. */
const CLOCK_SKEW_MS = 60 * 1000;

export interface ResponseInput {
  idpEntityId: string;
  spEntityId: string;
  acsUrl: string;
  /** The request answered; none for an IdP-initiated (unsolicited) Response. */
  inResponseTo?: string;
  nameId: string;
  nameIdFormat: SamlNameIdFormat;
  authnInstant: number;
  /** The SSO session it came from (for single logout). */
  sessionIndex: string;
  /** What the sign-in used (RFC 8176), told as an authentication context. */
  amr: readonly string[];
  attributes: { name: string; format?: SamlAttributeFormat; value: string }[];
  signAssertion: boolean;
  signResponse: boolean;
  /** Send the assertion as an EncryptedAssertion (./encrypt.ts) for the SP's encryption certificate (PEM). */
  encryptAssertion: boolean;
  encryptionCertificate: string | null;
}

const status = (code: string, inner?: string) =>
  `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:${code}">${inner ? `<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:${inner}"/>` : ''}</samlp:StatusCode></samlp:Status>`;

const inResponseTo = (v?: string) => (v ? ` InResponseTo="${escapeXml(v)}"` : '');

const envelope = (o: { idpEntityId: string; acsUrl: string; inResponseTo?: string; now: number }, body: string) =>
  `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${id()}" Version="2.0" IssueInstant="${iso(o.now)}" Destination="${escapeXml(o.acsUrl)}"${inResponseTo(o.inResponseTo)}><saml:Issuer>${escapeXml(o.idpEntityId)}</saml:Issuer>${body}</samlp:Response>`;

export function successResponse(r: ResponseInput, key: SigningKey, now = Date.now()): string {
  const e = escapeXml;
  const notOnOrAfter = iso(now + ASSERTION_LIFETIME_MS);
  const context = r.amr.includes('pwd') ? 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport' : 'urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified';
  const attributes = r.attributes.length
    ? `<saml:AttributeStatement>${r.attributes
        .map((a) => `<saml:Attribute Name="${e(a.name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:${a.format ?? 'basic'}"><saml:AttributeValue xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">${e(a.value)}</saml:AttributeValue></saml:Attribute>`)
        .join('')}</saml:AttributeStatement>`
    : '';
  let assertion =
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${id()}" Version="2.0" IssueInstant="${iso(now)}"><saml:Issuer>${e(r.idpEntityId)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="${SAML_NAMEID_FORMAT_URIS[r.nameIdFormat]}">${e(r.nameId)}</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData${inResponseTo(r.inResponseTo)} Recipient="${e(r.acsUrl)}" NotOnOrAfter="${notOnOrAfter}"/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${iso(now - CLOCK_SKEW_MS)}" NotOnOrAfter="${notOnOrAfter}"><saml:AudienceRestriction><saml:Audience>${e(r.spEntityId)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${iso(r.authnInstant)}" SessionIndex="${e(r.sessionIndex)}"><saml:AuthnContext><saml:AuthnContextClassRef>${context}</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    `${attributes}</saml:Assertion>`;
  if (r.signAssertion) assertion = sign(assertion, key, 'Assertion');
  if (r.encryptAssertion) {
    // Never in the clear when encryption is asked for: the settings require the certificate, so none here is a broken row.
    if (!r.encryptionCertificate) throw new Error('SAML: encryptAssertion without an encryptionCertificate');
    assertion = encryptedAssertion(assertion, r.encryptionCertificate, r.spEntityId);
  }
  const response = envelope({ ...r, now }, status('Success') + assertion);
  return r.signResponse ? sign(response, key, 'Response') : response;
}

/** IsPassive, and nobody signed in: no assertion, the NoPassive status (Core §3.4.1), signed. */
export function noPassiveResponse(o: { idpEntityId: string; acsUrl: string; inResponseTo: string }, key: SigningKey, now = Date.now()): string {
  return sign(envelope({ ...o, now }, status('Responder', 'NoPassive')), key, 'Response');
}
