/**
 * OpenID Connect, the first protocol: an application is a client of Portico's provider (src/oidc/),
 * confidential (with a client secret) or public (PKCE), with its exact redirect URIs, or a machine that
 * signs no one in (client credentials, ./client-types.ts); its further
 * settings (client authentication, ID token algorithm, token lifetimes, PKCE, PAR, logout URIs) are in
 * its protocol settings (./advanced-defaults.ts, ./advanced-settings.ts).
 */
import { randomBytes } from 'node:crypto';
import { conflict, invalid } from '../../errors.ts';
import type { ApplicationTable } from '../../store/schema.ts';
import type { ApplicationProtocol, ProtocolColumns } from '../types.ts';
import { newClientSecret } from './client-secret.ts';
import { checkRedirectUris } from './redirect-uris.ts';
import { hasClientSecret, signsPeopleIn as clientTypeSignsPeopleIn } from './client-types.ts';
import { interactionPath, issuerOf, providerEndpoints } from './endpoints.ts';
import { initiateLoginUrl } from './initiate-login.ts';
import { OidcSettingsSchema, OidcViewSchema, type OidcSettings } from './settings.ts';
import { advancedSettingsOf } from './advanced-defaults.ts';
import { changedAdvancedSettings } from './advanced-settings.ts';
import type { ClientType, OidcApplicationSettings } from './views.ts';

/** Client ids are random, not derived from the name: nothing to guess, nothing to collide on rename. */
const CLIENT_ID_BYTES = 12;

/** An application's OpenID Connect settings, read from its row: what the API shows, and what the provider's client is made of. */
export function oidcSettingsOf(row: ApplicationTable): OidcApplicationSettings {
  const clientType = row.client_type as ClientType;
  return {
    clientId: row.client_id,
    clientType,
    hasSecret: row.client_secret_enc !== null,
    redirectUris: JSON.parse(row.redirect_uris),
    postLogoutRedirectUris: JSON.parse(row.post_logout_redirect_uris),
    firstParty: row.first_party === 1,
    ...advancedSettingsOf(row.protocol_settings, clientType),
  };
}

/**
 * The URIs must fit the client: a machine-to-machine client has none to send a browser to or to tell of
 * a sign-out; a front-channel logout URI has the scheme, host and port of one of the redirect URIs
 * (Front-Channel Logout 1.0 §2: "MUST be the same as that of a registered Redirection URI value").
 */
function checkUris(clientType: ClientType, uris: { redirectUris: string[]; postLogoutRedirectUris: string[] }, protocolSettings: string) {
  const { backchannelLogoutUri, frontchannelLogoutUri, initiateLoginUri } = advancedSettingsOf(protocolSettings, clientType);
  if (!clientTypeSignsPeopleIn(clientType)) {
    const listed = (uri: string | null) => (uri ? [uri] : []);
    const present = { ...uris, backchannelLogoutUri: listed(backchannelLogoutUri), frontchannelLogoutUri: listed(frontchannelLogoutUri), initiateLoginUri: listed(initiateLoginUri) };
    for (const [field, list] of Object.entries(present)) {
      if (list.length) throw invalid('application.machine_uris', 'A machine-to-machine application signs no one in: it has no redirect, logout or initiate login URIs.', `/${field}`);
    }
    return;
  }
  if (frontchannelLogoutUri && !uris.redirectUris.some((uri) => new URL(uri).origin === new URL(frontchannelLogoutUri).origin)) {
    throw invalid('application.frontchannel_logout_origin', 'A front-channel logout URI must have the scheme, host and port of one of the redirect URIs.', '/frontchannelLogoutUri');
  }
}

const uriColumn = (list: string[], field: string) => JSON.stringify(checkRedirectUris(list, field));

/** The settings kept in the protocol settings column: all but the client type, URIs and first-party flag, which have columns of their own. */
function advancedOf({ clientType: _t, redirectUris: _r, postLogoutRedirectUris: _p, firstParty: _f, ...advanced }: Partial<OidcSettings>) {
  return advanced;
}

