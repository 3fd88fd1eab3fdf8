/**
 * The kinds of sign-in source, as one contract. Every source type declares its configuration (schema,
 * secrets, trust settings, checks). A type that signs people in through another system (DingTalk, an
 * OpenID Connect identity provider) also declares `external`: how a sign-in starts, how the answer is
 * read into a normalized external identity, what its failures mean, and its Test connection. Its `form`
 * tells the console how to ask for the configuration. The login routes, the binding rules and the
 * console work on this contract and name no type.
 */
import type { TObject } from '@sinclair/typebox';
import type { CodeTable, Texts } from '../codes/entry.ts';
import type { Html } from '../pages/html.ts';
import type { Messages, Translate } from '../pages/i18n.ts';
import type { ShortLivedStore } from '../store/short-lived.ts';
import type { PorticoMetrics } from '../metrics/portico.ts';
import type { ConnectionTestResult } from './views.ts';
import type { SourceForm } from './form.ts';
import type { SourcePolicy } from './views.ts';

export type { SourcePolicy };

/** Lookups a type's rules need, provided by the caller so the rules stay free of SQL; and the operator's policy. */
export interface SourceRefs {
  assertOrgUnit(id: string, field: string): Promise<void>;
  policy: SourcePolicy;
}

export interface SourceType<C = any> {
  type: string;
  label: string;
  /** Only one source of this type may exist (password, sms). */
  singleton: boolean;
  /** Every field of the configuration, secrets included (they are split off before storing). */
  configSchema: TObject;
  /** Fields encrypted at rest and never returned by any API. */
  secretFields: readonly string[];
  /** Fields only a super admin may set or change (src/sources/trust-rules.ts). */
  trustFields: readonly string[];
  /** Rules across fields and references, beyond what the schema says. */
  check(config: C, refs: SourceRefs): Promise<void>;
  /**
   * Rules about the trust settings together, checked when they are set (a new source) or changed, so
   * that an older source can still be renamed by an admin who may not touch them.
   */
  checkTrust?(config: C): void;
  /** Present on types that sign people in through another system. */
  external?: ExternalSignIn<C>;
  /** Present on types that sign people in on the login page itself (password, SMS code, passkey): the form it shows there. */
  panel?: SignInPanel;
  /**
   * What the type says on pages, in both languages, under its own keys: `source.<type>` (its name, also in the console),
   * `method.<type>` (its tab on the login page), `reason.<type>.*` (its failures); `bind.intro.<type>`
   * may replace the binding page's introduction.
   */
  messages?: Messages;
  /**
   * Its own codes (in a codes.ts in its folder), with words for administrators in both languages: the
   * errors it raises, with their kinds, and the audit reasons it records, beyond those every type, or
   * every external type, has (src/codes/templates.ts). The registry (./codes.ts) refuses a code defined twice.
   */
  codes?: CodeTable;
  /**
   * How the console asks for the configuration (src/identity/form.ts): labels, help and layout in both
   * languages. Without it the console has nothing to configure (the built-in types).
   */
  form?: SourceForm;
}

/** What a type's form on the login page is drawn with: the hidden fields every login form posts, and what the person typed before. */
export interface SignInPanelModel {
  /** The application, where to go next, and the CSRF token, as hidden fields. */
  fields: Html;
  username?: string;
  phone?: string;
  resendAfterSec?: number;
}

export interface SignInPanel {
  render(t: Translate, m: SignInPanelModel): Html;
  /** The scripts the form needs, served under /assets/. */
  scripts?: readonly string[];
}

/** The Portico user fields an external attribute may be matched with (User Association Attribute). */
export const USER_ATTRIBUTES = ['mobile', 'email', 'username', 'employeeNumber', 'externalId'] as const;
export type UserAttribute = (typeof USER_ATTRIBUTES)[number];

/** What the node gives a type to do its work: shared state, logs, metrics. */
export interface ExternalDeps {
  shortLived: ShortLivedStore;
  /** The node's logger (pino): an upstream's retries and failures are logged by what calls it. */
  logger: { debug(obj: Record<string, unknown>, msg: string): void; warn(obj: Record<string, unknown>, msg: string): void };
  metrics?: PorticoMetrics;
  policy: SourcePolicy;
}

