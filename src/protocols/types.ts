/**
 * The protocols applications speak with Portico, as one contract. An application has one protocol
 * (OpenID Connect today; SAML 2.0 and CAS next). Its login page, that page's Login Configuration and
 * the SSO session are every protocol's; a protocol brings its settings (schema, checks, how they are
 * stored and shown), what an administrator registers in the application (Portico's endpoints for it),
 * and where a sign-in the application asked for resumes. The applications store, the admin API, the
 * login page and the SSO session work on this contract and name no protocol.
 *
 * How a finished sign-in goes back to the application, the same for every protocol: the protocol's own
 * route receives the application's request and sends the browser to the application's login page,
 * naming the application by its Portico id, with `return_to` set to `resumePath(…)`
 * (`loginPageHref`, src/login/context.ts). The login page signs the person in as the application's
 * Login Configuration allows and starts the SSO session, then returns the browser there, where the
 * protocol answers the application from the SSO session (OpenID Connect: the provider's interaction,
 * src/oidc/interaction.ts).
 */
import type { TObject } from '@sinclair/typebox';
import type { SecretBox } from '../crypto/secret-box.ts';
import type { ApplicationTable } from '../store/schema.ts';
import type { ProtocolEndpoint } from './views.ts';

/** The columns every application has, whatever its protocol: the applications store writes them. */
export type CommonColumn = 'id' | 'protocol' | 'built_in' | 'kind' | 'name' | 'description' | 'logo_url' | 'second_factor' | 'in_portal' | 'created_at' | 'updated_at';
/**
 * The columns a protocol writes. `client_id` is the application's identifier in its protocol (OpenID
 * Connect's client_id), unique, and accepted by the login page's `?app=` besides the Portico id.
 */
export type ProtocolColumns = Omit<ApplicationTable, CommonColumn>;

/** What a protocol writes for a new or changed application, and a secret it issued (shown to the admin once). */
export interface ProtocolWrite<Columns> {
  columns: Columns;
  secret?: string;
}

/** What a protocol's rules are given: the application's Portico id, and the box that seals its secrets. */
export interface ProtocolContext {
  applicationId: string;
  secretBox: SecretBox;
}

export interface ApplicationProtocol<Settings = any> {
  /** Stored with each application and named by the API (`protocol`): `oidc`. */
  name: string;
  /** What administrators call it: `OpenID Connect`. */
  label: string;
  /**
   * The protocol's settings, as the admin API takes them beside an application's name: all of them when
   * it is created (those it requires, required), any of them when it is changed. No defaults in the
   * schema: a change must not reset what it leaves out; `create` applies them.
   */
  settingsSchema: TObject;
  /** The protocol's part of an application as the API shows it (never a secret). */
  viewSchema: TObject;
  /** Checked settings of a new application → its row's protocol columns, and a secret to show once. */
  create(settings: Settings, c: ProtocolContext): ProtocolWrite<ProtocolColumns>;
  /** Checked settings to change (the ones given) → the columns that change, and a secret when one was issued. */
  change(row: ApplicationTable, settings: Partial<Settings>, c: ProtocolContext): ProtocolWrite<Partial<ProtocolColumns>>;
  /** Present on protocols whose applications hold a secret: a new one, the old one stops working. */
  rotateSecret?(row: ApplicationTable, c: ProtocolContext): ProtocolWrite<Partial<ProtocolColumns>>;
  /** The protocol's part of an application as the API shows it, matching `viewSchema`. */
  view(row: ApplicationTable): object;
  /** What an administrator registers in the application: Portico's addresses and identifiers for it. */
  endpoints(row: ApplicationTable, publicUrl: string): ProtocolEndpoint[];
  /** Where a sign-in the application asked for resumes once the person is signed in, for the protocol's request `handle`. */
  resumePath(handle: string): string;
  /**
   * Where a sign-in that started at Portico rather than at the application (a DingTalk workbench tile)
   * continues once the person is signed in: an address at the application that makes it start its own
   * sign-in, which the SSO session then answers at once (/login/continue); undefined when it registered none.
   */
  continueUrl(row: ApplicationTable, publicUrl: string): string | undefined;
  /**
   * Whether people sign in to the application (an OpenID Connect machine-to-machine client does not):
   * only then does it have a login page and a Login Configuration.
   */
  signsPeopleIn(row: ApplicationTable): boolean;
}
