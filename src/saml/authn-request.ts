/** An SP's AuthnRequest (SAML 2.0 Core §3.4.1), read from either binding (its signature: ./sp-signature.ts). */
import { malformedAs, readSpRequest, type SpRequest } from './sp-request.ts';

const HTTP_POST_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';

export interface AuthnRequest extends SpRequest {
  acsUrl?: string;
  acsIndex?: number;
  forceAuthn: boolean;
  isPassive: boolean;
}

const malformed = malformedAs('AuthnRequest');
const bool = (v: string | null) => v === 'true' || v === '1';

export function readAuthnRequest(xml: string): AuthnRequest {
  const request = readSpRequest(xml, 'AuthnRequest', malformed);
  const { root } = request;
  const binding = root.getAttribute('ProtocolBinding');
  if (binding && binding !== HTTP_POST_BINDING) throw malformed(`the response binding ${binding} is not offered (HTTP-POST only)`);
  const index = root.getAttribute('AssertionConsumerServiceIndex');
  return {
    ...request,
    acsUrl: root.getAttribute('AssertionConsumerServiceURL') || undefined,
    acsIndex: index !== null && /^\d{1,3}$/.test(index) ? Number(index) : undefined,
    forceAuthn: bool(root.getAttribute('ForceAuthn')),
    isPassive: bool(root.getAttribute('IsPassive')),
  };
}
