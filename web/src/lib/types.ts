/**
 * The shapes the Enterprise Center API answers with (see /api/admin/v1/openapi.json). The server's
 * own definitions, from the type-only views.ts beside the code that owns each shape (they import
 * nothing Node- or database-specific); only the console's own types are defined here.
 */
export type { AdminRole } from '../../../src/admin/roles.ts';
export type { Admin } from '../../../src/admin/views.ts';
export type { Page } from '../../../src/store/views.ts';
export type { User, UserStatus, OrgUnit, Binding } from '../../../src/directory/views.ts';
export type { Application, OidcApplication, CasApplication, SamlApplication, LoginMethod, EntryAddress } from '../../../src/applications/views.ts';
export type { ProtocolView, ProtocolEndpoint, ApplicationEndpoints } from '../../../src/protocols/views.ts';
export type { Api, ApiScope, ApiGrant, ApiSigningAlg, ApplicationApiAccess } from '../../../src/apis/views.ts';
export type { SourceView as Source, SourceTypeView, SourceTypesView, SourceFormView, FormFieldView, FormDisplayView, FormSectionView } from '../../../src/sources/views.ts';
export type { ConnectionTestResult, FieldCondition, Localized } from '../../../src/identity/views.ts';
export type { LoginStats } from '../../../src/audit/views.ts';
export type { CodesView } from '../../../src/codes/views.ts';
export type { UserFactors } from '../../../src/factors/views.ts';
export type {
  IdentitySource,
  DingTalkIdentitySourceConfig,
  StreamStatus,
  MatchKey,
  InactivePolicy,
  SyncTransport,
  DingTalkField,
  SyncedAttribute,
  SyncOrigin,
  SyncRun,
  SyncRunMode,
  SyncRunTrigger,
  SyncRunStatus,
  SyncPhase,
  ChangeKind,
  SyncCounts,
  SyncWarning,
  SyncChange,
  SyncEvent,
  IdentitySourceTest,
  UserDirectory,
} from '../../../src/sync/views.ts';
export type { SecondFactorPolicy } from '../../../src/factors/views.ts';
import type { Application } from '../../../src/applications/views.ts';

/** Creating an application, rotating its secret or making it confidential: the secret comes once. */
export interface ApplicationWithSecret {
  application: Application;
  clientSecret?: string;
}

export interface AuditEvent {
  id: number;
  at: string;
  category: string;
  actor: { type: string; id: string | null; name: string | null };
  action: string;
  target: { type: string; id: string | null } | null;
  outcome: 'success' | 'failure';
  reason: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  userAgent: string | null;
}
