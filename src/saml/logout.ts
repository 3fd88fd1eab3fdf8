/**
 * Single logout (SAML 2.0 Core §3.7, Profiles §4.4): an SP's LogoutRequest, read from either binding,
 * and Portico's LogoutResponse to it, for the SP's SingleLogoutService by the binding the request came
 * by: HTTP-POST with an enveloped signature, or HTTP-Redirect with the query signed.
 */
import { deflateRawSync } from 'node:zlib';
import type { SigningKey } from './keys.ts';
import { signedRedirectQuery, signXml } from './sign.ts';
import { malformedAs, readSpRequest, type SpRequest } from './sp-request.ts';
import { child, children, escapeXml, newMessageId, NS, samlInstant } from './xml.ts';

export interface LogoutRequest extends SpRequest {
  /** The principal's NameID at this SP (an encrypted or base ID is refused as unsupported). */
  nameId: string;
  /** The SSO sessions to end, as Portico's Responses gave them; none means every session of the principal here. */
  sessionIndexes: string[];
  notOnOrAfter?: string;
}

const malformed = malformedAs('LogoutRequest');

export function readLogoutRequest(xml: string): LogoutRequest {
  const request = readSpRequest(xml, 'LogoutRequest', malformed);
  const { root } = request;
  if (child(root, NS.assertion, 'EncryptedID') || child(root, NS.assertion, 'BaseID')) throw malformed('only a plain NameID is understood');
  const nameId = child(root, NS.assertion, 'NameID')?.textContent?.trim();
  if (!nameId) throw malformed('no NameID');
  const sessionIndexes = children(root, NS.protocol, 'SessionIndex')
    .map((n) => n.textContent?.trim() ?? '')
    .filter(Boolean);
  return { ...request, nameId, sessionIndexes, notOnOrAfter: root.getAttribute('NotOnOrAfter') || undefined };
}

export type SloBinding = 'redirect' | 'post';

/**
 * A LogoutResponse with `Success`: the principal has no session here that the request named (a session
 * of someone else, or one already over, is no failure of the logout; Core §3.7.3.2).
 */
function logoutResponseXml(o: { idpEntityId: string; destination: string; inResponseTo: string }, now: number): string {
  return (
    `<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${newMessageId()}" Version="2.0" IssueInstant="${samlInstant(now)}" Destination="${escapeXml(o.destination)}" InResponseTo="${escapeXml(o.inResponseTo)}">` +
    `<saml:Issuer>${escapeXml(o.idpEntityId)}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:LogoutResponse>`
  );
}

/** What goes to the SP: an address to send the browser to (Redirect), or a form's SAMLResponse to post (POST). */
export type LogoutAnswer = { binding: 'redirect'; location: string } | { binding: 'post'; url: string; samlResponse: string };

export function logoutAnswer(binding: SloBinding, o: { idpEntityId: string; sloUrl: string; inResponseTo: string; relayState?: string }, key: SigningKey, now = Date.now()): LogoutAnswer {
  const xml = logoutResponseXml({ ...o, destination: o.sloUrl }, now);
  if (binding === 'post') return { binding, url: o.sloUrl, samlResponse: signXml(xml, key, 'LogoutResponse') };
  const query = signedRedirectQuery('SAMLResponse', deflateRawSync(Buffer.from(xml)).toString('base64'), o.relayState, key);
  return { binding, location: `${o.sloUrl}${o.sloUrl.includes('?') ? '&' : '?'}${query}` };
}
