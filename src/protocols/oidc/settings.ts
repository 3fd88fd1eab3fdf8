/** An OpenID Connect application's settings: as the admin API takes them, and as it shows them. */
import { Type, type Static } from '@sinclair/typebox';
import type { ClientType } from './views.ts';

export const CLIENT_TYPES: readonly ClientType[] = ['confidential', 'public'];

const clientType = (description?: string) => Type.Unsafe<ClientType>({ type: 'string', enum: [...CLIENT_TYPES], description });
const uriList = (description: string) => Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 20, description });

/** What an administrator sets (redirect URIs are checked beyond the schema: ./redirect-uris.ts). */
export const OidcSettingsSchema = Type.Object(
  {
    clientType: Type.Optional(clientType('confidential (the default: a client secret is issued) or public (PKCE, no secret)')),
    redirectUris: uriList('Where Portico may send the authorization response: https, or http on a loopback host; matched exactly'),
    postLogoutRedirectUris: Type.Optional(uriList('Where the application may ask people to land after signing out')),
    firstParty: Type.Optional(Type.Boolean({ description: "The organisation's own system: no consent page, sign-out without confirmation" })),
  },
  { additionalProperties: false },
);
export type OidcSettings = Static<typeof OidcSettingsSchema>;

/** What the API shows (never the secret: only whether one is set). */
export const OidcViewSchema = Type.Object({
  clientId: Type.String(),
  clientType: clientType(),
  hasSecret: Type.Boolean(),
  redirectUris: Type.Array(Type.String()),
  postLogoutRedirectUris: Type.Array(Type.String()),
  firstParty: Type.Boolean(),
});
