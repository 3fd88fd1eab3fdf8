/**
 * The provider's clients are Portico's applications, read from the applications table on every
 * lookup (so an admin's change applies at once on every node). Confidential clients authenticate
 * with their secret (basic or post); public ones with none, and must use PKCE.
 */
import type { Adapter, Client, ClientMetadata } from 'oidc-provider';
import type { Db } from '../store/database.ts';
import type { ApplicationTable } from '../store/schema.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { openClientSecret } from '../protocols/oidc/client-secret.ts';
import { oidcProtocol, oidcSettingsOf } from '../protocols/oidc/protocol.ts';
import { prepareQuery } from '../store/prepared.ts';
import { DEFAULT_SIGNING_ALG } from './policy.ts';
import { USER_CENTER_APP_ID } from '../store/well-known.ts';
import { USER_CENTER_SIGN_IN } from '../login/context.ts';

/** Where the User Center receives its authorization code, and where it lands after signing out. */
export const USER_CENTER_CALLBACK_PATH = '/account/callback';
export const USER_CENTER_SIGNED_OUT_PATH = USER_CENTER_SIGN_IN;

/** Client metadata Portico adds to the standard set, read back by the consent logic. */
export const FIRST_PARTY_METADATA = 'portico_first_party';
export const APPLICATION_ID_METADATA = 'portico_application_id';
export const EXTRA_CLIENT_METADATA = [FIRST_PARTY_METADATA, APPLICATION_ID_METADATA];

/** The built-in User Center's URIs follow the public URL, so they are derived, never stored. */
export function userCenterUris(publicUrl: string) {
  return { redirectUris: [publicUrl + USER_CENTER_CALLBACK_PATH], postLogoutRedirectUris: [publicUrl + USER_CENTER_SIGNED_OUT_PATH] };
}

export function clientMetadata(row: ApplicationTable, o: { publicUrl: string; secretBox: SecretBox }): ClientMetadata {
  const settings = oidcSettingsOf(row);
  const uris = row.id === USER_CENTER_APP_ID ? userCenterUris(o.publicUrl) : settings;
  const auth: Partial<ClientMetadata> =
    settings.clientType === 'public'
      ? { token_endpoint_auth_method: 'none' }
      : { token_endpoint_auth_method: 'client_secret_basic', client_secret: openClientSecret(o.secretBox, row) };
  return {
    client_id: settings.clientId,
    client_name: row.name,
    ...auth,
    redirect_uris: uris.redirectUris,
    post_logout_redirect_uris: uris.postLogoutRedirectUris,
    // Code flow only: no implicit or hybrid (RFC 9700 §2.1.2), and no password grant (§2.4).
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    application_type: 'web',
    id_token_signed_response_alg: DEFAULT_SIGNING_ALG,
    [FIRST_PARTY_METADATA]: settings.firstParty,
    [APPLICATION_ID_METADATA]: row.id,
  };
}

/** Only applications that speak OpenID Connect are its clients (another protocol's identifier is no client_id). */
const byClientId = prepareQuery(['clientId'], (conn, v) =>
  conn.selectFrom('applications').selectAll().where('client_id', '=', v.clientId).where('protocol', '=', oidcProtocol.name),
);

/** The `Client` model's storage: the applications table, read-only (no dynamic registration). */
export function clientAdapter(db: Db, o: { publicUrl: string; secretBox: SecretBox }): Adapter {
  const readOnly = async () => {
    throw new Error('clients are managed as applications, not through the provider');
  };
  return {
    async find(clientId) {
      // A client_id with a NUL names no application, and PostgreSQL cannot even compare it.
      if (clientId.includes('\u0000')) return undefined;
      const [row] = (await byClientId(db, { clientId })).rows;
      return row ? clientMetadata(row, o) : undefined;
    },
    upsert: readOnly,
    consume: readOnly,
    destroy: readOnly,
    revokeByGrantId: readOnly,
    findByUid: async () => undefined,
    findByUserCode: async () => undefined,
  };
}

/** Portico's metadata on a client the provider loaded (it keeps extra properties under their own names). */
const extra = (client: Client | undefined, key: string) => (client as unknown as Record<string, unknown> | undefined)?.[key];
export const isFirstParty = (client: Client | undefined) => extra(client, FIRST_PARTY_METADATA) === true;
export const applicationIdOf = (client: Client | undefined) => {
  const id = extra(client, APPLICATION_ID_METADATA);
  return typeof id === 'string' ? id : undefined;
};

/** Validates Portico's extra client metadata (oidc-provider strips anything it does not know). */
export function validateExtraClientMetadata(key: string, value: unknown) {
  if (key === FIRST_PARTY_METADATA && typeof value !== 'boolean') throw new TypeError(`${key} must be a boolean`);
  if (key === APPLICATION_ID_METADATA && typeof value !== 'string') throw new TypeError(`${key} must be a string`);
}
