/**
 * Changing how a person signs in (their second factors, their recovery codes) asks for a recent and
 * full sign-in first (OWASP ASVS 5.0 §7.5.1: full re-authentication before modifying MFA
 * configuration): a stolen session left open, or a stolen password alone, cannot add an attacker's
 * authenticator app or remove the person's.
 */
import type { SsoSession } from '../login/session.ts';
import { ACR_MULTI_FACTOR } from '../oidc/acr.ts';
import type { SignInDemand } from '../oidc/first-party-rp.ts';

/** How old the sign-in may be. Ten minutes: long enough to finish adding an app, short enough to mean "just now". */
export const RECENT_SIGN_IN_MS = 10 * 60 * 1000;

/**
 * Whether the SSO session is recent enough for a change, and full: someone who has a second factor
 * gave it in this sign-in (a password alone is not all of their factors).
 */
export const isRecentFullSignIn = (session: Pick<SsoSession, 'createdAt' | 'amr'>, hasFactor: boolean, now = Date.now()) =>
  session.createdAt > now - RECENT_SIGN_IN_MS && (!hasFactor || session.amr.includes('mfa'));

/**
 * What signing in again asks the provider for: a sign-in made now (`prompt=login`, within `max_age`),
 * with the second factor the person has (`acr_values`): all their factors, not what is missing.
 */
export const signInAgainDemand = (hasFactor: boolean): SignInDemand => ({ prompt: 'login', maxAgeS: RECENT_SIGN_IN_MS / 1000, acrValues: hasFactor ? ACR_MULTI_FACTOR : undefined });
