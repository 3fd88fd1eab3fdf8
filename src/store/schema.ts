/**
 * Row types of every table, shared by all queries. Timestamps are ISO-8601 UTC strings on both
 * dialects (PostgreSQL's timestamptz is parsed back to the same form in `database.ts`); JSON
 * columns are text; flags are integers 0/1 so that SQLite and PostgreSQL read the same values.
 */
import type { Generated } from 'kysely';

export interface OrgUnitTable {
  id: string;
  parent_id: string | null;
  name: string;
  created_at: string;
  updated_at: string;
}

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  mobile: string | null;
  email: string | null;
  employee_number: string | null;
  external_id: string | null;
  status: string;
  password_hash: string | null;
  org_unit_id: string;
  created_at: string;
  updated_at: string;
  /** When the current email / mobile was verified (migration 007); null: not verified. */
  email_verified_at: string | null;
  mobile_verified_at: string | null;
}

/**
 * An application: the columns every one has, then its protocol's (src/protocols/types.ts). `client_id`
 * is its identifier in its protocol (OpenID Connect's client_id), unique; the OpenID Connect settings
 * are the columns after it.
 */
export interface ApplicationTable {
  id: string;
  /** The protocol it speaks (src/protocols/registry.ts): `oidc`. */
  protocol: string;
  /** 1 for the application built into Portico (the User Center). */
  built_in: number;
  /**
   * Before migration 006: `user_center` for the built-in application, else its protocol. Still written,
   * for nodes of the previous version during a rolling upgrade; read by nothing.
   */
  kind: string;
  name: string;
  description: string;
  logo_url: string | null;
  client_id: string;
  client_type: string;
  client_secret_enc: string | null;
  redirect_uris: string;
  post_logout_redirect_uris: string;
  first_party: number;
  /**
   * The protocol's further settings, as JSON, read by the protocol (migration 008; OpenID Connect's:
   * src/protocols/oidc/advanced-defaults.ts). `{}` for an application that set none.
   */
  protocol_settings: string;
  /** Its second-factor policy, JSON (migration 013; src/factors/policy.ts); `{}`: never. */
  second_factor: string;
  /** 1 when the User Center's "My applications" lists it (migration 015). */
  in_portal: number;
  created_at: string;
  updated_at: string;
}

export interface LoginConfigurationTable {
  application_id: string;
  source_id: string;
  position: number;
}

export interface AuthSourceTable {
  id: string;
  type: string;
  name: string;
  config: string;
  secrets_enc: string | null;
  created_at: string;
  updated_at: string;
}

export interface BindingTable {
  id: string;
  source_id: string;
  user_id: string;
  subject: string;
  open_id: string | null;
  external_user_id: string | null;
  nick: string | null;
  avatar_url: string | null;
  created_at: string;
  last_used_at: string | null;
}

export interface AdminTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  status: string;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
}