/** One sign-in, as far as a type needs to know it. */
export interface SignInContext<C> {
  sourceId: string;
  config: C;
  deps: ExternalDeps;
  /** Where the upstream sends the browser back: this source's callback URL. */
  redirectUri: string;
  /** The browser's User-Agent: a type may start differently inside an upstream's own app (DingTalk's client). */
  userAgent?: string;
}

/** What starting a sign-in does: send the browser to the upstream, or show a page (an embedded QR code). */
export type SignInStart = (
  | { kind: 'redirect'; url: string }
  | {
      kind: 'page';
      body: (t: Translate) => Html;
      /** Scripts the page loads (served from the type's `assets`). */
      scripts: string[];
      /** Origins the page may frame (an upstream's QR frame). */
      frameOrigins: string[];
      /** Origins besides Portico's own the page may load scripts from (an upstream's JSAPI). */
      scriptOrigins?: string[];
      /** Origins besides Portico's own the page's scripts may talk to (fetch, XHR). */
      connectOrigins?: string[];
    }
) & {
  /** The reason code of the start event, one of the type's codes (e.g. `dingtalk.qr_shown`). */
  reason: string;
  /** Kept with the login transaction and handed back to `complete` (a PKCE verifier, a nonce). */
  carry?: unknown;
  /**
   * The sign-in method this attempt is recorded under when the type has more than one (one of its
   * `methods`: DingTalk's in-app sign-in); the type itself otherwise.
   */
  method?: string;
};

/**
 * The person the upstream vouches for, normalized. `attributes` holds what the type can offer for
 * association, already in Portico's forms (phones in E.164, emails lower-cased); `verified` names the
 * ones the upstream verified: auto-bind matches only on those (account pre-hijacking: an address
 * nobody proved is nobody's).
 */
export interface ExternalIdentity {
  /** Stable and unique within the source: the binding's key (DingTalk's unionId, an IdP's sub). */
  subject: string;
  /** Kept on the binding for administrators: another id the upstream uses, and the organisation's id. */
  openId?: string;
  externalUserId?: string;
  displayName?: string;
  avatarUrl?: string;
  attributes: Partial<Record<string, string>>;
  verified: readonly string[];
  /** For "create a new account": what the new user is called and can be reached at (verified values only). */
  profile: { name?: string; mobile?: string; email?: string; employeeNumber?: string };
  /**
   * The email and mobile the upstream itself states it verified as this person's (an IdP's
   * `email_verified`, `phone_number_verified`): the Portico user who signs in with this identity and
   * holds the same value gets it marked verified (src/login/verified-contacts.ts). Only what the upstream
   * says in so many words; absent when it says nothing of the kind.
   */
  proven?: { email?: string; mobile?: string };
}

export interface ExternalSignIn<C> {
  /** The association attributes this type can offer, each with the Portico user fields it may be matched with. */
  attributes: Readonly<Record<string, readonly UserAttribute[]>>;
  /** Starts a sign-in for the login transaction whose `state` is given; `query` is the start request's (a page's own fallback). */
  start(c: SignInContext<C> & { state: string; appName: string; backHref: string; query: Record<string, unknown> }): Promise<SignInStart>;
  /** Reads the upstream's answer (the callback's query) into the person it vouches for. */
  complete(c: SignInContext<C> & { query: Record<string, unknown>; carry: unknown }): Promise<ExternalIdentity>;
  /** The type's own failures as PorticoErrors with the reason codes people see; anything else unchanged. */
  failure(error: unknown): unknown;
  /** "Test connection": reaches the upstream with the stored configuration and says what is wrong. */
  testConnection(c: { sourceId: string; config: C; deps: ExternalDeps }): Promise<ConnectionTestResult>;
  /** Files its pages load, served at /assets/<name>. */
  assets?: URL[];
  /** Sign-in methods it records besides its own type (SignInStart's `method`), with their names in both languages. */
  methods?: Readonly<Record<string, Texts>>;
}
