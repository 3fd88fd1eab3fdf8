/** The shapes the Enterprise Center API answers with (see /api/admin/v1/openapi.json). */
export type AdminRole = 'super_admin' | 'app_admin' | 'auditor';
export type UserStatus = 'active' | 'disabled' | 'locked';

export interface Admin {
  id: string;
  username: string;
  displayName: string;
  role: AdminRole;
  status: 'active' | 'disabled';
  createdAt: string;
  updatedAt: string;
  lastLoginAt: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  mobile: string | null;
  email: string | null;
  employeeNumber: string | null;
  externalId: string | null;
  status: UserStatus;
  orgUnitId: string;
  hasPassword: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface OrgUnit {
  id: string;
  parentId: string | null;
  name: string;
}

export interface Application {
  id: string;
  kind: 'user_center' | 'oidc';
  builtIn: boolean;
  name: string;
  description: string;
  logoUrl: string | null;
  clientId: string;
  clientType: 'confidential' | 'public';
  hasSecret: boolean;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  firstParty: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Creating an application, rotating its secret or making it confidential: the secret comes once. */
export interface ApplicationWithSecret {
  application: Application;
  clientSecret?: string;
}

export interface LoginMethod {
  sourceId: string;
  type: string;
  name: string;
  enabled: boolean;
  position: number | null;
}

export interface Source {
  id: string;
  type: string;
  name: string;
  config: Record<string, unknown>;
  secretsSet: string[];
  callbackUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ConnectionTestResult {
  ok: boolean;
  code?: string;
  message: string;
  upstreamCode?: string;
  requestId?: string;
}

export interface Binding {
  id: string;
  sourceId: string;
  sourceName: string;
  sourceType: string;
  userId: string;
  subject: string;
  openId: string | null;
  externalUserId: string | null;
  nick: string | null;
  avatarUrl: string | null;
  createdAt: string;
  lastUsedAt: string | null;
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

export interface LoginStats {
  from: string;
  to: string;
  methods: string[];
  days: { date: string; counts: Record<string, number>; total: number }[];
  failures: { reason: string; count: number }[];
  totals: { signIns: number; failures: number };
}