export interface AdminSessionTable {
  id: string;
  admin_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface AuditEventTable {
  id: Generated<number>;
  at: string;
  category: string;
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  outcome: string;
  reason: string | null;
  /** Login events that end a sign-in attempt: the source type it was made with. */
  method: string | null;
  before: string | null;
  after: string | null;
  ip: string | null;
  user_agent: string | null;
}

/** Login events counted per 15-minute slot (migration 018 keeps them by trigger; src/audit/login-stats.ts reads them). */
export interface LoginStatsTable {
  /** The slot's start, UTC. */
  bucket: string;
  kind: 'signin' | 'failure' | 'factor_failure';
  /** The method (signin) or reason (failures). */
  key: string;
  n: number;
}

export interface ShortLivedTable {
  key: string;
  value: string;
  expires_at: string;
}

/** oidc-provider artifacts (codes, tokens, grants, sessions, interactions) when Redis is not configured. */
export interface OidcArtifactTable {
  model: string;
  id: string;
  payload: string;
  grant_id: string | null;
  uid: string | null;
  user_code: string | null;
  expires_at: string | null;
  consumed_at: string | null;
}

/** A provider session and the SSO session (and user) it belongs to (migration 011; src/oidc/logout/session-links.ts). */
export interface OidcSessionLinkTable {
  /** The provider session's uid: it keeps it while its id changes at each sign-in. */
  session_uid: string;
  user_id: string;
  /** The SSO session's id (src/login/session.ts: the hash of its token). */
  sso_session_id: string;
  expires_at: string;
}

export interface OidcSigningKeyTable {
  kid: string;
  alg: string;
  /** The private JWK, sealed by the secret box. */
  private_jwk_enc: string;
  created_at: string;
  /** 1 while the key is published without signing, until it is activated (or discarded unused). */
  is_next: Generated<number>;
  /** When it started signing; null while it is a next key (and for a key inserted by a node of a version before 010). */
  activated_at: string | null;
  /** Null while the key signs; otherwise it stays published until then. */
  retire_after: string | null;
}

/** A registered API, an OAuth resource server (migration 009; src/apis/). */
export interface ApiTable {
  id: string;
  name: string;
  /** Its resource indicator (RFC 8707): unique, the `aud` of its access tokens. */
  identifier: string;
  description: string;
  /** Its scopes, as JSON `[{ name, description }]`. */
  scopes: string;
  access_token_lifetime_seconds: number;
  signing_alg: string;
  created_at: string;
  updated_at: string;
}

/** Which scopes of an API an application may be granted, as a JSON array of names. */
export interface ApplicationApiAccessTable {
  application_id: string;
  api_id: string;
  scopes: string;
}

/** Directory sync (migration 012; src/sync/). */
export interface IdentitySourceTable {
  id: string;
  type: string;
  name: string;
  enabled: number;
  config: string;
  secrets_enc: string | null;
  last_scheduled_at: string | null;
  stream_state: string;
  stream_holder: string | null;
  stream_since: string | null;
  stream_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface SyncRunTable {
  id: string;
  source_id: string | null;
  origin: string;
  mode: string;
  trigger: string;
  status: string;
  phase: string;
  progress_done: number;
  progress_total: number | null;
  counts: string;
  complete: number;
  warnings: string;
  error: string | null;
  label: string | null;
  requested_by: string | null;
  options: string;
  started_at: string;
  finished_at: string | null;
  heartbeat_at: string | null;
}

export interface SyncChangeTable {
  run_id: string;
  seq: number;
  kind: string;
  external_id: string;
  user_id: string | null;
  org_unit_id: string | null;
  name: string;
  before: string | null;
  after: string | null;
  problem: string | null;
  applied: number;
}

export interface SyncStagedPersonTable {
  run_id: string;
  external_id: string;
  match_value: string | null;
  data: string;
}

export interface SyncStagedDepartmentTable {
  run_id: string;
  external_id: string;
  parent_external_id: string | null;
  name: string;
  position: number;
}

export interface SyncUserLinkTable {
  source_id: string;
  external_id: string;
  user_id: string;
  left_at: string | null;
}

export interface SyncUnitLinkTable {
  source_id: string;
  external_id: string;
  org_unit_id: string;
}

export interface UserOrgMembershipTable {
  user_id: string;
  org_unit_id: string;
}

export interface SyncEventTable {
  id: string;
  source_id: string;
  dedupe_key: string;
  received_at: string;
  transport: string;
  event_type: string;
  ids: string;
  status: string;
  detail: string | null;
}

/** Second factors (migration 013; src/factors/). */
export interface UserFactorTable {
  id: string;
  user_id: string;
  type: string;
  name: string;
  secret_enc: string;
  last_step: number | null;
  created_at: string;
  confirmed_at: string | null;
  last_used_at: string | null;
  /** A passkey's WebAuthn credential id (base64url); null for other factors. */
  credential_id: string | null;
}

export interface SamlSigningKeyTable {
  id: string;
  /** PKCS #8 PEM, sealed by the secret box. */
  private_key_enc: string;
  /** Its self-signed X.509 certificate, PEM. */
  certificate: string;
  state: 'active' | 'next' | 'retired';
  created_at: string;
  /** When it started signing (migration 017); null for a next key, one discarded unused, or one a node before 017 inserted. */
  activated_at: string | null;
  retire_after: string | null;
}

export interface UserRecoveryCodeTable {
  user_id: string;
  code_hash: string;
  used_at: string | null;
}

export interface LeaseTable {
  name: string;
  holder: string;
  expires_at: string;
}

export interface Database {
  short_lived: ShortLivedTable;
  oidc_artifacts: OidcArtifactTable;
  oidc_signing_keys: OidcSigningKeyTable;
  oidc_session_links: OidcSessionLinkTable;
  org_units: OrgUnitTable;
  users: UserTable;
  applications: ApplicationTable;
  login_configurations: LoginConfigurationTable;
  auth_sources: AuthSourceTable;
  bindings: BindingTable;
  admins: AdminTable;
  admin_sessions: AdminSessionTable;
  audit_events: AuditEventTable;
  apis: ApiTable;
  application_api_access: ApplicationApiAccessTable;
  identity_sources: IdentitySourceTable;
  sync_runs: SyncRunTable;
  sync_changes: SyncChangeTable;
  sync_staged_people: SyncStagedPersonTable;
  sync_staged_departments: SyncStagedDepartmentTable;
  sync_user_links: SyncUserLinkTable;
  sync_unit_links: SyncUnitLinkTable;
  user_org_memberships: UserOrgMembershipTable;
  sync_events: SyncEventTable;
  leases: LeaseTable;
  user_factors: UserFactorTable;
  user_recovery_codes: UserRecoveryCodeTable;
  saml_signing_keys: SamlSigningKeyTable;
  login_stats: LoginStatsTable;
}