export const oidcProtocol: ApplicationProtocol<OidcSettings> = {
  name: 'oidc',
  label: 'OpenID Connect',
  settingsSchema: OidcSettingsSchema,
  viewSchema: OidcViewSchema,

  create(settings, { applicationId, secretBox }) {
    const clientType = settings.clientType ?? 'confidential';
    const firstParty = settings.firstParty ?? false;
    const secret = hasClientSecret(clientType) ? newClientSecret(secretBox, applicationId) : undefined;
    const protocolSettings = changedAdvancedSettings(undefined, advancedOf(settings), { clientType, clientTypeChanged: false, firstParty });
    checkUris(clientType, { redirectUris: settings.redirectUris, postLogoutRedirectUris: settings.postLogoutRedirectUris ?? [] }, protocolSettings);
    const columns: ProtocolColumns = {
      client_id: randomBytes(CLIENT_ID_BYTES).toString('base64url'),
      client_type: clientType,
      client_secret_enc: secret?.sealed ?? null,
      redirect_uris: uriColumn(settings.redirectUris, '/redirectUris'),
      post_logout_redirect_uris: uriColumn(settings.postLogoutRedirectUris ?? [], '/postLogoutRedirectUris'),
      first_party: firstParty ? 1 : 0,
      protocol_settings: protocolSettings,
    };
    return { columns, secret: secret?.secret };
  },

  change(row, settings, { applicationId, secretBox }) {
    const columns: Partial<ProtocolColumns> = {};
    if (settings.redirectUris !== undefined) columns.redirect_uris = uriColumn(settings.redirectUris, '/redirectUris');
    if (settings.postLogoutRedirectUris !== undefined) columns.post_logout_redirect_uris = uriColumn(settings.postLogoutRedirectUris, '/postLogoutRedirectUris');
    if (settings.firstParty !== undefined) columns.first_party = settings.firstParty ? 1 : 0;
    const clientType = settings.clientType ?? (row.client_type as ClientType);
    const firstParty = settings.firstParty ?? row.first_party === 1;
    const clientTypeChanged = clientType !== row.client_type;
    // Checked on every change (a first-party flag turned off may forbid a stored setting); written only when it differs.
    const protocolSettings = changedAdvancedSettings(row.protocol_settings, advancedOf(settings), { clientType, clientTypeChanged, firstParty });
    if (protocolSettings !== row.protocol_settings) columns.protocol_settings = protocolSettings;
    checkUris(
      clientType,
      { redirectUris: settings.redirectUris ?? JSON.parse(row.redirect_uris), postLogoutRedirectUris: settings.postLogoutRedirectUris ?? JSON.parse(row.post_logout_redirect_uris) },
      protocolSettings,
    );
    if (!clientTypeChanged) return { columns };
    // Becoming public drops the secret; a type that has one keeps its own, or is issued one, shown once.
    columns.client_type = clientType;
    if (!hasClientSecret(clientType)) return { columns: { ...columns, client_secret_enc: null } };
    if (row.client_secret_enc) return { columns };
    const secret = newClientSecret(secretBox, applicationId);
    return { columns: { ...columns, client_secret_enc: secret.sealed }, secret: secret.secret };
  },

  rotateSecret(row, { applicationId, secretBox }) {
    if (!hasClientSecret(row.client_type as ClientType)) throw conflict('application.public_client', 'Public clients have no secret; they authenticate with PKCE.');
    const secret = newClientSecret(secretBox, applicationId);
    return { columns: { client_secret_enc: secret.sealed }, secret: secret.secret };
  },

  view: oidcSettingsOf,

  endpoints(row, publicUrl) {
    return [{ key: 'clientId', value: row.client_id }, ...providerEndpoints(publicUrl)];
  },

  resumePath: interactionPath,
  continueUrl(row, publicUrl) {
    const { initiateLoginUri } = advancedSettingsOf(row.protocol_settings, row.client_type as ClientType);
    return initiateLoginUri ? initiateLoginUrl(initiateLoginUri, issuerOf(publicUrl)) : undefined;
  },
  signsPeopleIn: (row) => clientTypeSignsPeopleIn(row.client_type as ClientType),
};
