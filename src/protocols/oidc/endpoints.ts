/**
 * Where Portico's OpenID Connect provider answers (src/oidc/ serves it): what an administrator registers
 * in a relying party, and where a sign-in the application asked for resumes.
 */

/** The provider lives under the public URL at this path: the issuer is `${publicUrl}/oidc`. */
export const OIDC_MOUNT_PATH = '/oidc';

export const issuerOf = (publicUrl: string) => publicUrl + OIDC_MOUNT_PATH;

/** The provider's interaction for a request: where the login page returns once the person is signed in. */
export const interactionPath = (uid: string) => `${OIDC_MOUNT_PATH}/interaction/${uid}`;

/** The provider's endpoints under the issuer (oidc-provider's routes, as discovery lists them). */
const PATHS = {
  discovery: '/.well-known/openid-configuration',
  authorization: '/auth',
  token: '/token',
  userinfo: '/me',
  jwks: '/jwks',
  endSession: '/session/end',
} as const;

/** The issuer and every endpoint a relying party is configured with (discovery alone is enough for most). */
export function providerEndpoints(publicUrl: string) {
  const issuer = issuerOf(publicUrl);
  return [{ key: 'issuer', value: issuer }, ...Object.entries(PATHS).map(([key, path]) => ({ key, value: issuer + path }))];
}
