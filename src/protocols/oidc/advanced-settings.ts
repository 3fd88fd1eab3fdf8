/**
 * Changing an OpenID Connect application's settings beyond its client type and URIs, kept as JSON in
 * the application's `protocol_settings` column (read with their defaults by ./advanced-defaults.ts).
 * They depend on each other and on the client type and first-party flag, so the result of a change is
 * checked as a whole.
 */
import { invalid } from '../../errors.ts';
import { checkClientAuthentication } from './client-authentication.ts';
import { registeredUriProblem } from './redirect-uris.ts';
import type { ClientType, OidcAdvancedSettings } from './views.ts';

type Stored = Partial<OidcAdvancedSettings>;

const LOGOUT_URIS = ['backchannelLogoutUri', 'frontchannelLogoutUri'] as const;

/**
 * What to store after `change` (null removes a setting: its default applies). A new client type drops
 * the previous type's method, and PKCE when it becomes public (always required then); the result is
 * checked as a whole, or refused naming the field.
 */
export function changedAdvancedSettings(json: string | undefined, change: Stored, o: { clientType: ClientType; clientTypeChanged: boolean; firstParty: boolean }): string {
  const stored: Record<string, unknown> = json ? JSON.parse(json) : {};
  if (o.clientTypeChanged) {
    delete stored.tokenEndpointAuthMethod;
    if (o.clientType === 'public') delete stored.pkceRequired;
  }
  for (const [key, value] of Object.entries(change)) {
    if (value === null) delete stored[key];
    else if (value !== undefined) stored[key] = value;
  }
  check(stored as Stored, o);
  return JSON.stringify(stored);
}

function check(s: Stored, o: { clientType: ClientType; firstParty: boolean }) {
  checkClientAuthentication(s, o.clientType);
  if (o.clientType === 'public' && s.pkceRequired === false) {
    throw invalid('application.pkce_required_public', 'A public client always needs PKCE: it has no secret to prove who redeems the code.', '/pkceRequired');
  }
  if (s.offlineAccessWithoutConsent && !o.firstParty) {
    throw invalid(
      'application.offline_access_first_party_only',
      'Refresh tokens without prompt=consent are for first-party applications only: turn this off, or mark the application first-party.',
      '/offlineAccessWithoutConsent',
    );
  }
  for (const field of LOGOUT_URIS) {
    const value = s[field];
    const problem = value ? registeredUriProblem(value, 'A logout URI') : undefined;
    if (problem) throw invalid('application.invalid_logout_uri', problem, `/${field}`);
  }
  // Core §4 asks for https; http on a loopback host is the house rule for development (./redirect-uris.ts).
  const initiate = s.initiateLoginUri ? registeredUriProblem(s.initiateLoginUri, 'An initiate login URI') : undefined;
  if (initiate) throw invalid('application.invalid_initiate_login_uri', initiate, '/initiateLoginUri');
}
