/**
 * What token introspection (RFC 7662) tells a client. The provider answers `{ active: false }`, and
 * nothing more, whenever this policy says no.
 */
import type { AccessToken, Client, ClientCredentials, FindAccount, KoaContextWithOIDC, RefreshToken } from 'oidc-provider';

type IntrospectedToken = AccessToken | ClientCredentials | RefreshToken;

export function introspectionPolicy(findAccount: FindAccount) {
  return async (ctx: KoaContextWithOIDC, client: Client, token: IntrospectedToken): Promise<boolean> => {
    // A token may be introspected only by the client it was issued to.
    if (token.clientId !== client.clientId) return false;
    // RFC 7662 §2.2: a token that is no longer valid is not active. One whose user may no longer sign in
    // (disabled, locked, deleted) is no longer valid from that moment, not when it expires: introspection
    // asks the provider's own account lookup, the very question userinfo and refresh ask, so all three
    // refuse it at once and a later rule there holds here too.
    if ('accountId' in token && token.accountId && !(await findAccount(ctx, token.accountId, token))) return false;
    return true;
  };
}
