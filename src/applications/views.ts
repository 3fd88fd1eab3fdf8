/**
 * Applications' answer shapes (the application, its Login Configuration), as the Enterprise Center
 * API sends them. Type-only, importing only other views, so the console (web/src/lib/types.ts) shares them.
 */
import type { OidcApplicationSettings } from '../protocols/oidc/views.ts';
import type { CasApplicationSettings } from '../protocols/cas/views.ts';
import type { SamlApplicationSettings } from '../protocols/saml/views.ts';
import type { SecondFactorPolicy } from '../factors/views.ts';

/** What every application has, whatever its protocol. */
export interface ApplicationCommon {
  id: string;
  /** The protocol it speaks with Portico (GET /protocols): `oidc`. */
  protocol: string;
  /** Built into Portico (the User Center): not deletable, its protocol settings managed by Portico. */
  builtIn: boolean;
  /** Before protocols: `user_center` for the built-in application, else its protocol. `builtIn` and `protocol` say it. */
  kind: string;
  name: string;
  description: string;
  logoUrl: string | null;
  /** When signing in to it needs a second factor (src/factors/). */
  secondFactor: SecondFactorPolicy;
  /** Listed in the User Center's "My applications" (where it has an address that starts its sign-in). */
  inPortal: boolean;
  createdAt: string;
  updatedAt: string;
}


/** An application as the API shows it: its own fields and its protocol's (src/protocols/<protocol>/views.ts), told apart by `protocol`. */
export type OidcApplication = ApplicationCommon & { protocol: 'oidc' } & OidcApplicationSettings;
export type CasApplication = ApplicationCommon & { protocol: 'cas' } & CasApplicationSettings;
export type SamlApplication = ApplicationCommon & { protocol: 'saml' } & SamlApplicationSettings;
export type Application = OidcApplication | CasApplication | SamlApplication;

/** One authentication source in an application's Login Configuration. */
export interface LoginMethod {
  sourceId: string;
  type: string;
  name: string;
  enabled: boolean;
  /** 0-based order on the login page; null when disabled. */
  position: number | null;
  /** Enabled, of a type whose upstream opens applications itself (a DingTalk workbench): the address to register there. */
  entryUrl?: string;
}

/** GET /sources/{id}/entry-addresses: the address to register in the upstream for each application that enables the source. */
export interface EntryAddress {
  applicationId: string;
  applicationName: string;
  url: string;
}
