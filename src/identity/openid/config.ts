/** An OpenID Connect upstream source's configuration: the IdP (by its issuer), Portico's client there, and the binding policy. */
import { Type, type Static } from '@sinclair/typebox';
import { bindingPolicyFields } from '../binding-policy.ts';
import type { UserAttribute } from '../types.ts';

/**
 * What an IdP's claims can offer for association (OpenID Connect Core §5.1), and the Portico attributes
 * each may be matched with. `sub` is the IdP's own id for the person (matched with an id an administrator
 * recorded); `preferred_username` is not offered: Core §5.7 says it is neither unique nor stable.
 */
export const OPENID_ATTRIBUTES: Readonly<Record<'email' | 'phone_number' | 'sub', readonly UserAttribute[]>> = {
  email: ['email'],
  phone_number: ['mobile'],
  sub: ['externalId', 'username'],
};

/** RFC 6749 §3.3 scope tokens, separated by single spaces. */
const SCOPE_LIST = '^[\\x21\\x23-\\x5b\\x5d-\\x7e]+( [\\x21\\x23-\\x5b\\x5d-\\x7e]+)*$';

export const OpenIdConfigSchema = Type.Object(
  {
    issuer: Type.String({ format: 'uri', pattern: '^https?://', maxLength: 300, description: "The IdP's issuer URL; its discovery document is read from <issuer>/.well-known/openid-configuration" }),
    clientId: Type.String({ minLength: 1, maxLength: 256, pattern: '^\\S+$', description: "Portico's client ID at the IdP" }),
    clientSecret: Type.String({ minLength: 1, maxLength: 512, description: "Portico's client secret at the IdP; write-only" }),
    clientAuthMethod: Type.Union([Type.Literal('client_secret_basic'), Type.Literal('client_secret_post')], {
      default: 'client_secret_basic',
      description: 'How Portico authenticates at the token endpoint',
    }),
    scopes: Type.String({ minLength: 6, maxLength: 500, pattern: SCOPE_LIST, default: 'openid profile email', description: 'Scopes requested, space-separated; must include openid' }),
    userinfo: Type.Boolean({ default: true, description: "Also read the UserInfo endpoint (for IdPs that put email or phone there rather than in the ID token)" }),
    ...bindingPolicyFields(OPENID_ATTRIBUTES, { sourceAttribute: 'email', userAttribute: 'email' }),
    timeoutMs: Type.Integer({ minimum: 500, maximum: 30000, default: 5000, description: 'Timeout of each call to the IdP' }),
  },
  { additionalProperties: false },
);
export type OpenIdConfig = Static<typeof OpenIdConfigSchema>;
