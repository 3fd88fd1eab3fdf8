/**
 * An IdP's claims (the validated ID token's, with UserInfo's beside them) read into the person it
 * vouches for. An email address or phone number is offered for auto-bind only when the IdP says it
 * verified it (`email_verified`, `phone_number_verified`, OpenID Connect Core §5.1): an address nobody
 * proved is nobody's, and binding on it would let whoever typed it at the IdP take over the account
 * that owns it here (account pre-hijacking).
 */
import { normalizeEmail, normalizePhone } from '../../directory/phone.ts';
import { avatarUrl, exactValue, readableText, UPSTREAM_LIMITS } from '../upstream-values.ts';
import type { ExternalIdentity } from '../types.ts';
import { fail } from './codes.ts';

export type Claims = Record<string, unknown>;

/** Core §2: `sub` is at most 255 ASCII characters; anything else is not an id a binding can be keyed on. */
const SUBJECT = /^[\x21-\x7e]{1,255}$/;

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
/**
 * Core says booleans; some IdPs (Amazon Cognito among them) send the string "true". Both mean
 * verified; anything else, absent included, does not.
 */
const isTrue = (v: unknown) => v === true || v === 'true';

function displayNameOf(c: Claims): string | undefined {
  const joined = [text(c.given_name), text(c.family_name)].filter(Boolean).join(' ');
  return readableText(text(c.name) ?? (joined || undefined) ?? text(c.nickname) ?? text(c.preferred_username));
}

/**
 * The person in Portico's terms. `idToken` claims come first for the subject (UserInfo's `sub` was
 * already checked to be the same by the RP library); for the other claims UserInfo may add what the
 * ID token left out.
 */
export function identityOf(idToken: Claims, userinfo: Claims = {}): ExternalIdentity {
  const subject = text(idToken.sub);
  if (!subject || !SUBJECT.test(subject)) throw fail('openid.id_token_invalid', "The ID token's sub is not an identifier Portico can keep.");
  const claims: Claims = { ...userinfo, ...idToken };
  const pick = (name: string) => text(idToken[name]) ?? text(userinfo[name]);
  const verifiedClaim = (name: string) => isTrue(idToken[name] ?? userinfo[name]);

  const emailText = exactValue(pick('email'), UPSTREAM_LIMITS.email);
  const phoneText = exactValue(pick('phone_number'), UPSTREAM_LIMITS.phone);
  const email = emailText ? normalizeEmail(emailText) : undefined;
  // Core §5.1 asks for E.164; a number without its + is read as the deployment's default country.
  const mobile = phoneText ? normalizePhone(phoneText) : undefined;
  const emailVerified = email !== undefined && verifiedClaim('email_verified');
  const mobileVerified = mobile !== undefined && verifiedClaim('phone_number_verified');

  const attributes: ExternalIdentity['attributes'] = { sub: subject, email, phone_number: mobile };
  const proven = { email: emailVerified ? email : undefined, mobile: mobileVerified ? mobile : undefined };
  return {
    subject,
    displayName: displayNameOf(claims),
    avatarUrl: avatarUrl(pick('picture')),
    attributes,
    verified: ['sub', ...(emailVerified ? ['email'] : []), ...(mobileVerified ? ['phone_number'] : [])],
    // A new account is reachable only at what the IdP verified; what it verified marks the same value verified here.
    profile: { name: displayNameOf(claims), ...proven },
    proven,
  };
}
