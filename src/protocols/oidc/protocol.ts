/**
 * OpenID Connect, the first protocol: an application is a client of Portico's provider (src/oidc/),
 * confidential (with a client secret) or public (PKCE), with its exact redirect URIs.
 */
import { randomBytes } from 'node:crypto';
import { conflict } from '../../errors.ts';
import type { ApplicationTable } from '../../store/schema.ts';
import type { ApplicationProtocol, ProtocolColumns } from '../types.ts';
import { newClientSecret } from './client-secret.ts';
import { checkRedirectUris } from './redirect-uris.ts';
import { interactionPath, providerEndpoints } from './endpoints.ts';
import { OidcSettingsSchema, OidcViewSchema, type OidcSettings } from './settings.ts';
import type { ClientType, OidcApplicationSettings } from './views.ts';

/** Client ids are random, not derived from the name: nothing to guess, nothing to collide on rename. */
const CLIENT_ID_BYTES = 12;

/** An application's OpenID Connect settings, read from its row: what the API shows, and what the provider's client is made of. */
export function oidcSettingsOf(row: ApplicationTable): OidcApplicationSettings {
  return {
    clientId: row.client_id,
    clientType: row.client_type as ClientType,
    hasSecret: row.client_secret_enc !== null,
    redirectUris: JSON.parse(row.redirect_uris),
    postLogoutRedirectUris: JSON.parse(row.post_logout_redirect_uris),
    firstParty: row.first_party === 1,
  };
}

const uriColumn = (list: string[], field: string) => JSON.stringify(checkRedirectUris(list, field));

export const oidcProtocol: ApplicationProtocol<OidcSettings> = {
  name: 'oidc',
  label: 'OpenID Connect',
  settingsSchema: OidcSettingsSchema,
  viewSchema: OidcViewSchema,

  create(settings, { applicationId, secretBox }) {
    const clientType = settings.clientType ?? 'confidential';
    const secret = clientType === 'confidential' ? newClientSecret(secretBox, applicationId) : undefined;
    const columns: ProtocolColumns = {
      client_id: randomBytes(CLIENT_ID_BYTES).toString('base64url'),
      client_type: clientType,
      client_secret_enc: secret?.sealed ?? null,
      redirect_uris: uriColumn(settings.redirectUris, '/redirectUris'),
      post_logout_redirect_uris: uriColumn(settings.postLogoutRedirectUris ?? [], '/postLogoutRedirectUris'),
      first_party: settings.firstParty ? 1 : 0,
    };
    return { columns, secret: secret?.secret };
  },

  change(row, settings, { applicationId, secretBox }) {
    const columns: Partial<ProtocolColumns> = {};
    if (settings.redirectUris !== undefined) columns.redirect_uris = uriColumn(settings.redirectUris, '/redirectUris');
    if (settings.postLogoutRedirectUris !== undefined) columns.post_logout_redirect_uris = uriColumn(settings.postLogoutRedirectUris, '/postLogoutRedirectUris');
    if (settings.firstParty !== undefined) columns.first_party = settings.firstParty ? 1 : 0;
    if (settings.clientType === undefined || settings.clientType === row.client_type) return { columns };
    // Becoming public drops the secret; becoming confidential issues one, shown once.
    columns.client_type = settings.clientType;
    if (settings.clientType === 'public') return { columns: { ...columns, client_secret_enc: null } };
    const secret = newClientSecret(secretBox, applicationId);
    return { columns: { ...columns, client_secret_enc: secret.sealed }, secret: secret.secret };
  },

  rotateSecret(row, { applicationId, secretBox }) {
    if (row.client_type !== 'confidential') throw conflict('application.public_client', 'Public clients have no secret; they authenticate with PKCE.');
    const secret = newClientSecret(secretBox, applicationId);
    return { columns: { client_secret_enc: secret.sealed }, secret: secret.secret };
  },

  view: oidcSettingsOf,

  endpoints(row, publicUrl) {
    return [{ key: 'clientId', value: row.client_id }, ...providerEndpoints(publicUrl)];
  },

  resumePath: interactionPath,
};
